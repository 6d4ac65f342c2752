/// Where a run's ids come from; the raw value is what `sync_runs.id_source` stores.
package enum IDSource: String, Sendable, CaseIterable {
    /// An id list (`sync --ids`).
    case file
    /// Every contact of a location, found with `POST /contacts/search` (`sync --all`).
    case location
    /// Every contact of many locations, each its own part of the run (`sync --all --config`).
    case locations
}

/// Where a run's ids came from, as stored in `sync_runs`.
package struct RunSource: Sendable, Equatable {
    package var idSource: IDSource
    package var locationID: String?
    /// The watermark of an incremental run (ISO-8601 UTC), nil for a full one.
    package var changedSince: String?
    /// How the watermark was chosen, for `sync_runs.changed_since_basis`.
    package var changedSinceBasis: String?

    package init(idSource: IDSource, locationID: String? = nil, changedSince: String? = nil, changedSinceBasis: String? = nil) {
        (self.idSource, self.locationID) = (idSource, locationID)
        (self.changedSince, self.changedSinceBasis) = (changedSince, changedSinceBasis)
    }
}
