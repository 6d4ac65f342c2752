/// Where a run's ids came from, as stored in `sync_runs`.
public struct RunSource: Sendable, Equatable {
    /// `file` or `location`.
    public var idSource: String
    public var locationID: String?
    /// The watermark of an incremental run (ISO-8601 UTC), nil for a full one.
    public var changedSince: String?

    public init(idSource: String, locationID: String? = nil, changedSince: String? = nil) {
        self.idSource = idSource
        self.locationID = locationID
        self.changedSince = changedSince
    }
}
