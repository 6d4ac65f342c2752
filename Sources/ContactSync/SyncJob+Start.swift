import ContactStore
import HighLevelAPI
import LosslessJSON
import Logging

/// A run recorded in the database and ready to read ids.
struct StartedRun {
    let id: Int64
    let source: RunSource
    /// Failed ids its earlier attempts recorded (0 for a new run).
    let priorFailures: Int
    /// The ids read so far (none yet).
    let seen: IDIndex
    /// The ids its earlier attempts stored, when resumed.
    let alreadyStored: IDIndex?
}

extension SyncJob {
    /// Begins a new run, or reopens the latest unfinished one of the same kind when `resume` is set.
    func start(source: ContactIDSource, resume: Bool) throws(ContactStoreError) -> StartedRun {
        let seen = try IDIndex()
        let wanted = try resolveSource(source)
        if resume, let previous = try store.latestUnfinishedRun(), try resumable(previous.id, as: wanted) {
            let alreadyStored = try IDIndex()
            try store.forEachStoredContactID(runID: previous.id) { id throws(ContactStoreError) in
                try alreadyStored.insert(id)
            }
            let runSource = try store.source(runID: previous.id) ?? wanted
            try store.reopenRun(id: previous.id)
            try store.setSource(runSource, runID: previous.id)
            logger.info("resuming run", metadata: ["run": "\(previous.id)", "already_synced": "\(alreadyStored.count)"])
            return StartedRun(
                id: previous.id, source: runSource, priorFailures: previous.counters.failures, seen: seen,
                alreadyStored: alreadyStored
            )
        }
        if resume { logger.info("no unfinished run of this kind to resume; starting a new run") }
        let runID = try store.beginRun()
        try store.setSource(wanted, runID: runID)
        return StartedRun(id: runID, source: wanted, priorFailures: 0, seen: seen, alreadyStored: nil)
    }

    /// What `sync_runs` records for `source`, with `--changed-since last` resolved to a time (or to a full
    /// sync, logged, when the location has no succeeded whole-location run).
    func resolveSource(_ source: ContactIDSource) throws(ContactStoreError) -> RunSource {
        try Self.resolveSource(source, store: store, logger: logger)
    }

    /// ``resolveSource(_:)`` for any store.
    static func resolveSource(_ source: ContactIDSource, store: ContactStore, logger: Logger) throws(ContactStoreError) -> RunSource {
        switch source {
        case .list:
            return RunSource(idSource: .file)
        case .location(let search):
            var source = RunSource(idSource: .location, locationID: search.locationID.rawValue)
            switch search.changedSince {
            case .all:
                break
            case .time(let time):
                source.changedSince = time.iso8601
                source.changedSinceBasis = "given: --changed-since \(time.iso8601)"
            case .lastSuccessfulRun:
                guard let previous = try store.latestSucceededLocationRun(locationID: search.locationID.rawValue),
                    let started = Timestamp(iso8601: previous.startedAt)
                else {
                    logger.info("no succeeded run for this location yet; syncing every contact", metadata: [
                        "location": "\(search.locationID)",
                    ])
                    source.changedSinceBasis = "last: no succeeded run of this location yet, so every contact"
                    break
                }
                let seconds = search.overlap.components.seconds
                source.changedSince = started.advanced(by: .zero - search.overlap).iso8601
                source.changedSinceBasis = "last: run \(previous.id) started \(previous.startedAt), less the \(seconds) s overlap"
            }
            return source
        }
    }

    /// Whether the unfinished run `runID` read the same kind of source (runs from before schema 3 count as id
    /// lists).
    func resumable(_ runID: Int64, as wanted: RunSource) throws(ContactStoreError) -> Bool {
        let previous = try store.source(runID: runID) ?? RunSource(idSource: .file)
        return previous.idSource == wanted.idSource && previous.locationID == wanted.locationID
    }
}
