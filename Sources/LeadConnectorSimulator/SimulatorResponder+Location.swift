import Foundation

/// `POST /contacts/search` and `GET /locations/{locationId}/customFields` over the simulated location.
///
/// Search body: `{"locationId", "pageLimit" (1...500, default 20), "searchAfter" ([epochMs, id] from the previous
/// page's last contact), "filters", "sort"}`. The only filter understood is
/// `{"field": "dateUpdated", "operator": "range", "value": {"gt"|"gte"|"lt"|"lte": "<ISO-8601>"}}` (the shape the
/// client sends; HighLevel's exact one could not be checked); any other filter is refused with 422 so a client
/// relying on it notices. `sort` is accepted and ignored: results are always in `(dateUpdated, id)` ascending
/// order, which makes `searchAfter` paging exact. A `locationId` other than the simulated location's is answered
/// 403, as a token without access to it would be. Each contact on a page is the short search shape
/// (`id`, `locationId`, `dateAdded`, `dateUpdated`, `searchAfter`); clients fetch the full contact by id.
extension SimulatorResponder {
    func searchReply(body: [UInt8]) -> SimulatorReply {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else {
            return .error(400, message: "Unexpected token in JSON body", error: "Bad Request")
        }
        guard let locationID = object["locationId"] as? String, !locationID.isEmpty else {
            return Self.unprocessable("locationId should not be empty")
        }
        guard let location = world.location(locationID) else {
            return .error(403, message: "The token does not have access to this location.", error: "Forbidden")
        }
        var pageLimit = 20
        if let value = object["pageLimit"] {
            guard let number = value as? NSNumber, let limit = Int(exactly: number.doubleValue)
            else { return Self.unprocessable("pageLimit must be an integer number") }
            guard (1...500).contains(limit) else {
                return Self.unprocessable(limit < 1 ? "pageLimit must not be less than 1" : "pageLimit must not be greater than 500")
            }
            pageLimit = limit
        }
        var cursor: SimulatorLocation.Entry?
        if let value = object["searchAfter"], !(value is NSNull) {
            guard let array = value as? [Any], array.count == 2, let number = array[0] as? NSNumber,
                let id = array[1] as? String
            else { return Self.unprocessable("searchAfter must be the searchAfter array of a returned contact") }
            cursor = SimulatorLocation.Entry(updatedMilliseconds: number.int64Value, id: id)
        }
        var lower = Int64.min
        var upper = Int64.max
        if let value = object["filters"], !(value is NSNull) {
            guard let filters = value as? [Any] else { return Self.unprocessable("filters must be an array") }
            for filter in filters {
                guard let filter = filter as? [String: Any], filter["field"] as? String == "dateUpdated",
                    filter["operator"] as? String == "range", let bounds = filter["value"] as? [String: Any], !bounds.isEmpty
                else { return Self.unprocessable("only dateUpdated range filters are supported") }
                for (key, bound) in bounds {
                    guard let text = bound as? String, let milliseconds = CivilTime.epochMilliseconds(iso8601: text) else {
                        return Self.unprocessable("dateUpdated range values must be ISO-8601 UTC dates")
                    }
                    switch key {
                    case "gt": lower = max(lower, milliseconds &+ 1)
                    case "gte": lower = max(lower, milliseconds)
                    case "lt": upper = min(upper, milliseconds &- 1)
                    case "lte": upper = min(upper, milliseconds)
                    default: return Self.unprocessable("dateUpdated range takes gt, gte, lt and lte")
                    }
                }
            }
        }
        let (entries, total) =
            lower <= upper ? location.page(after: cursor, updatedIn: lower...upper, limit: pageLimit) : ([], 0)
        var text = "{\"contacts\":["
        for (index, entry) in entries.enumerated() {
            if index > 0 { text += "," }
            let dateUpdated = CivilTime.iso8601(epochMilliseconds: entry.updatedMilliseconds)
            text += "{\"id\":" + JSONValue.quoted(entry.id) + ",\"locationId\":\"" + location.id + "\""
            text += ",\"dateAdded\":\"" + CivilTime.iso8601(epochMilliseconds: CivilTime.year2018) + "\""
            text += ",\"dateUpdated\":\"" + dateUpdated + "\""
            text += ",\"searchAfter\":[\(entry.updatedMilliseconds)," + JSONValue.quoted(entry.id) + "]}"
        }
        text += "],\"total\":\(total),\"traceId\":\"" + ContactGenerator.traceID(for: "search") + "\"}"
        return SimulatorReply(status: 200, body: text)
    }

    func customFieldsReply(locationID: String, model: String?) -> SimulatorReply {
        guard let location = world.location(locationID) else {
            return .error(403, message: "The token does not have access to this location.", error: "Forbidden")
        }
        if let model, model != "contact", model != "all" {
            return Self.unprocessable("model must be one of the following values: contact, opportunity, all")
        }
        let fields = location.customFieldDefinitions
        let body = JSONValue.object([JSONMember("customFields", .array(fields))]).text
        return SimulatorReply(status: 200, body: body)
    }

    /// A 422 in the API's shape, with `message` as an array of strings.
    static func unprocessable(_ message: String) -> SimulatorReply {
        SimulatorReply(
            status: 422,
            body: "{\"statusCode\":422,\"message\":[" + JSONValue.quoted(message) + "],\"error\":\"Unprocessable Entity\"}"
        )
    }
}
