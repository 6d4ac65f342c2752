import ContactStore
import Logging

extension SyncJob {
    /// After a complete listing of `location`, marks deleted its stored live contacts that the listing did not
    /// return, unless there are more of them than ``SyncConfiguration/deletionGuard`` believes (and
    /// ``SyncConfiguration/confirmDeletions`` is off): then none is marked and the run says why.
    func sweepDeletions(of location: String, listed: IDIndex, prefix: String, part: RunPart, state: inout RunState) {
        do {
            var missing: [String] = []
            try store.forEachLiveContactID(locationID: location) { id throws(ContactStoreError) in
                if try !listed.contains(prefix + id) { missing.append(id) }
            }
            guard !missing.isEmpty else { return }
            let live = try store.liveContactCount(locationID: location)
            guard configuration.confirmDeletions || configuration.deletionGuard.allows(missing.count, of: live) else {
                logger.error("the listing left out too many stored contacts to believe them deleted; none was marked", metadata: [
                    "location": "\(location)", "left_out": "\(missing.count)", "live": "\(live)",
                ])
                state.stop(.deletionsRefused(candidates: missing.count, live: live, limit: configuration.deletionGuard))
                return
            }
            let marked = try store.markDeleted(missing, runID: part.runID, locationID: part.partLocation)
            state.markedDeleted(marked)
            logger.info("contacts no longer listed marked deleted", metadata: ["location": "\(location)", "count": "\(marked)"])
        } catch {
            logger.error("could not mark deleted contacts", metadata: ["error": "\(error)"])
            state.stop(.databaseFailed(error))
        }
    }
}
