import HighLevelAPI
import LosslessJSON
import TestSupport
import Testing

@Suite("ContactID")
struct ContactIDTests {
    @Test("1 to 64 ASCII letters and digits are accepted", arguments: [
        "a", "Z", "0", "ocQHyuzHvuMOe5N5jjXF", "seD4PfOuKoVMLkEZqohJ", "0123456789", "abcdefghijklmnopqrstuvwxyz",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ", String(repeating: "x", count: 64), String(repeating: "9", count: 63),
    ])
    func valid(text: String) throws {
        let id = try #require(ContactID(text))
        #expect(id.rawValue == text)
        #expect(id.description == text)
        #expect("\(id)" == text)
    }

    @Test("anything else is refused", arguments: [
        "", String(repeating: "x", count: 65), "../x", "a/b", "%2F", "abc%2Fdef", "?q=1", "abc?q=1", "#frag", "é", "abcé",
        " a", "a ", "a b", "a\u{00}", "\u{00}", "a\nb", "a\t", "a-b", "a_b", "a.b", "..", "a+b", "a;b", "a@b",
        "\u{FF21}", "٣", "𝟘", "a\u{301}",
    ])
    func invalid(text: String) {
        #expect(ContactID(text) == nil)
    }

    @Test("a substring is accepted as its text")
    func substring() throws {
        let line = "  ocQHyuzHvuMOe5N5jjXF\n"
        let id = try #require(ContactID(line.dropFirst(2).dropLast()))
        #expect(id.rawValue == "ocQHyuzHvuMOe5N5jjXF")
        #expect(ContactID(line) == nil)
    }

    @Test("equality, hashing and ordering follow the text")
    func ordering() throws {
        let ids = try ["b", "B", "a", "a1", "10", "9"].map { try #require(ContactID($0)) }
        #expect(ids.sorted().map(\.rawValue) == ["10", "9", "B", "a", "a1", "b"])
        #expect(Set(ids + ids).count == 6)
        #expect(ContactID("abc") == ContactID("abc"))
        #expect(ContactID("abc") != ContactID("ABC"))
    }
}
