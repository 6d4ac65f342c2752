import HighLevelAPI
import LosslessJSON
import TestSupport
import Testing

private func errorBody(_ text: String) -> APIErrorBody {
    APIErrorBody(body: Array(text.utf8))
}

@Suite("APIErrorBody")
struct APIErrorBodyTests {
    @Test("the error fixtures", arguments: [
        (FixtureFile.error400, "Contact with id abc not found", "Bad Request"),
        (.error401, "Invalid token: access token is invalid", "Unauthorized"),
        (.error422, "contactId must be a valid id", "Unprocessable Entity"),
    ])
    func fixtures(fixture: FixtureFile, message: String, error: String) throws {
        let body = APIErrorBody(body: try fixture.bytes())
        #expect(body.message == message)
        #expect(body.error == error)
        #expect(body.traceID == nil)
    }

    @Test("an array message is joined with \"; \", dropping what is not a string", arguments: [
        (#"{"message": ["a", "b"]}"#, "a; b"),
        (#"{"message": ["contactId must be a valid id", "locationId is required"]}"#,
         "contactId must be a valid id; locationId is required"),
        (#"{"message": ["a", 1, null, {"x": "y"}, "b"]}"#, "a; b"),
        (#"{"message": []}"#, ""),
        (#"{"message": "plain"}"#, "plain"),
        (#"{"message": ""}"#, ""),
    ])
    func messages(text: String, message: String) {
        #expect(errorBody(text).message == message)
    }

    @Test("traceId is kept")
    func traceID() {
        let body = errorBody(#"{"statusCode": 500, "message": "boom", "error": "Internal Server Error", "traceId": "t-1"}"#)
        #expect(body.message == "boom")
        #expect(body.error == "Internal Server Error")
        #expect(body.traceID == "t-1")
    }

    @Test("fields of the wrong type are nil", arguments: [
        #"{"message": 5, "error": true, "traceId": 7}"#, #"{"message": {"text": "x"}, "error": ["Bad"], "traceId": null}"#,
    ])
    func wrongTypes(text: String) {
        #expect(errorBody(text) == APIErrorBody(body: []))
        #expect(errorBody(text).message == nil)
        #expect(errorBody(text).error == nil)
        #expect(errorBody(text).traceID == nil)
    }

    @Test("unreadable bodies give all-nil fields", arguments: [
        "", "<html><body>502 Bad Gateway</body></html>", "Internal Server Error", "null", "[]",
        #"["message", "x"]"#, #"{"message": "unterminated"#, #"{"message": "x"} trailing"#,
    ])
    func garbage(text: String) {
        let body = errorBody(text)
        #expect(body.message == nil)
        #expect(body.error == nil)
        #expect(body.traceID == nil)
    }

    @Test("invalid UTF-8 gives all-nil fields")
    func invalidUTF8() {
        let body = APIErrorBody(body: Array(#"{"message": ""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8))
        #expect(body.message == nil)
        #expect(body.error == nil)
    }

    @Test("a body over 64 KiB is not parsed")
    func hugeBody() {
        let padding = String(repeating: " ", count: 64 * 1024)
        #expect(errorBody(#"{"message": "small"}"# + padding).message == nil)
        let fits = #"{"message": "small"}"#
        #expect(errorBody(fits + String(repeating: " ", count: 64 * 1024 - fits.utf8.count)).message == "small")
    }

    @Test("long texts are cut to maximumMessageLength characters plus an ellipsis")
    func truncation() {
        let limit = APIErrorBody.maximumMessageLength
        #expect(limit == 500)
        let long = String(repeating: "é", count: 10_000)
        let body = errorBody(#"{"message": "\#(long)", "error": "\#(long)", "traceId": "\#(long)"}"#)
        let expected = String(repeating: "é", count: limit) + "…"
        #expect(body.message == expected)
        #expect(body.error == expected)
        #expect(body.traceID == expected)

        let joined = errorBody(#"{"message": [\#(Array(repeating: "\"abcdefghij\"", count: 100).joined(separator: ","))]}"#)
        #expect(joined.message?.count == limit + 1)
        #expect(joined.message?.hasPrefix("abcdefghij; abcdefghij") == true)
        #expect(joined.message?.hasSuffix("…") == true)
    }

    @Test("a message of exactly the limit is kept whole")
    func exactLimit() {
        let text = String(repeating: "x", count: APIErrorBody.maximumMessageLength)
        #expect(errorBody(#"{"message": "\#(text)"}"#).message == text)
        #expect(errorBody(#"{"message": "\#(text)y"}"#).message == text + "…")
    }
}
