package import ContactStore
package import HighLevelAPI

/// Why a run stopped before its ids ran out. Each keeps its cause; ``message`` is what `sync_runs.message`
/// and the summary say.
package enum RunStop: Sendable {
    /// A signal cancelled the run.
    case interrupted
    /// The API said the day's request quota is used up: nothing more is sent, the rest of the ids are recorded.
    case quotaExhausted
    /// The API refused the token (401/403).
    case tokenRefused(HighLevelAPIError)
    /// A batch could not be committed.
    case databaseFailed(ContactStoreError)
    /// The on-disk index of ids read could not be written.
    case idIndexFailed(ContactStoreError)
    /// The id list could not be read, or the contact search failed for good.
    case sourceFailed(SyncJobError)
    /// The API as a whole did not answer for longer than the outage timeout.
    case apiUnavailable(OutageGivenUp)
    /// A full listing left out more of the location's stored contacts than is safe to believe deleted: none
    /// was marked (`candidates` of `live`, the share allowed).
    case deletionsRefused(candidates: Int, live: Int, limit: DeletionGuard)

    /// The status a run stopped this way ends with.
    package var status: RunStatus {
        switch self {
        case .interrupted: .interrupted
        case .quotaExhausted, .deletionsRefused: .partial
        case .tokenRefused, .databaseFailed, .idIndexFailed, .sourceFailed, .apiUnavailable: .aborted
        }
    }

    /// After a quota stop the rest of the id list is still read (and recorded without requests); any other
    /// stop ends reading and cancels what is in flight.
    package var keepsReading: Bool {
        if case .quotaExhausted = self { return true }
        return false
    }

    /// Whether this stop takes over from `current`: a database failure always does (nothing more can be
    /// stored); other aborts replace nothing or a quota stop; an interruption or a quota stop only nothing.
    func replaces(_ current: RunStop?) -> Bool {
        guard let current else { return true }
        switch self {
        case .databaseFailed: return true
        case .tokenRefused, .idIndexFailed, .sourceFailed, .apiUnavailable: return current.keepsReading
        case .interrupted, .quotaExhausted, .deletionsRefused: return false
        }
    }

    package var message: String {
        switch self {
        case .interrupted:
            "interrupted by a signal; run again with --resume to continue"
        case .quotaExhausted:
            "the API's daily request quota is used up; run again with --resume after it resets"
        case .tokenRefused(let error):
            "the API refused the token (\(error)); check the token and its scopes"
        case .databaseFailed(let error):
            "\(error); run again with --resume once that is fixed"
        case .idIndexFailed(let error):
            "cannot keep track of the ids read (\(error)); run again with --resume once that is fixed"
        case .apiUnavailable(let outage):
            "the API did not answer from \(outage.since) on (last error: \(outage.lastError.map { "\($0)" } ?? "none")) "
                + "and the outage timeout of \(Int(outage.timeout.components.seconds)) s ran out; contacts not synced yet "
                + "are not in sync_failures: run again with --resume once the API answers"
        case .deletionsRefused(let candidates, let live, let limit):
            "the full listing left out \(candidates) of the location's \(live) stored live contacts, more than "
                + "\(limit); none was marked deleted: if they really were deleted, run again with --confirm-deletions"
        case .sourceFailed(.search(let failure)):
            SyncJobError.search(failure).description + "; contacts the search had not listed yet were not fetched and "
                + "are not in sync_failures: run again (with --resume to skip those already stored)"
        case .sourceFailed(let error):
            error.description
        }
    }
}
