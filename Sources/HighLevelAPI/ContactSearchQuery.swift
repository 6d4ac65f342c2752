package import LosslessJSON

/// One `POST /contacts/search` request: a location, a page size, where to continue, and an optional
/// `dateUpdated` lower bound.
///
/// The filter is sent as `{"field": "dateUpdated", "operator": "range", "value": {"gte": "<ISO-8601>"}}` and the
/// order as `[{"field": "dateUpdated", "direction": "asc"}]`. HighLevel's public reference for this shape could
/// not be checked while this was written; it is the shape its search filters are described with, and the
/// simulator implements exactly this one. `gte` (not `gt`) so a contact updated in the same millisecond as the
/// watermark is fetched again rather than missed.
package struct ContactSearchQuery: Sendable, Equatable {
    /// The largest page the API serves.
    package static let maximumPageLimit = 500

    package var locationID: LocationID
    /// Contacts per page, 1...500.
    package var pageLimit: Int
    /// The `searchAfter` array of the previous page's last contact; nil for the first page.
    package var searchAfter: JSONValue?
    /// Only contacts whose `dateUpdated` is at or after this ISO-8601 UTC time; nil for all.
    package var changedSince: String?

    package init(locationID: LocationID, pageLimit: Int = maximumPageLimit, searchAfter: JSONValue? = nil, changedSince: String? = nil) {
        self.locationID = locationID
        self.pageLimit = pageLimit
        self.searchAfter = searchAfter
        self.changedSince = changedSince
    }

    /// The JSON body.
    package var body: [UInt8] {
        var members: [JSONObject.Member] = [
            .init(key: "locationId", value: .string(locationID.rawValue)),
            .init(key: "pageLimit", value: .number(JSONNumber(text: String(pageLimit)))),
        ]
        if let searchAfter { members.append(.init(key: "searchAfter", value: searchAfter)) }
        var filters: [JSONValue] = []
        if let changedSince {
            filters.append(.object(JSONObject(members: [
                .init(key: "field", value: .string("dateUpdated")),
                .init(key: "operator", value: .string("range")),
                .init(key: "value", value: .object(JSONObject(members: [.init(key: "gte", value: .string(changedSince))]))),
            ])))
        }
        members.append(.init(key: "filters", value: .array(filters)))
        members.append(.init(key: "sort", value: .array([
            .object(JSONObject(members: [
                .init(key: "field", value: .string("dateUpdated")), .init(key: "direction", value: .string("asc")),
            ]))
        ])))
        return Array(JSONValue.object(JSONObject(members: members)).jsonText.utf8)
    }
}
