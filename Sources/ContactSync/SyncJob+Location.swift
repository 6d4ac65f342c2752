import ContactStore
import HighLevelAPI
import Logging

extension SyncJob {
    /// What `sync_runs` records for `source`, with `--changed-since last` resolved to a time (or to a full
    /// sync, logged, when the location has no succeeded whole-location run).
    func resolveSource(_ source: ContactIDSource) throws(ContactStoreError) -> RunSource {
        switch source {
        case .list:
            return RunSource(idSource: source.recordedName)
        case .location(let search):
            let changedSince: String?
            switch search.changedSince {
            case .all:
                changedSince = nil
            case .time(let time):
                changedSince = time
            case .lastSuccessfulRun:
                changedSince = try store.latestSucceededLocationRunStart(locationID: search.locationID.rawValue)
                if changedSince == nil {
                    logger.info("no succeeded run for this location yet; syncing every contact", metadata: [
                        "location": "\(search.locationID)",
                    ])
                }
            }
            return RunSource(idSource: source.recordedName, locationID: search.locationID.rawValue, changedSince: changedSince)
        }
    }

    /// Whether the unfinished run `runID` read the same kind of source (runs from before schema 3 count as id
    /// lists).
    func resumable(_ runID: Int64, as wanted: RunSource) throws(ContactStoreError) -> Bool {
        let previous = try store.source(runID: runID) ?? RunSource(idSource: "file")
        return previous.idSource == wanted.idSource && previous.locationID == wanted.locationID
    }

    /// Fetches the location's custom field definitions (paced and retried like any request) and stores them.
    /// A failure is logged, not fatal: the definitions only name the values the contacts carry.
    func refreshCustomFields<C: Clock>(of locationID: LocationID, limiter: RateLimiter<C>, clock: C) async
    where C.Duration == Duration {
        let retryPolicy = RetryPolicy(initial: configuration.initialBackoff, maximum: configuration.maximumBackoff)
        let attempts = max(configuration.maximumAttempts, 1)
        var lastError: HighLevelAPIError?
        for attempt in 1...attempts {
            guard let sentAt = try? await limiter.waitForPermit() else { return }
            let exchange = await client.customFieldDefinitions(locationID: locationID)
            await limiter.record(status: exchange.result.httpStatus, headers: exchange.rateLimit, sentAt: sentAt)
            switch exchange.result {
            case .success(let payloads):
                let rows = payloads.map {
                    CustomFieldDefinitionRow(
                        id: $0.id, name: $0.name, fieldKey: $0.fieldKey, dataType: $0.dataType,
                        picklistOptionsJSON: $0.picklistOptionsJSON, position: $0.position, rawJSON: $0.rawJSON
                    )
                }
                do {
                    try store.refreshCustomFieldDefinitions(rows, locationID: locationID.rawValue)
                    logger.info("custom field definitions refreshed", metadata: ["count": "\(rows.count)"])
                } catch {
                    logger.warning("could not store custom field definitions", metadata: ["error": "\(error)"])
                }
                return
            case .failure(let error):
                lastError = error
                guard error.isRetryable, !error.isFatalForRun, attempt < attempts, !Task.isCancelled else { break }
                if !error.isRateLimited {
                    let delay = retryPolicy.delay(afterAttempt: attempt, unit: Double.random(in: 0..<1))
                    guard (try? await clock.sleep(for: delay, tolerance: nil)) != nil else { return }
                }
                continue
            }
            break
        }
        logger.warning("could not fetch custom field definitions; keeping the stored ones", metadata: [
            "location": "\(locationID)", "error": "\(lastError.map { "\($0)" } ?? "-")",
        ])
    }
}
