import HighLevelAPI
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
        #expect(throws: ContactResponse.DecodingError.self) { try ContactSearchPage(body: Array(body.utf8)) }
    }

    @Test func customFieldDefinitionsDecodeLeniently() throws {
        let body = #"""
            {"customFields":[
              {"id":"f1","name":"Pincode","fieldKey":"contact.pincode","dataType":"TEXT","position":50,"unknown":true},
              {"id":"f2","name":null,"dataType":"SINGLE_OPTIONS","picklistOptions":["A","B, C"],"position":"x"},
              {"name":"no id"},
              {"id":""}
            ]}
            """#
        let definitions = try CustomFieldDefinitionPayload.decodeList(body: Array(body.utf8))
        #expect(definitions.map(\.id) == ["f1", "f2"])
        #expect(definitions[0].name == "Pincode")
        #expect(definitions[0].fieldKey == "contact.pincode")
        #expect(definitions[0].position == 50)
        #expect(definitions[0].picklistOptionsJSON == nil)
        #expect(definitions[0].rawJSON.contains(#""unknown":true"#))
        #expect(definitions[1].name == nil)
        #expect(definitions[1].position == nil)
        #expect(definitions[1].picklistOptionsJSON == #"["A","B, C"]"#)
        #expect(throws: ContactResponse.DecodingError.self) {
            try CustomFieldDefinitionPayload.decodeList(body: Array(#"{"fields":[]}"#.utf8))
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
