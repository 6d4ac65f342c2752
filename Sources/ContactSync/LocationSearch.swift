public import HighLevelAPI

/// A whole-location id source: which location, which contacts, how many per page.
public struct LocationSearch: Sendable {
    public var locationID: LocationID
    public var changedSince: ChangedSince
    /// Contacts per search page, 1...500.
    public var pageSize: Int

    public init(locationID: LocationID, changedSince: ChangedSince = .all, pageSize: Int = ContactSearchQuery.maximumPageLimit) {
        self.locationID = locationID
        self.changedSince = changedSince
        self.pageSize = pageSize
    }
}
