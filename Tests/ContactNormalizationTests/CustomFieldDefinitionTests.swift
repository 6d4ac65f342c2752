import ContactNormalization
import HighLevelAPI
import LosslessJSON
import Testing

/// Custom field definitions as `GET /locations/{id}/customFields` sends them, mapped to rows.
struct CustomFieldDefinitionTests {
    @Test func customFieldDefinitionsDecodeLeniently() throws {
        let body = #"""
            {"customFields":[
              {"id":"f1","name":"Pincode","fieldKey":"contact.pincode","dataType":"TEXT","position":50,"unknown":true},
              {"id":"f2","name":null,"dataType":"SINGLE_OPTIONS","picklistOptions":["A","B, C"],"position":"x"},
              {"name":"no id"},
              {"id":""}
            ]}
            """#
        let definitions = try HighLevelClient.customFieldList(body: Array(body.utf8))
            .compactMap(CustomFieldDefinitionRow.init(definition:))
        #expect(definitions.map(\.id) == ["f1", "f2"])
        #expect(definitions[0].name == "Pincode")
        #expect(definitions[0].fieldKey == "contact.pincode")
        #expect(definitions[0].position == 50)
        #expect(definitions[0].picklistOptionsJSON == nil)
        #expect(definitions[0].rawJSON.contains(#""unknown":true"#))
        #expect(definitions[1].name == nil)
        #expect(definitions[1].position == nil)
        #expect(definitions[1].picklistOptionsJSON == #"["A","B, C"]"#)
    }
}
