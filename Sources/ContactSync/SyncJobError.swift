public import ContactStore

/// Why a run could not start (nothing was fetched), or why a location's ids could not be listed.
public enum SyncJobError: Error, Sendable, CustomStringConvertible {
    /// `--summary-json`'s file: its directory is missing or not writable, or writing it at the end failed.
    case summaryFile(path: String, reason: String)
    case store(ContactStoreError)
    case idList(IDReaderError)
    /// `POST /contacts/search` failed for good; ids it had not yet listed were never seen.
    case search(SearchFailure)

    /// How a search page failed.
    public enum SearchFailure: Sendable, Equatable {
        case cancelled
        case quotaExhausted
        /// 401/403: the token cannot read the location.
        case refused(String)
        /// Still failing after the last attempt.
        case failed(String, attempts: Int)
        /// The API sent the same `searchAfter` again: paging would never end.
        case stalled
    }

    public var description: String {
        switch self {
        case .summaryFile(let path, let reason): "cannot write the summary to \(path): \(reason)"
        case .store(let error): error.description
        case .idList(let error): error.description
        case .search(let failure):
            switch failure {
            case .cancelled: "the contact search was interrupted"
            case .quotaExhausted: "the API's daily request quota is used up; the contact search cannot continue"
            case .refused(let error): "the API refused the contact search (\(error)); check the token, its scopes and the location id"
            case .failed(let error, let attempts): "the contact search failed after \(attempts) attempts (\(error))"
            case .stalled: "the contact search returned the same page position twice; paging stopped"
            }
        }
    }
}
