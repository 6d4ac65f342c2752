package import ContactStore
package import HighLevelAPI

/// Why a run could not start (nothing was fetched), or why its ids could not be read.
package enum SyncJobError: Error, Sendable, CustomStringConvertible {
    case store(ContactStoreError)
    case idList(IDReaderError)
    /// `POST /contacts/search` failed for good; ids it had not yet listed were never seen.
    case search(SearchFailure)

    /// How a search page failed.
    package enum SearchFailure: Sendable, Equatable {
        case cancelled
        case quotaExhausted
        /// 401/403: the token cannot read the location.
        case refused(HighLevelAPIError)
        /// Still failing after the last attempt (or failing in a way retrying cannot help).
        case failed(HighLevelAPIError, attempts: Int)
        /// The API sent the same `searchAfter` again: paging would never end.
        case stalled
        /// The API as a whole did not answer for longer than the outage timeout.
        case unavailable(OutageGivenUp)
    }

    package var description: String {
        switch self {
        case .store(let error): error.description
        case .idList(let error): error.description
        case .search(let failure):
            switch failure {
            case .cancelled: "the contact search was interrupted"
            case .quotaExhausted: "the API's daily request quota is used up; the contact search cannot continue"
            case .refused(let error): "the API refused the contact search (\(error)); check the token, its scopes and the location id"
            case .failed(let error, let attempts): "the contact search failed after \(attempts) attempts (\(error))"
            case .stalled: "the contact search returned the same page position twice; paging stopped"
            case .unavailable(let outage): "the API did not answer from \(outage.since) on; the contact search stopped"
            }
        }
    }
}
