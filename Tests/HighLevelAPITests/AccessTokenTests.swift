import Foundation
import HighLevelAPI
import LosslessJSON
import TestSupport
import Testing

private let secret = "pit-3f9c2a71-Secret.Token_value~42"

@Suite("AccessToken")
struct AccessTokenTests {
    @Test("the secret appears only in the Authorization header value")
    func headerValue() throws {
        let token = try #require(AccessToken(secret))
        #expect(token.authorizationHeaderValue == "Bearer \(secret)")
        #expect(token.appears(in: "prefix \(secret) suffix"))
        #expect(!token.appears(in: "pit-3f9c2a71"))
    }

    @Test("no textual form of the token contains the secret")
    func redacted() throws {
        let token = try #require(AccessToken(secret))
        var dumped = ""
        dump(token, to: &dumped)
        var dumpedInContainer = ""
        dump(["token": token], to: &dumpedInContainer)
        let renderings = [
            token.description, token.debugDescription, String(describing: token), String(reflecting: token), "\(token)",
            String(describing: [token]), String(reflecting: Optional(token)), dumped, dumpedInContainer,
        ]
        for rendering in renderings {
            #expect(!rendering.contains(secret), "leaked in \(rendering)")
            #expect(!rendering.contains("3f9c2a71"), "partly leaked in \(rendering)")
        }
        #expect(token.description == "<redacted token>")
        #expect(token.debugDescription == "<redacted token>")
        #expect(Mirror(reflecting: token).children.isEmpty)
    }

    @Test("surrounding whitespace and newlines are trimmed", arguments: [
        "abc", " abc", "abc ", "\tabc\n", "abc\r\n", "\n\n abc \t\r\n",
    ])
    func trimmed(text: String) throws {
        let token = try #require(AccessToken(text))
        #expect(token.authorizationHeaderValue == "Bearer abc")
    }

    @Test("empty tokens and tokens with spaces, control or non-ASCII characters are refused", arguments: [
        "", " ", "\n", "\r\n\t ", "ab c", "ab\tc", "ab\nc", "ab\u{00}", "\u{00}", "ab\u{7F}", "abé", "ab\u{A0}",
        "\u{A0}abc", "abc\u{2028}", "ab\u{1B}[31m",
    ])
    func refused(text: String) {
        #expect(AccessToken(text) == nil)
    }

    @Test("every printable ASCII character is allowed")
    func printableASCII() throws {
        let text = String(decoding: (0x21...0x7E).map { UInt8($0) }, as: UTF8.self)
        let token = try #require(AccessToken(text))
        #expect(token.authorizationHeaderValue == "Bearer " + text)
    }
}

@Suite("AccessToken.resolve")
struct AccessTokenResolveTests {
    /// Writes `contents` to a fresh temporary file, runs `body` with its path, then removes it.
    private func withTemporaryFile<T>(_ contents: [UInt8], _ body: (String) throws -> T) throws -> T {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ghl-token-\(UUID().uuidString)")
        try Data(contents).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try body(url.path)
    }

    @Test("from GHL_ACCESS_TOKEN")
    func fromEnvironment() throws {
        #expect(AccessToken.environmentVariable == "GHL_ACCESS_TOKEN")
        let token = try AccessToken.resolve(environment: ["GHL_ACCESS_TOKEN": " \(secret)\n", "OTHER": "x"], tokenFile: nil)
        #expect(token.authorizationHeaderValue == "Bearer \(secret)")
    }

    @Test("from a token file with a trailing newline, which wins over the environment", arguments: [
        "\n", "\r\n", "", "  \n\n",
    ])
    func fromFile(ending: String) throws {
        let token = try withTemporaryFile(Array((secret + ending).utf8)) { path in
            try AccessToken.resolve(environment: ["GHL_ACCESS_TOKEN": "environmentToken"], tokenFile: path)
        }
        #expect(token.authorizationHeaderValue == "Bearer \(secret)")
    }

    @Test("a missing token file: the error names the file, not the token")
    func missingFile() {
        let path = "/nonexistent/ghl-\(UUID().uuidString)/token"
        let error = #expect(throws: AccessToken.SourceError.self) {
            try AccessToken.resolve(environment: ["GHL_ACCESS_TOKEN": secret], tokenFile: path)
        }
        #expect(error?.description == "cannot read token file \(path)")
        #expect(error?.description.contains(secret) == false)
    }

    @Test("a token file that does not hold one token: the error does not quote the file", arguments: [
        Array("two words \(secret)\n".utf8), Array("\(secret)\nsecond-line\n".utf8), Array("\n \n".utf8), [],
        Array(secret.utf8) + [0xFF, 0xFE], [UInt8](repeating: UInt8(ascii: "a"), count: 64 * 1024 + 1),
    ])
    func badFile(contents: [UInt8]) throws {
        let error = try withTemporaryFile(contents) { path in
            #expect(throws: AccessToken.SourceError.self) {
                try AccessToken.resolve(environment: [:], tokenFile: path)
            }
        }
        #expect(error?.description.contains("does not hold a token") == true)
        #expect(error?.description.contains(secret) == false)
        #expect(error?.description.contains("second-line") == false)
    }

    @Test("no environment variable, or an empty one")
    func missingEnvironment() {
        for environment in [[:], ["GHL_ACCESS_TOKEN": ""], ["ghl_access_token": secret]] as [[String: String]] {
            let error = #expect(throws: AccessToken.SourceError.self) {
                try AccessToken.resolve(environment: environment, tokenFile: nil)
            }
            #expect(error?.description == "no access token: set GHL_ACCESS_TOKEN or pass --token-file PATH")
        }
    }

    @Test("an environment value that is not a token: the error does not quote it")
    func badEnvironment() {
        let error = #expect(throws: AccessToken.SourceError.self) {
            try AccessToken.resolve(environment: ["GHL_ACCESS_TOKEN": "Bearer \(secret)"], tokenFile: nil)
        }
        #expect(error?.description.contains("GHL_ACCESS_TOKEN does not hold a token") == true)
        #expect(error?.description.contains(secret) == false)
    }
}
