import ContactNormalization
import ContactStore
import ContactSync
import HighLevelAPI
import Testing

/// The run's decisions, without HTTP or SQLite: what is fetched, recorded, batched and when, why the run
/// stops and how it ends.
struct RunStateTests {
    static let start = ContinuousClock.now
    static let policy = RunState.BatchPolicy(size: 4, bytes: 1 << 20, interval: .seconds(1))

    static func id(_ number: Int) -> ContactID { ContactID("c\(number)")! }

    static func contact(_ number: Int, bytes: Int = 10) -> NormalizedContact {
        NormalizedContact(contact: ContactRow(id: "c\(number)", rawJSON: String(repeating: "x", count: bytes)))
    }

    static func fetched(_ number: Int, _ outcome: CallOutcome<NormalizedContact>, attempts: Int = 1) -> FetchResult {
        FetchResult(id: id(number), line: number, outcome: outcome, attempts: attempts)
    }

    static func http(_ status: Int) -> HighLevelAPIError { .http(status: status, body: APIErrorBody(body: [])) }

    static let requests = RunCounters()

    /// Reads `number` as a new id and expects to be told to fetch it.
    static func readNew(_ state: inout RunState, _ number: Int) {
        state.lineRead(knownTotal: nil)
        #expect(state.read(.id(id(number), line: number), isFirstSighting: true, isAlreadyStored: false)
            == .fetch(id(number), line: number))
    }

    // MARK: Stops and the final status

    /// What happens to a run, in order.
    enum Event: Sendable, CustomTestStringConvertible {
        case fetch(CallOutcome<NormalizedContact>)
        case stop(RunStop)
        case sourceFailed(SyncJobError)
        case written(Result<BatchResult, ContactStoreError>)

        var testDescription: String {
            switch self {
            case .fetch(let outcome): "fetch \(outcome)"
            case .stop(let stop): "stop \(stop.status)"
            case .sourceFailed(let error): "source \(error)"
            case .written(let result): "written \(result)"
            }
        }
    }

    static let quota = Event.fetch(.quotaExhausted)
    static let refused = Event.fetch(.fatal(http(401)))
    static let cancelled = Event.fetch(.cancelled)
    static let diskFull = Event.written(.failure(.sqlite(SQLiteFailure(code: 13, message: "database or disk is full"))))

    static let stops: [([Event], RunStatus, Bool)] = [
        ([], .succeeded, true),
        ([.fetch(.success(contact(1)))], .succeeded, true),
        ([.fetch(.gaveUp(http(404)))], .partial, true),
        ([quota], .partial, true),
        ([cancelled], .interrupted, false),
        ([.stop(.interrupted)], .interrupted, false),
        ([refused], .aborted, false),
        ([.sourceFailed(.search(.stalled))], .aborted, false),
        ([.sourceFailed(.search(.cancelled))], .interrupted, false),
        ([diskFull], .aborted, false),
        // A quota stop keeps reading (to record the rest); a refused token or a failed source ends it.
        ([quota, refused], .aborted, false),
        ([quota, .sourceFailed(.search(.quotaExhausted))], .aborted, false),
        // An interruption is not replaced by what the cancelled requests then report, nor by a quota stop.
        ([cancelled, refused], .interrupted, false),
        ([.stop(.interrupted), quota], .interrupted, false),
        ([quota, cancelled], .partial, true),
        // A database failure ends every run: nothing more can be stored.
        ([cancelled, diskFull], .aborted, false),
        ([quota, diskFull], .aborted, false),
    ]

    @Test(arguments: stops)
    func howARunEnds(events: [Event], status: RunStatus, keepsReading: Bool) {
        var state = RunState(policy: Self.policy, now: Self.start)
        for (index, event) in events.enumerated() {
            switch event {
            case .fetch(let outcome): state.apply(Self.fetched(index, outcome))
            case .stop(let stop): state.stop(stop)
            case .sourceFailed(let error): state.sourceFailed(error)
            case .written(let result): state.apply(result)
            }
        }
        #expect(state.finalStatus == status)
        #expect(state.keepsReading == keepsReading)
    }

    @Test func aFailedIDIsRecordedWithItsReasonAndTheRunEndsPartial() throws {
        var state = RunState(policy: Self.policy, now: Self.start)
        Self.readNew(&state, 1)
        state.apply(Self.fetched(1, .gaveUp(Self.http(503)), attempts: 5))
        state.sourceEnded()
        let taken1 = state.takeBatchIfDue(now: Self.start, requests: Self.requests)
        let batch = try #require(taken1)
        #expect(batch.failures.map(\.reason) == [.retriesExhausted])
        #expect(batch.failures.first?.attempts == 5)
        #expect(batch.failures.first?.lineNumber == 1)
        #expect(state.invocation.failures == 1)
        state.apply(.success(BatchResult(failures: 1, failuresAdded: 1)))
        #expect(state.finalStatus == .partial)
    }

    @Test func aResumedRunSucceedsOnceItsEarlierFailuresAreStored() throws {
        var state = RunState(policy: Self.policy, priorFailures: 2, now: Self.start)
        #expect(state.finalStatus == .partial, "the earlier attempt's failures still stand")
        Self.readNew(&state, 1)
        Self.readNew(&state, 2)
        state.apply(Self.fetched(1, .success(Self.contact(1))))
        state.apply(Self.fetched(2, .success(Self.contact(2))))
        state.sourceEnded()
        let taken2 = state.takeBatchIfDue(now: Self.start, requests: Self.requests)
        _ = try #require(taken2)
        state.apply(.success(BatchResult(stored: 2, changed: 2, failuresAdded: -2)))
        #expect(state.finalStatus == .succeeded)
        #expect(state.invocation.contactsSynced == 2)
    }

    @Test func afterTheQuotaEveryIDReadIsRecordedAsNotSent() throws {
        var state = RunState(policy: Self.policy, now: Self.start)
        Self.readNew(&state, 1)
        state.apply(Self.fetched(1, .quotaExhausted, attempts: 1))
        state.lineRead(knownTotal: nil)
        #expect(state.read(.id(Self.id(2), line: 2), isFirstSighting: true, isAlreadyStored: false) == .skip)
        // An id that was waiting for a fetch slot when the quota ran out is recorded, not fetched.
        #expect(state.fetchUnlessQuotaStopped(Self.id(3), line: 3) == .skip)
        state.sourceEnded()
        let taken3 = state.takeBatchIfDue(now: Self.start, requests: Self.requests)
        let batch = try #require(taken3)
        #expect(batch.failures.map(\.contactID) == ["c1", "c2", "c3"])
        #expect(batch.failures.allSatisfy { $0.reason == .dailyQuotaExhausted })
        #expect(batch.failures.map(\.attempts) == [1, 0, 0])
        #expect(state.finalStatus == .partial)
    }

    // MARK: Reading

    @Test func repeatedInvalidAndAlreadyStoredLinesAreCountedAndNeverFetched() throws {
        var state = RunState(policy: Self.policy, now: Self.start)
        Self.readNew(&state, 1)
        #expect(state.read(.id(Self.id(1), line: 2), isFirstSighting: false, isAlreadyStored: false) == .skip)
        #expect(state.read(.invalid(text: "a/b", line: 3, reason: .notAnID), isFirstSighting: true, isAlreadyStored: false) == .skip)
        #expect(state.read(.invalid(text: "a/b", line: 4, reason: .notAnID), isFirstSighting: false, isAlreadyStored: false) == .skip)
        #expect(state.read(.id(Self.id(5), line: 5), isFirstSighting: true, isAlreadyStored: true) == .skip)
        #expect(state.invocation.idsRead == 3)
        #expect(state.invocation.duplicateIDs == 2)
        #expect(state.invocation.failures == 1)
        #expect(state.skipped == 1)
        state.sourceEnded()
        let taken4 = state.takeBatchIfDue(now: Self.start, requests: Self.requests)
        let batch = try #require(taken4)
        #expect(batch.failures == [FailureRecord(contactID: "a/b", reason: .invalidID, message: "ids are 1-64 ASCII letters and digits", lineNumber: 3)])
        #expect(batch.counters.idsRead == 3)
        #expect(batch.counters.duplicateIDs == 2)
    }

    // MARK: Batches

    @Test func aBatchIsDueWhenFullOrAfterTheIntervalAndNotBefore() throws {
        var state = RunState(policy: Self.policy, now: Self.start)
        for number in 1...3 {
            Self.readNew(&state, number)
            state.apply(Self.fetched(number, .success(Self.contact(number))))
        }
        #expect(state.takeBatchIfDue(now: Self.start + .milliseconds(999), requests: Self.requests) == nil)
        let taken5 = state.takeBatchIfDue(now: Self.start + .seconds(1), requests: Self.requests)
        let timed = try #require(taken5)
        #expect(timed.contacts.count == 3, "the interval passed")
        state.apply(.success(BatchResult(stored: 3, changed: 3)))
        for number in 4...7 {
            Self.readNew(&state, number)
            state.apply(Self.fetched(number, .success(Self.contact(number))))
        }
        let taken6 = state.takeBatchIfDue(now: Self.start + .seconds(1), requests: Self.requests)
        let full = try #require(taken6)
        #expect(full.contacts.map(\.contact.id) == ["c4", "c5", "c6", "c7"], "four is a full batch")
    }

    @Test func largeContactsFillABatchByTheirBytes() throws {
        var state = RunState(policy: RunState.BatchPolicy(size: 500, bytes: 1_000, interval: .seconds(60)), now: Self.start)
        Self.readNew(&state, 1)
        state.apply(Self.fetched(1, .success(Self.contact(1, bytes: 600))))
        #expect(state.takeBatchIfDue(now: Self.start, requests: Self.requests) == nil)
        Self.readNew(&state, 2)
        state.apply(Self.fetched(2, .success(Self.contact(2, bytes: 600))))
        let taken7 = state.takeBatchIfDue(now: Self.start, requests: Self.requests)
        #expect(try #require(taken7).contacts.count == 2)
    }

    @Test func whileTheWriterIsBusyNothingIsTakenAndAFullBatchHoldsReading() throws {
        var state = RunState(policy: Self.policy, now: Self.start)
        for number in 1...4 {
            Self.readNew(&state, number)
            state.apply(Self.fetched(number, .success(Self.contact(number))))
        }
        let taken8 = state.takeBatchIfDue(now: Self.start, requests: Self.requests)
        _ = try #require(taken8)
        #expect(state.isWriting)
        #expect(!state.mustWaitForWriter, "the next batch has room")
        for number in 5...8 {
            Self.readNew(&state, number)
            state.apply(Self.fetched(number, .success(Self.contact(number))))
        }
        #expect(state.takeBatchIfDue(now: Self.start + .seconds(5), requests: Self.requests) == nil, "one write at a time")
        #expect(state.mustWaitForWriter, "two full batches are the most the buffer holds")
        state.apply(.success(BatchResult(stored: 4, changed: 4)))
        #expect(!state.mustWaitForWriter)
        let taken9 = state.takeBatchIfDue(now: Self.start, requests: Self.requests)
        #expect(try #require(taken9).contacts.count == 4)
    }

    @Test func nearTheKnownEndTenthsOfABatchAreCommittedAndAtTheEndEverything() throws {
        var state = RunState(policy: RunState.BatchPolicy(size: 20, bytes: 1 << 20, interval: .seconds(60)), now: Self.start)
        state.lineRead(knownTotal: 100)
        _ = state.read(.id(Self.id(1), line: 1), isFirstSighting: true, isAlreadyStored: false)
        state.apply(Self.fetched(1, .success(Self.contact(1))))
        state.apply(Self.fetched(2, .success(Self.contact(2))))
        #expect(state.takeBatchIfDue(now: Self.start, requests: Self.requests) == nil, "99 lines to go: the end is not near")
        for _ in 2...81 { state.lineRead(knownTotal: 100) }
        let taken10 = state.takeBatchIfDue(now: Self.start, requests: Self.requests)
        #expect(try #require(taken10).contacts.count == 2,
                "19 lines to go: a tenth of a batch is due")
        state.apply(.success(BatchResult(stored: 2)))
        state.apply(Self.fetched(3, .success(Self.contact(3))))
        #expect(state.takeBatchIfDue(now: Self.start, requests: Self.requests) == nil, "one is less than a tenth")
        state.sourceEnded()
        let taken11 = state.takeBatchIfDue(now: Self.start, requests: Self.requests)
        #expect(try #require(taken11).contacts.count == 1,
                "once the source is used up, anything")
    }

    @Test func eachBatchCarriesTheRequestsSentSinceThePreviousOne() throws {
        var state = RunState(policy: Self.policy, now: Self.start)
        var requests = RunCounters()
        requests.requests = 10
        requests.retries = 3
        requests.rateLimited = 1
        Self.readNew(&state, 1)
        let taken12 = state.takeBatchIfDue(now: Self.start + .seconds(1), requests: requests)
        let first = try #require(taken12)
        #expect(first.counters.requests == 10 && first.counters.retries == 3 && first.counters.rateLimited == 1)
        #expect(first.counters.idsRead == 1)
        state.apply(.success(BatchResult()))
        #expect(state.takeBatchIfDue(now: Self.start + .seconds(2), requests: requests) == nil, "nothing new to write")
        requests.requests = 14
        let taken13 = state.takeBatchIfDue(now: Self.start + .seconds(3), requests: requests)
        let second = try #require(taken13)
        #expect(second.counters.requests == 4 && second.counters.retries == 0, "only what is new")
        #expect(second.counters.idsRead == 1, "ids read are a total (the store keeps the larger)")
        #expect(state.invocation.requests == 14)
    }

    @Test func afterADatabaseFailureNothingMoreIsWritten() throws {
        var state = RunState(policy: Self.policy, now: Self.start)
        Self.readNew(&state, 1)
        state.apply(Self.fetched(1, .success(Self.contact(1))))
        state.sourceEnded()
        let taken14 = state.takeBatchIfDue(now: Self.start, requests: Self.requests)
        _ = try #require(taken14)
        state.apply(Self.fetched(2, .success(Self.contact(2))))
        state.apply(.failure(.sqlite(SQLiteFailure(code: 10, message: "disk I/O error"))))
        #expect(state.takeBatchIfDue(now: Self.start + .seconds(5), requests: Self.requests) == nil)
        #expect(state.takeFinalBatch(requests: Self.requests) == nil)
        #expect(state.finalStatus == .aborted)
        #expect(state.stop?.message.contains("disk I/O error (SQLite error 10); run again with --resume") == true)
        #expect(state.invocation.contactsSynced == 0, "a batch lost to a database fault was not synced")
    }
}
