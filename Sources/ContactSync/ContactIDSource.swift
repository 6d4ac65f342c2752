package import ContactStore

/// Where a run's ids come from: an id list, or every contact of a location found by `POST /contacts/search`.
package enum ContactIDSource: Sendable {
    /// An id list, one id per line (`sync --ids`).
    case list(IDReader)
    /// Every contact of a location, paged from the search endpoint (`sync --all`).
    case location(LocationSearch)

    /// What `sync_runs.id_source` records for it.
    package var idSource: IDSource {
        switch self {
        case .list: .file
        case .location: .location
        }
    }
}
