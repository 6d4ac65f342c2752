package import HighLevelAPI

/// Whether the API as a whole is failing, decided from the answers every call of a run gets, free of clocks and
/// sleeping so it can be tested exactly.
///
/// Answers are classified once: connection errors (refused, reset, DNS, TLS), timeouts and 5xx are *outage
/// evidence*; any other answer (2xx, 4xx, 429) shows the API is up and clears the evidence. An outage is
/// declared after ``threshold`` pieces of evidence in a row with nothing else between them, when they came
/// from at least two different calls (one contact that keeps failing while others succeed is that contact's
/// problem), or were all connection errors (which no single contact causes). While it lasts, every call is
/// held; one call at a time is let through as a probe, at growing intervals; the first answer that is not
/// evidence ends it. It gives up once it has lasted ``timeout``.
package struct OutageState: Sendable {
    /// Evidence in a row that declares an outage.
    package static let threshold = 5

    /// What a call may do now.
    package enum Admission: Equatable, Sendable {
        /// Send.
        case send
        /// Send: this call is the outage's probe.
        case probe
        /// Wait until this instant, then ask again.
        case wait(until: Duration)
        /// The outage lasted longer than the timeout: stop.
        case givenUp
    }

    /// How long an outage may last before the run gives up.
    package let timeout: Duration
    /// The first and the longest pause between probes.
    package let firstProbeInterval: Duration
    package let maximumProbeInterval: Duration

    /// When the current streak of evidence (or the outage) began; nil while the API answers.
    package private(set) var since: Duration?
    /// Whether an outage is declared.
    package private(set) var isOutage = false
    /// The last error that was evidence.
    package private(set) var lastError: HighLevelAPIError?
    private var streak = 0
    private var streakCalls: Set<Int> = []
    private var streakOnlyConnections = true
    private var probeInFlight: Int?
    private var nextProbe: Duration = .zero
    private var probeInterval: Duration

    package init(timeout: Duration, firstProbeInterval: Duration = .seconds(1), maximumProbeInterval: Duration = .seconds(10)) {
        self.timeout = timeout
        self.firstProbeInterval = firstProbeInterval
        self.maximumProbeInterval = maximumProbeInterval
        probeInterval = firstProbeInterval
    }

    /// Whether `error` says something about the API as a whole rather than about one request.
    package static func isEvidence(_ error: HighLevelAPIError) -> Bool {
        switch error {
        case .transport(.connectionFailed), .transport(.timedOut): true
        case .http(let status, _): (500...599).contains(status)
        case .transport(.bodyTooLarge), .transport(.cancelled), .undecodable, .noToken: false
        }
    }

    /// Whether call `call` may send at `now`.
    package mutating func admit(call: Int, now: Duration) -> Admission {
        guard isOutage, let since else { return .send }
        if now - since >= timeout { return .givenUp }
        if probeInFlight == nil, now >= nextProbe {
            probeInFlight = call
            return .probe
        }
        let retry = probeInFlight == nil ? nextProbe : now + firstProbeInterval / 4
        return .wait(until: min(retry, since + timeout))
    }

    /// Learns from what call `call` was answered at `now`: nil when the answer was not evidence (the API is
    /// up), else the error. Returns whether an outage is in effect after it.
    @discardableResult
    package mutating func record(call: Int, error: HighLevelAPIError?, now: Duration) -> Bool {
        let wasProbe = probeInFlight == call
        if wasProbe { probeInFlight = nil }
        guard let error, Self.isEvidence(error) else {
            if isOutage || streak > 0 { clear() }
            return false
        }
        lastError = error
        if streak == 0 { since = now }
        streak += 1
        streakCalls.insert(call)
        if case .transport(.connectionFailed) = error {} else { streakOnlyConnections = false }
        if !isOutage, streak >= Self.threshold, streakCalls.count >= 2 || streakOnlyConnections {
            isOutage = true
            nextProbe = now + probeInterval
        } else if isOutage, wasProbe {
            probeInterval = min(probeInterval * 2, maximumProbeInterval)
            nextProbe = now + probeInterval
        }
        return isOutage
    }

    /// Forgets a call that left without an answer (cancelled): a probe it held is free again.
    package mutating func abandon(call: Int) {
        if probeInFlight == call { probeInFlight = nil }
    }

    private mutating func clear() {
        isOutage = false
        since = nil
        streak = 0
        streakCalls = []
        streakOnlyConnections = true
        probeInFlight = nil
        probeInterval = firstProbeInterval
    }
}
