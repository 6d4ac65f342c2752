import Testing

@testable import ContactStore
import LosslessJSON
import TestSupport

@Suite struct IDIndexTests {
    @Test func insertReportsFirstSightingsOnlyAndCountsDistinctStrings() throws {
        let set = try IDIndex()
        #expect(try set.insert("abc") == true)
        #expect(try set.insert("abc") == false)
        #expect(try set.insert("ABC") == true, "ids are case-sensitive")
        #expect(try set.insert("") == true)
        #expect(try set.insert("line with\u{0}nul and ü") == true)
        #expect(try set.insert("line with\u{0}nul and ü") == false)
        #expect(set.count == 4)
        #expect(try set.contains("abc"))
        #expect(try set.contains("line with\u{0}nul and ü"))
        #expect(try !set.contains("line with"), "text after a NUL is part of the key")
        #expect(try !set.contains("abd"))
    }

    /// Far more ids than its 512 KiB page cache holds: the set spills to its temporary file and stays exact.
    @Test func staysExactBeyondItsPageCache() throws {
        let set = try IDIndex()
        let ids = (0..<60_000).map { index in String(index * 7919 % 1_000_003, radix: 36) + "-contact-id-\(index % 97)" }
        var firstSightings = 0
        for id in ids where try set.insert(id) { firstSightings += 1 }
        #expect(firstSightings == Set(ids).count)
        #expect(set.count == Set(ids).count)
        for id in ids.prefix(1_000) { #expect(try set.insert(id) == false) }
        #expect(try !set.contains("not-an-id"))
    }

    @Test func separateSetsDoNotShareIds() throws {
        let first = try IDIndex()
        let second = try IDIndex()
        #expect(try first.insert("x"))
        #expect(try second.insert("x"))
        #expect(try !second.contains("y"))
    }
}
