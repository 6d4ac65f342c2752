package import HighLevelAPI
package import LosslessJSON
package import Logging

/// Thrown by ``OutageGate/admit(call:)`` once an outage has lasted longer than its timeout.
package struct OutageGivenUp: Error, Sendable, Equatable {
    /// When the API stopped answering.
    package let since: Timestamp
    /// The last error it gave.
    package let lastError: HighLevelAPIError?
    /// How long the run waited.
    package let timeout: Duration
}

/// The one place a run notices that the API as a whole is failing: every ``PacedCall`` asks it before sending
/// and tells it what the answer was. The rules are ``OutageState``'s; this actor sleeps, logs, and shows the
/// wait in ``SyncProgress``.
package actor OutageGate<C: Clock> where C.Duration == Duration {
    private var state: OutageState
    private let clock: C
    private let start: C.Instant
    private let wallStart: Timestamp
    private let logger: Logger
    private let progress: SyncProgress
    private var calls = 0

    package init(timeout: Duration, clock: C, logger: Logger, progress: SyncProgress) {
        state = OutageState(timeout: timeout)
        self.clock = clock
        start = clock.now
        wallStart = .now()
        self.logger = logger
        self.progress = progress
    }

    /// A number for one call, to tell calls apart.
    package func newCall() -> Int {
        calls += 1
        return calls
    }

    /// Returns when call `call` may send: at once while the API answers; during an outage, when it is the
    /// probe. Throws ``OutageGivenUp`` once the outage outlasted its timeout, and `CancellationError`.
    package func admit(call: Int) async throws {
        while true {
            try Task.checkCancellation()
            switch state.admit(call: call, now: elapsed()) {
            case .send, .probe:
                return
            case .wait(let until):
                do {
                    try await clock.sleep(for: max(until - elapsed(), .milliseconds(1)), tolerance: nil)
                } catch {
                    state.abandon(call: call)
                    throw error
                }
            case .givenUp:
                throw OutageGivenUp(since: wallTime(state.since ?? .zero), lastError: state.lastError, timeout: state.timeout)
            }
        }
    }

    /// Learns from call `call`'s answer (`error` nil when it succeeded or was not outage evidence); returns
    /// whether an outage is in effect.
    @discardableResult
    package func record(call: Int, error: HighLevelAPIError?) -> Bool {
        let wasOutage = state.isOutage
        let isOutage = state.record(call: call, error: error, now: elapsed())
        if isOutage, !wasOutage, let since = state.since {
            let time = wallTime(since)
            progress.setWaitingForAPI(since: time)
            logger.warning("the API is not answering; holding every request and probing until it does", metadata: [
                "since": "\(time)", "error": "\(state.lastError.map { "\($0)" } ?? "-")",
                "outage_timeout_seconds": "\(state.timeout.components.seconds)",
            ])
        } else if wasOutage, !isOutage {
            progress.setWaitingForAPI(since: nil)
            logger.notice("the API answers again; resuming")
        }
        return isOutage
    }

    /// Forgets a call that ended without an answer.
    package func abandon(call: Int) {
        state.abandon(call: call)
    }

    private func elapsed() -> Duration {
        start.duration(to: clock.now)
    }

    private func wallTime(_ offset: Duration) -> Timestamp {
        wallStart.advanced(by: offset)
    }
}
