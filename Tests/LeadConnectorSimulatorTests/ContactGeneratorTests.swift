import Foundation
import Testing

@testable import LeadConnectorSimulator

@Suite("Contact generator")
struct ContactGeneratorTests {
    static let sampleIDs = ContactGenerator.ids(count: 2_000)

    @Test("the same id always yields byte-identical JSON")
    func deterministic() {
        for id in Self.sampleIDs.prefix(200) {
            #expect(ContactGenerator.contactJSON(id: id) == ContactGenerator.contactJSON(id: id))
            #expect(ContactGenerator.responseBody(id: id) == ContactGenerator.responseBody(id: id))
            #expect(ContactGenerator.missingResponse(id: id) == ContactGenerator.missingResponse(id: id))
        }
        #expect(ContactGenerator.ids(count: 50, seed: 7) == ContactGenerator.ids(count: 50, seed: 7))
        #expect(ContactGenerator.ids(count: 50, seed: 7) != ContactGenerator.ids(count: 50, seed: 8))
    }

    @Test("output pinned for one id, so accidental changes to the generator show up")
    func pinned() {
        let json = ContactGenerator.contactJSON(id: "ocQHyuzHvuMOe5N5jjXF")
        #expect(json.hasPrefix(#"{"id":"ocQHyuzHvuMOe5N5jjXF","locationId":"ve9EPM428h8vShlRW1KT","#))
        #expect(FNV1a.hash(json) == Self.pinnedHash, "generator output changed; update the pin if that was intended")
    }

    static let pinnedHash: UInt64 = 10_095_766_546_809_825_345

    @Test("ids are distinct, 20 characters of [A-Za-z0-9], and about 3% of them do not exist")
    func ids() {
        let ids = Self.sampleIDs
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.utf8.count == 20 && ContactGenerator.isWellFormed($0) })
        let missing = ids.filter { !ContactGenerator.exists($0) }.count
        #expect((30...90).contains(missing), "missing \(missing) of 2000")
        for id in ids {
            #expect((ContactGenerator.responseBody(id: id) == nil) == !ContactGenerator.exists(id))
        }
    }

    @Test("every body parses with JSONSerialization and matches the tree it was written from")
    func parses() throws {
        for id in Self.sampleIDs where ContactGenerator.exists(id) {
            let body = try #require(ContactGenerator.responseBody(id: id))
            let parsed = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
            #expect(Set(parsed.keys) == ["contact", "traceId"])
            let traceID = try #require(parsed["traceId"] as? String)
            #expect(UUID(uuidString: traceID) != nil)
            let contact = ContactGenerator.contactValue(id: id)
            #expect(JSONComparison.matches(contact, parsed["contact"] as Any), "contact \(id) does not round-trip")
            #expect((parsed["contact"] as? [String: Any])?["id"] as? String == id)
        }
    }

    @Test("typical contacts are small, about 1 in 40 is very large")
    func sizes() {
        let sizes = Self.sampleIDs.map { ContactGenerator.contactJSON(id: $0).utf8.count }
        let large = sizes.filter { $0 >= 50_000 }
        #expect((25...80).contains(large.count), "\(large.count) large contacts")
        #expect(sizes.allSatisfy { $0 <= 310_000 }, "largest \(sizes.max() ?? 0)")
        let typical = sizes.filter { $0 < 50_000 }.sorted()
        let median = typical[typical.count / 2]
        #expect((700...2_500).contains(median), "median \(median)")
        #expect(Self.sampleIDs.filter(ContactGenerator.isLarge).count == large.count)
    }

    @Test("missing ids are answered 400, 404 or 422, with 422's message an array")
    func missingResponses() throws {
        var statuses: Set<Int> = []
        for id in Self.sampleIDs where !ContactGenerator.exists(id) {
            let (status, body) = ContactGenerator.missingResponse(id: id)
            statuses.insert(status)
            let parsed = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
            #expect(parsed["statusCode"] as? Int == status)
            switch status {
            case 400: #expect(parsed["message"] as? String == "Contact with id \(id) not found")
            case 404: #expect(parsed["error"] as? String == "Not Found")
            case 422: #expect((parsed["message"] as? [String])?.isEmpty == false)
            default: Issue.record("unexpected status \(status)")
            }
        }
        #expect(statuses == [400, 404, 422])
    }

    @Test(
        "ids that are not 1-64 letters or digits never exist and are answered 422",
        arguments: [
            "", "abc-def", "has space", "ünïcode", String(repeating: "a", count: 65), "quote\"id",
        ])
    func malformedIDs(id: String) throws {
        #expect(!ContactGenerator.exists(id))
        #expect(ContactGenerator.responseBody(id: id) == nil)
        let (status, body) = ContactGenerator.missingResponse(id: id)
        #expect(status == 422)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        #expect(parsed["message"] is [Any])
    }

    @Test("every payload shape from the API notes occurs across 2,000 contacts")
    func shapeCoverage() {
        var census = ShapeCensus()
        for id in Self.sampleIDs { census.record(ContactGenerator.contactValue(id: id)) }
        var expected: Set<String> = [
            "dob:date", "dob:dateTime", "dob:number", "dob:negativeNumber",
            "tags:emptyArray", "tags:caseVariants", "tags:comma", "tags:emoji", "tags:hundreds",
            "cf:id20", "cf:string", "cf:integer", "cf:decimal", "cf:wholeDecimal", "cf:bool", "cf:stringArray",
            "cf:file", "cf:null",
            "dnd:unknownChannel", "dnd:someChannels", "dnd:status:active", "dnd:status:inactive",
            "dnd:status:permanent",
            "dnd:message", "dnd:code", "dnd:true", "dnd:false", "inboundDnd",
            "attributions:count:0", "attributions:count:1", "attributions:count:3",
            "attribution:unknownKey", "attribution:null", "attribution:literalNull", "attribution:bool",
            "attributionSource", "lastAttributionSource",
            "additionalEmails:objects", "additionalEmails:strings", "additionalPhones", "followers", "createdBy",
            "unknownField", "type:lead", "type:customer",
            "text:quote", "text:backslash", "text:newline", "text:tab", "text:otherControl", "text:latinAccent",
            "text:cjk", "text:rightToLeft", "text:emoji",
        ]
        for field in ShapeCensus.optionalFields {
            expected.formUnion(["missing:\(field)", "null:\(field)", "present:\(field)"])
        }
        for field in ShapeCensus.optionalFields
        where !["dnd", "tags", "customFields", "dndSettings", "type"].contains(field) {
            expected.insert("empty:\(field)")
        }
        #expect(expected.subtracting(census.shapes).sorted() == [])
        #expect(!census.shapes.contains("cf:badItem"))
        #expect(!census.shapes.contains("cf:otherArray"))
    }
}
