/// Where a run's ids come from: an id list, or every contact of a location found by `POST /contacts/search`.
public enum ContactIDSource: Sendable {
    /// An id list, one id per line (`sync --ids`).
    case list(IDReader)
    /// Every contact of a location, paged from the search endpoint (`sync --all`).
    case location(LocationSearch)

    /// `file` or `location`, as stored in `sync_runs.id_source`.
    public var recordedName: String {
        switch self {
        case .list: "file"
        case .location: "location"
        }
    }
}
