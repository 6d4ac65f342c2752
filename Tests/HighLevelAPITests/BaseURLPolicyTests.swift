import HighLevelAPI
import LosslessJSON
import TestSupport
import Testing

@Suite("BaseURLPolicy")
struct BaseURLPolicyTests {
    @Test("accepted base URLs, trailing slashes stripped", arguments: [
        ("https://services.leadconnectorhq.com", "https://services.leadconnectorhq.com"),
        ("https://services.leadconnectorhq.com/", "https://services.leadconnectorhq.com"),
        ("https://services.leadconnectorhq.com///", "https://services.leadconnectorhq.com"),
        ("HTTPS://Services.LeadConnectorHQ.com", "HTTPS://Services.LeadConnectorHQ.com"),
        ("https://proxy.example.com:8443/ghl/v2/", "https://proxy.example.com:8443/ghl/v2"),
        ("https://127.0.0.1", "https://127.0.0.1"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("http://127.0.0.1:8080/", "http://127.0.0.1:8080"),
        ("http://127.1.2.3", "http://127.1.2.3"),
        ("http://localhost", "http://localhost"),
        ("http://LOCALHOST:3000/api/", "http://LOCALHOST:3000/api"),
        ("http://[::1]:9", "http://[::1]:9"),
        ("http://[::1]/", "http://[::1]"),
    ])
    func accepted(text: String, expected: String) throws {
        #expect(try BaseURLPolicy.validate(text) == expected)
    }

    @Test("refused base URLs", arguments: [
        "http://example.com", "http://services.leadconnectorhq.com", "http://127.evil.com", "http://127.0.0.1.evil.com",
        "http://localhost.evil.com", "http://evil.com/127.0.0.1", "http://evil.com/localhost", "http://128.0.0.1",
        "http://1127.0.0.1", "http://127.0.0.256", "http://127.0.0", "http://[::2]",
        "http://localhost@evil.com", "http://localhost:80@evil.com", "http://127.0.0.1:8080@evil.com",
        "http://[::1]@evil.com", "http://", "ftp://x", "file:///etc/passwd", "ws://localhost",
        "services.leadconnectorhq.com", "//services.leadconnectorhq.com", "", "/", "https://", "https:///path",
        "https://user@host", "https://user:pass@host", "https://host/?q", "https://host?q=1", "https://host/path#frag",
        "https://host#", "https://:443",
    ])
    func refused(text: String) {
        #expect(throws: BaseURLPolicy.Violation.self) { try BaseURLPolicy.validate(text) }
    }

    @Test("a bracketed loopback host followed by more host text is refused", arguments: [
        "http://[::1].evil.com", "http://[::1]evil.com", "http://[::1]x:80",
    ])
    func bracketedHostWithTrailingText(text: String) {
        #expect(throws: BaseURLPolicy.Violation.self) { try BaseURLPolicy.validate(text) }
    }

    @Test("violations say what is wrong", arguments: [
        ("http://example.com", "refusing plain-HTTP base URL http://example.com"),
        ("ftp://x", "base URL must start with https://"),
        ("https://user:secret@host", "base URL must not contain user information"),
        ("https://host/?q=1", "with no query or fragment"),
    ])
    func messages(text: String, fragment: String) {
        let error = #expect(throws: BaseURLPolicy.Violation.self) { try BaseURLPolicy.validate(text) }
        #expect(error?.description.contains(fragment) == true)
        #expect(error?.description.contains("secret") == false, "credentials are not echoed")
    }
}
