import ContactNormalization
import ContactStore
import HighLevelAPI
import Logging

/// The state of one run's read → fetch → write loop. Lives in the job's task only.
struct SyncLoop {
    enum Stop {
        case interrupted
        case aborted(String)
        case quotaExhausted
    }

    let runID: Int64
    let configuration: SyncConfiguration
    let store: ContactStore
    let logger: Logger
    let clock: ContinuousClock
    let alreadySynced: Set<String>

    private(set) var invocation = RunCounters()
    private(set) var skipped = 0
    private(set) var stop: Stop?
    private var seen: Set<String> = []
    private var pendingContacts: [NormalizedContact] = []
    private var pendingFailures: [FailureRecord] = []
    private var pendingCounters = RunCounters()
    private var lastFlush: ContinuousClock.Instant
    private var lastProgress: ContinuousClock.Instant
    private var databaseFailed = false

    init(
        runID: Int64, configuration: SyncConfiguration, store: ContactStore, logger: Logger, clock: ContinuousClock,
        alreadySynced: Set<String>
    ) {
        self.runID = runID
        self.configuration = configuration
        self.store = store
        self.logger = logger
        self.clock = clock
        self.alreadySynced = alreadySynced
        lastFlush = clock.now
        lastProgress = clock.now
    }

    var finalStatus: RunStatus {
        switch stop {
        case nil: invocation.failures > 0 ? .partial : .succeeded
        case .interrupted: .interrupted
        case .aborted: .aborted
        case .quotaExhausted: .partial
        }
    }

    var stopMessage: String? {
        switch stop {
        case nil: nil
        case .interrupted: "interrupted by a signal; run again with --resume to continue"
        case .aborted(let reason): reason
        case .quotaExhausted: "the API's daily request quota is used up; run again with --resume after it resets"
        }
    }

    mutating func run<C>(reader: IDReader, fetcher: ContactFetcher<C>) async {
        let window = max(configuration.concurrency, 1)
        await withTaskGroup(of: FetchOutcome.self) { group in
            var inFlight = 0
            reading: while true {
                if Task.isCancelled, stop == nil { stop = .interrupted }
                if let stop, !stop.keepsReading { break }
                let item: IDLine?
                do throws(IDReaderError) {
                    item = try reader.next()
                } catch {
                    self.stop = .aborted(error.description)
                    break
                }
                guard let item else { break }
                switch item {
                case .invalid(let text, let line, let reason):
                    guard firstSighting(text) else { continue reading }
                    record(FailureRecord(contactID: text, reason: "invalid_id", message: reason, lineNumber: line))
                case .id(let id, let line):
                    guard firstSighting(id.rawValue) else { continue reading }
                    if alreadySynced.contains(id.rawValue) {
                        skipped += 1
                        continue reading
                    }
                    if case .quotaExhausted? = stop {
                        record(Self.quotaFailure(id: id, line: line, attempts: 0))
                        continue reading
                    }
                    while inFlight >= window, let outcome = await group.next() {
                        inFlight -= 1
                        handle(outcome)
                    }
                    if let stop, !stop.keepsReading { break reading }
                    if case .quotaExhausted? = stop {
                        record(Self.quotaFailure(id: id, line: line, attempts: 0))
                        continue reading
                    }
                    group.addTask { await fetcher.fetch(id, line: line) }
                    inFlight += 1
                }
                flushIfDue()
            }
            if stop != nil, stop?.keepsReading == false { group.cancelAll() }
            while let outcome = await group.next() {
                handle(outcome)
                flushIfDue()
            }
        }
        if Task.isCancelled, stop == nil { stop = .interrupted }
        flush()
    }

    /// Counts a distinct id (valid or not); false for a repeat.
    private mutating func firstSighting(_ key: String) -> Bool {
        guard seen.insert(key).inserted else {
            pendingCounters.duplicateIDs += 1
            invocation.duplicateIDs += 1
            return false
        }
        invocation.idsRead += 1
        pendingCounters.idsRead = invocation.idsRead
        return true
    }

    private mutating func record(_ failure: FailureRecord) {
        pendingFailures.append(failure)
        invocation.failures += 1
    }

    private static func quotaFailure(id: ContactID, line: Int, attempts: Int) -> FailureRecord {
        FailureRecord(
            contactID: id.rawValue, reason: "daily_quota_exhausted",
            message: "not sent: the daily request quota was used up", attempts: attempts, lineNumber: line
        )
    }

    private mutating func handle(_ outcome: FetchOutcome) {
        invocation.requests += outcome.requests
        invocation.retries += outcome.retries
        invocation.rateLimited += outcome.rateLimited
        pendingCounters.requests += outcome.requests
        pendingCounters.retries += outcome.retries
        pendingCounters.rateLimited += outcome.rateLimited
        switch outcome.kind {
        case .fetched(let contact):
            pendingContacts.append(contact)
        case .failed(let failure):
            record(failure)
        case .fatal(let error):
            if stop == nil || stop?.keepsReading == true {
                stop = .aborted("the API refused the token (\(error)); check the token and its scopes")
            }
        case .quotaExhausted:
            if stop == nil { stop = .quotaExhausted }
            record(Self.quotaFailure(id: outcome.id, line: outcome.line, attempts: outcome.requests))
        case .cancelled:
            if stop == nil { stop = .interrupted }
        }
    }

    private mutating func flushIfDue() {
        let now = clock.now
        if pendingContacts.count + pendingFailures.count >= configuration.batchSize
            || lastFlush.duration(to: now) >= configuration.flushInterval
        {
            flush()
        }
        if let interval = configuration.progressInterval, lastProgress.duration(to: now) >= interval {
            lastProgress = now
            logger.info("progress", metadata: [
                "run": "\(runID)", "read": "\(invocation.idsRead)", "synced": "\(invocation.contactsSynced)",
                "failed": "\(invocation.failures)", "requests": "\(invocation.requests)",
                "retries": "\(invocation.retries)", "rate_limited": "\(invocation.rateLimited)",
            ])
        }
    }

    /// Commits everything pending in one transaction; on a database error the run aborts.
    private mutating func flush() {
        lastFlush = clock.now
        guard !databaseFailed else { return }
        guard !pendingContacts.isEmpty || !pendingFailures.isEmpty || pendingCounters != RunCounters() else { return }
        do {
            let result = try store.save(
                pendingContacts, failures: pendingFailures, runID: runID, requestCounters: pendingCounters
            )
            // Counted once committed: a batch lost to a database fault was not synced.
            invocation.contactsSynced += result.stored
            invocation.contactsChanged += result.changed
        } catch {
            logger.error("database write failed; aborting the run", metadata: ["error": "\(error)"])
            stop = .aborted("\(error); run again with --resume once that is fixed")
            databaseFailed = true
        }
        pendingContacts.removeAll(keepingCapacity: true)
        pendingFailures.removeAll(keepingCapacity: true)
        pendingCounters = RunCounters()
    }
}

extension SyncLoop.Stop {
    /// After a quota stop the rest of the list is still read (and recorded without requests).
    var keepsReading: Bool {
        if case .quotaExhausted = self { return true }
        return false
    }
}
