import HighLevelAPI
import LosslessJSON
import TestSupport
import Testing

@Suite struct LocationPayloadTests {
    @Test(arguments: [
        (#"{"contacts":[{"id":"a1","searchAfter":[1,"a1"]},{"id":"b2","searchAfter":[2,"b2"]}],"total":7}"#, ["a1", "b2"], #"[2,"b2"]"#, 7),
        (#"{"contacts":[],"total":0}"#, [], nil, 0),
        (#"{"contacts":null}"#, [], nil, nil),
        (#"{"contacts":[{"id":"a1"},{"name":"no id"},7,{"id":null}],"total":null,"extra":{}}"#, ["a1"], nil, nil),
        (#"{"contacts":[{"id":"a1","searchAfter":[1,"a1"]},{"id":"b2","searchAfter":"x"}],"total":"2"}"#, ["a1", "b2"], nil, nil),
    ] as [(String, [String], String?, Int?)])
    func searchPagesDecodeLeniently(body: String, ids: [String], next: String?, total: Int?) throws {
        let page = try ContactSearchPage(body: Array(body.utf8))
        #expect(page.ids == ids)
        #expect(page.nextSearchAfter?.jsonText == next)
        #expect(page.total == total)
    }

    @Test(arguments: [#"{"total":3}"#, "[]", "{", #"{"contacts":{}}"#])
    func aSearchBodyWithoutAContactsArrayIsRefused(body: String) {
        #expect(throws: ResponseDecodingError.self) { try ContactSearchPage(body: Array(body.utf8)) }
    }

    @Test func aCustomFieldListIsTheArrayAsSent() throws {
        let list = try HighLevelClient.customFieldList(body: Array(#"{"customFields":[{"id":"f1"},7,null],"x":1}"#.utf8))
        #expect(list == [.object(JSONObject(members: [.init(key: "id", value: .string("f1"))])), .number(JSONNumber(text: "7")), .null])
        #expect(try HighLevelClient.customFieldList(body: Array(#"{"customFields":null}"#.utf8)).isEmpty)
        #expect(throws: ResponseDecodingError.missingArray("customFields")) {
            try HighLevelClient.customFieldList(body: Array(#"{"fields":[]}"#.utf8))
        }
    }

    @Test func aSearchQueryBodyCarriesTheLocationPageCursorAndFilter() throws {
        let location = try #require(LocationID("loc1"))
        let first = ContactSearchQuery(locationID: location, pageLimit: 100)
        #expect(String(decoding: first.body, as: UTF8.self)
            == #"{"locationId":"loc1","pageLimit":100,"filters":[],"sort":[{"field":"dateUpdated","direction":"asc"}]}"#)
        let next = ContactSearchQuery(
            locationID: location, pageLimit: 500,
            searchAfter: .array([.number(JSONNumber(text: "17")), .string("a\"b")]), changedSince: "2026-11-01T00:00:00.000Z"
        )
        #expect(String(decoding: next.body, as: UTF8.self) == #"{"locationId":"loc1","pageLimit":500,"searchAfter":[17,"a\"b"],"#
            + #""filters":[{"field":"dateUpdated","operator":"range","value":{"gte":"2026-11-01T00:00:00.000Z"}}],"#
            + #""sort":[{"field":"dateUpdated","direction":"asc"}]}"#)
    }
}
