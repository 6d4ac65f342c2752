import Foundation
import HighLevelAPI
import LosslessJSON
import TestSupport
import Testing

private let contactID = ContactID("abc")!

/// Decodes `text` skimmed and parsed, checking that the two agree (see `decodedBothWays`).
private func decode(_ text: String, expecting id: ContactID = contactID) throws(ResponseDecodingError) -> ContactResponse {
    try ContactResponse.decodedBothWays(Array(text.utf8), expectedID: id)
}

@Suite("ContactResponse")
struct ContactResponseTests {
    @Test("contact fixtures decode", arguments: FixtureFile.contacts)
    func fixturesDecode(fixture: FixtureFile) throws {
        let id = try #require(fixture.contactID)
        let response = try ContactResponse.decodedBothWays(try fixture.bytes(), expectedID: id)
        #expect(try response.contact["id"] == .string(id.rawValue))
        let whole = try #require(try JSONParser.parse(try fixture.bytes()).objectValue)
        #expect(try whole["contact"] == .object(response.contact))
        let foundation = try #require(try fixture.foundationValue() as? [String: Any])
        expectEquivalent(.object(try response.contact), foundation["contact"] as Any)
    }

    @Test("rawJSON is exactly the bytes of the contact object in the file", arguments: FixtureFile.contacts)
    func rawJSONIsExact(fixture: FixtureFile) throws {
        let bytes = try fixture.bytes()
        let text = try fixture.text()
        let response = try ContactResponse.decodedBothWays(bytes, expectedID: try #require(fixture.contactID))

        // Where the contact's value starts in the file, found without the parser under test.
        let keyRange = try #require(text.range(of: "\"contact\": "))
        let start = text.utf8.distance(from: text.startIndex, to: keyRange.upperBound)
        let raw = Array(response.rawJSON.utf8)
        #expect(raw.first == UInt8(ascii: "{"))
        #expect(raw.last == UInt8(ascii: "}"))
        #expect(Array(bytes[start..<min(bytes.count, start + raw.count)]) == raw)
        // What follows the object is the envelope's next member or its end, so nothing was cut off.
        let next = bytes[(start + raw.count)...].first { ![0x20, 0x0A, 0x0D, 0x09].contains($0) }
        #expect(next == UInt8(ascii: ",") || next == UInt8(ascii: "}"))
        #expect(response.rawJSON.contains("\n    \"id\": \"\(fixture.contactID!.rawValue)\""))

        #expect(try JSONParser.parse(raw) == .object(response.contact))
        let foundation = try JSONSerialization.jsonObject(with: Data(raw))
        expectEquivalent(.object(try response.contact), foundation)
    }

    @Test("traceId is read from beside the contact", arguments: [
        (FixtureFile.seedContact, String?.none), (.variantsContact, "0398c85a-261f-43f7-a83c-ce02820ad6aa"),
    ])
    func traceID(fixture: FixtureFile, expected: String?) throws {
        let response = try ContactResponse.decodedBothWays(try fixture.bytes(), expectedID: try #require(fixture.contactID))
        #expect(response.traceID == expected)
    }

    @Test("a traceId that is not a string is ignored, and a traceId inside the contact is not the envelope's")
    func traceIDShapes() throws {
        #expect(try decode(#"{"contact": {"id": "abc"}, "traceId": 7}"#).traceID == nil)
        #expect(try decode(#"{"contact": {"id": "abc", "traceId": "inner"}}"#).traceID == nil)
        #expect(try decode(#"{"traceId": "first", "contact": {"id": "abc"}, "traceId": "last"}"#).traceID == "last")
    }

    @Test("rawJSON and contact for compact and spaced envelopes", arguments: [
        (#"{"contact":{"id":"abc"}}"#, #"{"id":"abc"}"#),
        (" { \"contact\" :\n\t{ \"id\" : \"abc\" } , \"traceId\" : \"t\" } ", #"{ "id" : "abc" }"#),
        (#"{"traceId":"t","contact":{"id":"abc","n":[1,{"contact":{"id":"zzz"}}]}}"#,
         #"{"id":"abc","n":[1,{"contact":{"id":"zzz"}}]}"#),
        (#"{"x":{"contact":{"id":"zzz"}},"contact":{"id":"abc","name":"Zoë 🔥"}}"#, #"{"id":"abc","name":"Zoë 🔥"}"#),
        (#"{"contact":{"id":"abc","name":"first"},"contact":{"id":"abc","name":"second"}}"#,
         #"{"id":"abc","name":"second"}"#),
    ])
    func rawJSONShapes(body: String, raw: String) throws {
        let response = try decode(body)
        #expect(response.rawJSON == raw)
        #expect(try JSONParser.parse(Array(raw.utf8)) == .object(response.contact))
    }

    @Test("a key spelled with escapes is the same key: rawJSON still matches the parsed contact")
    func escapedContactKey() throws {
        // RFC 8259 keys compare after unescaping, and JSONObject's subscript does so: `contact` is the second object.
        let body = #"{"contact":{"id":"abc","name":"first"},"cont\u0061ct":{"id":"abc","name":"second"}}"#
        let response = try decode(body)
        #expect(try response.contact["name"] == .string("second"))
        #expect(try JSONParser.parse(Array(response.rawJSON.utf8)) == .object(response.contact))
        #expect(response.rawJSON == #"{"id":"abc","name":"second"}"#)
    }

    @Test("a contact under an escaped key alone is still found")
    func onlyEscapedContactKey() throws {
        let response = try decode(#"{"cont\u0061ct":{"id":"abc"}}"#)
        #expect(response.rawJSON == #"{"id":"abc"}"#)
    }

    @Test("a contact whose id is not the one asked for", arguments: FixtureFile.contacts)
    func idMismatch(fixture: FixtureFile) throws {
        let other = try #require(ContactID("someOtherContact0001"))
        #expect(throws: ResponseDecodingError.contactIDMismatch(expected: "someOtherContact0001")) {
            try ContactResponse.decodedBothWays(try fixture.bytes(), expectedID: other)
        }
    }

    @Test("ids compare exactly (case and length)", arguments: ["ABC", "abcd", "ab"])
    func idComparedExactly(id: String) throws {
        let expected = try #require(ContactID(id))
        #expect(throws: ResponseDecodingError.contactIDMismatch(expected: id)) {
            try decode(#"{"contact": {"id": "abc"}}"#, expecting: expected)
        }
    }

    @Test("no contact object with a string id", arguments: [
        "{}", #"{"traceId": "t"}"#, #"{"contact": null}"#, #"{"contact": []}"#, #"{"contact": "abc"}"#,
        #"{"contact": {}}"#, #"{"contact": {"name": "x"}}"#, #"{"contact": {"id": 5}}"#, #"{"contact": {"id": null}}"#,
        #"{"contact": {"id": ["abc"]}}"#, #"{"Contact": {"id": "abc"}}"#, #"{"contacts": [{"id": "abc"}]}"#,
        #"{"contact": {"id": "abc"}, "contact": null}"#, #"{"contact": {"id": "abc", "id": 1}}"#,
        #"{"data": {"contact": {"id": "abc"}}}"#,
    ])
    func missingContact(body: String) {
        #expect(throws: ResponseDecodingError.missingContact) { try decode(body) }
    }

    @Test("a body that is JSON but not an object", arguments: [
        "[]", #"[{"contact": {"id": "abc"}}]"#, #""abc""#, "null", "1", "true",
    ])
    func notAnObject(body: String) {
        #expect(throws: ResponseDecodingError.notAnObject) { try decode(body) }
    }

    @Test("a body that is not JSON", arguments: [
        "", "{", #"{"contact": }"#, #"{"contact": {"id": "abc"}} trailing"#, "<html>502 Bad Gateway</html>",
        #"{"contact": {"id": "abc",}}"#,
    ])
    func invalidJSON(body: String) {
        let error = #expect(throws: ResponseDecodingError.self) { try decode(body) }
        guard case .invalidJSON(let syntax)? = error else {
            Issue.record("expected .invalidJSON, got \(String(describing: error))")
            return
        }
        #expect(syntax.offset <= body.utf8.count)
    }

    @Test("invalid UTF-8 in the contact is .invalidJSON, not a lossy decode")
    func invalidUTF8() {
        let body = Array(#"{"contact": {"id": "abc", "name": ""#.utf8) + [0xFF] + Array(#""}}"#.utf8)
        let error = #expect(throws: ResponseDecodingError.self) {
            try ContactResponse.decodedBothWays(body, expectedID: contactID)
        }
        guard case .invalidJSON? = error else {
            Issue.record("expected .invalidJSON, got \(String(describing: error))")
            return
        }
    }

    @Test("error descriptions name the id, never the payload")
    func descriptions() {
        #expect(ResponseDecodingError.contactIDMismatch(expected: "abc").description == "body holds a contact whose id is not abc")
        #expect(ResponseDecodingError.notAnObject.description == "body is not a JSON object")
        #expect(ResponseDecodingError.missingContact.description.contains("contact"))
        let error = #expect(throws: ResponseDecodingError.self) { try decode(#"{"contact": {"id": "abc", "email": "x@y.z"}"#) }
        #expect(error?.description.contains("x@y.z") == false)
        #expect(error?.description.hasPrefix("body is not valid JSON (invalid JSON at byte ") == true)
    }

    @Test("the memberwise initializer keeps what it is given; the contact is parsed from the raw JSON")
    func memberwise() throws {
        let contact = JSONObject(members: [.init(key: "id", value: .string("abc"))])
        let response = ContactResponse(rawJSON: #"{"id":"abc"}"#, traceID: "t")
        #expect(try response.contact == contact)
        #expect(response.rawJSON == #"{"id":"abc"}"#)
        #expect(response.traceID == "t")
    }
}
