package import HighLevelAPI

/// A whole-location id source: which location, which contacts, how many per page.
package struct LocationSearch: Sendable {
    package var locationID: LocationID
    package var changedSince: ChangedSince
    /// Contacts per search page, 1...500.
    package var pageSize: Int

    package init(locationID: LocationID, changedSince: ChangedSince = .all, pageSize: Int = ContactSearchQuery.maximumPageLimit) {
        self.locationID = locationID
        self.changedSince = changedSince
        self.pageSize = pageSize
    }
}
