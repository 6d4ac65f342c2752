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

    /// The status a run stopped this way ends with.
    package var status: RunStatus {
        switch self {
        case .interrupted: .interrupted
        case .quotaExhausted: .partial
        case .tokenRefused, .databaseFailed, .idIndexFailed, .sourceFailed: .aborted
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
        case .tokenRefused, .idIndexFailed, .sourceFailed: return current.keepsReading
        case .interrupted, .quotaExhausted: return false
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
        case .sourceFailed(.search(let failure)):
            SyncJobError.search(failure).description + "; contacts the search had not listed yet were not fetched and "
                + "are not in sync_failures: run again (with --resume to skip those already stored)"
        case .sourceFailed(let error):
            error.description
        }
    }
}
