package import HighLevelAPI

/// A whole-location id source: which location, which contacts, how many per page.
package struct LocationSearch: Sendable {
    package var locationID: LocationID
    package var changedSince: ChangedSince
    /// Contacts per search page, 1...500.
    package var pageSize: Int
    /// How far before the previous succeeded run's start `--changed-since last` asks from: covers the search
    /// index's lag behind updates and a difference between this machine's clock and HighLevel's.
    package var overlap: Duration

    /// The documented default overlap: 15 minutes.
    package static let defaultOverlap: Duration = .seconds(15 * 60)

    package init(
        locationID: LocationID, changedSince: ChangedSince = .all, pageSize: Int = ContactSearchQuery.maximumPageLimit,
        overlap: Duration = defaultOverlap
    ) {
        (self.locationID, self.changedSince) = (locationID, changedSince)
        (self.pageSize, self.overlap) = (pageSize, overlap)
    }
}
