import ContactSync
import HighLevelAPI
import Testing

/// When a run decides the API as a whole is down, how it probes, and when it gives up, without a clock.
struct OutageStateTests {
    static let refused = HighLevelAPIError.transport(.connectionFailed("connection refused"))
    static let unavailable = HighLevelAPIError.http(status: 503, body: APIErrorBody(body: []))
    static let notFound = HighLevelAPIError.http(status: 404, body: APIErrorBody(body: []))
    static let timedOut = HighLevelAPIError.transport(.timedOut)

    @Test(arguments: [
        (refused, true), (unavailable, true), (timedOut, true),
        (HighLevelAPIError.http(status: 500, body: APIErrorBody(body: [])), true),
        (notFound, false), (HighLevelAPIError.http(status: 429, body: APIErrorBody(body: [])), false),
        (HighLevelAPIError.http(status: 401, body: APIErrorBody(body: [])), false),
        (HighLevelAPIError.transport(.bodyTooLarge(limit: 1)), false), (HighLevelAPIError.transport(.cancelled), false),
        (HighLevelAPIError.undecodable(.notAnObject), false),
    ])
    func whatCountsAsEvidenceOfAnOutage(error: HighLevelAPIError, isEvidence: Bool) {
        #expect(OutageState.isEvidence(error) == isEvidence)
    }

    @Test func fiveFailuresFromDifferentCallsDeclareAnOutage() {
        var state = OutageState(timeout: .seconds(60))
        var declared: [Bool] = []
        for call in 1...4 { declared.append(state.record(call: call, error: Self.unavailable, now: .seconds(1))) }
        #expect(declared == [false, false, false, false])
        let admission = state.admit(call: 9, now: .seconds(1))
        #expect(admission == .send, "four are not yet an outage")
        let fifth = state.record(call: 5, error: Self.unavailable, now: .seconds(2))
        #expect(fifth)
        #expect(state.since == .seconds(1), "it started with the first failure")
        #expect(state.lastError == Self.unavailable)
    }

    @Test func oneCallFailingAloneIsItsOwnProblemUnlessItCannotConnect() {
        var state = OutageState(timeout: .seconds(60))
        var declared: [Bool] = []
        for _ in 1...20 { declared.append(state.record(call: 1, error: Self.unavailable, now: .zero)) }
        #expect(!declared.contains(true), "5xx for one call only")
        var refusing = OutageState(timeout: .seconds(60))
        declared = []
        for attempt in 1...5 { declared.append(refusing.record(call: 1, error: Self.refused, now: .seconds(Int64(attempt)))) }
        #expect(declared == [false, false, false, false, true], "no contact makes the connection fail")
    }

    @Test func anyAnswerBetweenFailuresClearsTheStreak() {
        var state = OutageState(timeout: .seconds(60))
        for call in 1...4 { state.record(call: call, error: Self.unavailable, now: .zero) }
        state.record(call: 5, error: Self.notFound, now: .zero)
        var declared: [Bool] = []
        for call in 6...9 { declared.append(state.record(call: call, error: Self.unavailable, now: .zero)) }
        #expect(!declared.contains(true))
        state.record(call: 10, error: nil, now: .zero)
        #expect(state.since == nil)
    }

    /// Admissions asked for in order: (call, now).
    static func admit(_ state: inout OutageState, _ call: Int, at now: Duration) -> OutageState.Admission {
        state.admit(call: call, now: now)
    }

    @Test func duringAnOutageOneCallAtATimeProbesAtGrowingIntervals() {
        var state = OutageState(timeout: .seconds(600), firstProbeInterval: .seconds(1), maximumProbeInterval: .seconds(4))
        for call in 1...5 { state.record(call: call, error: Self.unavailable, now: .zero) }
        var seen: [OutageState.Admission] = []
        seen.append(Self.admit(&state, 1, at: .milliseconds(500)))
        seen.append(Self.admit(&state, 1, at: .seconds(1)))
        seen.append(Self.admit(&state, 2, at: .seconds(1)))  // one probe at a time
        // The probe fails: the next one comes after twice the interval, then four times, then at most 4 s.
        state.record(call: 1, error: Self.unavailable, now: .seconds(1))
        seen.append(Self.admit(&state, 2, at: .seconds(2)))
        seen.append(Self.admit(&state, 2, at: .seconds(3)))
        state.record(call: 2, error: Self.refused, now: .seconds(3))
        seen.append(Self.admit(&state, 3, at: .seconds(3)))
        seen.append(Self.admit(&state, 3, at: .seconds(7)))
        state.record(call: 3, error: Self.unavailable, now: .seconds(7))
        seen.append(Self.admit(&state, 4, at: .seconds(7)))  // capped at the maximum
        // A call that was already out when the outage began fails too: that does not push the next probe back.
        state.record(call: 8, error: Self.unavailable, now: .seconds(8))
        seen.append(Self.admit(&state, 4, at: .seconds(11)))
        #expect(seen == [
            .wait(until: .seconds(1)), .probe, .wait(until: .milliseconds(1_250)), .wait(until: .seconds(3)), .probe,
            .wait(until: .seconds(7)), .probe, .wait(until: .seconds(11)), .probe,
        ])
        // The probe gets an answer: the outage is over, everyone sends.
        state.record(call: 4, error: Self.notFound, now: .seconds(11))
        #expect(!state.isOutage)
        #expect(Self.admit(&state, 6, at: .seconds(11)) == .send)
    }

    @Test func aProbeThatLeavesWithoutAnAnswerFreesTheTurn() {
        var state = OutageState(timeout: .seconds(600))
        for call in 1...5 { state.record(call: call, error: Self.unavailable, now: .zero) }
        #expect(Self.admit(&state, 1, at: .seconds(1)) == .probe)
        state.abandon(call: 1)
        #expect(Self.admit(&state, 2, at: .seconds(1)) == .probe)
    }

    @Test func anOutageLongerThanTheTimeoutIsGivenUp() {
        var state = OutageState(timeout: .seconds(30))
        for call in 1...5 { state.record(call: call, error: Self.refused, now: .seconds(10)) }
        #expect(Self.admit(&state, 1, at: .seconds(39)) != .givenUp)
        #expect(Self.admit(&state, 2, at: .seconds(40)) == .givenUp, "30 s after the first failure")
    }
}
