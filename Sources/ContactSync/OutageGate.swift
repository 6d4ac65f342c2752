package import HighLevelAPI
package import LosslessJSON
package import Logging
import Synchronization

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
/// and tells it what the answer was. The rules are ``OutageState``'s; this sleeps, logs, and shows the wait in
/// ``SyncProgress``. A mutex rather than an actor: while the API answers, asking and telling cost a lock each.
package final class OutageGate<C: Clock>: Sendable where C.Duration == Duration {
    private let state: Mutex<OutageState>
    private let clock: C
    private let start: C.Instant
    private let wallStart: Timestamp
    private let logger: Logger
    private let progress: SyncProgress
    private let calls = Atomic<Int>(0)

    package init(timeout: Duration, clock: C, logger: Logger, progress: SyncProgress) {
        state = Mutex(OutageState(timeout: timeout))
        self.clock = clock
        start = clock.now
        wallStart = .now()
        self.logger = logger
        self.progress = progress
    }

    /// A number for one call, to tell calls apart.
    package func newCall() -> Int {
        calls.add(1, ordering: .relaxed).newValue
    }

    /// Returns when call `call` may send: at once while the API answers; during an outage, when it is the
    /// probe. Throws ``OutageGivenUp`` once the outage outlasted its timeout, and `CancellationError`.
    package func admit(call: Int) async throws {
        while true {
            try Task.checkCancellation()
            let now = elapsed()
            let (admission, since, lastError, timeout) = state.withLock { state in
                (state.admit(call: call, now: now), state.since, state.lastError, state.timeout)
            }
            switch admission {
            case .send, .probe:
                return
            case .wait(let until):
                do {
                    try await clock.sleep(for: max(until - elapsed(), .milliseconds(1)), tolerance: nil)
                } catch {
                    abandon(call: call)
                    throw error
                }
            case .givenUp:
                throw OutageGivenUp(since: wallTime(since ?? .zero), lastError: lastError, timeout: timeout)
            }
        }
    }

    /// Learns from call `call`'s answer (`error` nil when it succeeded or was not outage evidence); returns
    /// whether an outage is in effect.
    @discardableResult
    package func record(call: Int, error: HighLevelAPIError?) -> Bool {
        let now = elapsed()
        let (wasOutage, isOutage, since, lastError, timeout) = state.withLock { state in
            let wasOutage = state.isOutage
            let isOutage = state.record(call: call, error: error, now: now)
            return (wasOutage, isOutage, state.since, state.lastError, state.timeout)
        }
        if isOutage, !wasOutage, let since {
            let time = wallTime(since)
            progress.setWaitingForAPI(since: time)
            logger.warning("the API is not answering; holding every request and probing until it does", metadata: [
                "since": "\(time)", "error": "\(lastError.map { "\($0)" } ?? "-")",
                "outage_timeout_seconds": "\(timeout.components.seconds)",
            ])
        } else if wasOutage, !isOutage {
            progress.setWaitingForAPI(since: nil)
            logger.notice("the API answers again; resuming")
        }
        return isOutage
    }

    /// Forgets a call that ended without an answer.
    package func abandon(call: Int) {
        state.withLock { $0.abandon(call: call) }
    }

    private func elapsed() -> Duration {
        start.duration(to: clock.now)
    }

    private func wallTime(_ offset: Duration) -> Timestamp {
        wallStart.advanced(by: offset)
    }
}
