import Testing

@testable import ContactSync

@Suite struct ContactIDSetTests {
    @Test func packsLettersAndDigitsInjectivelyAcrossLengths() {
        // "0" is code 1, so "0", "00" and "000" must all differ, and so must ids that differ in one place.
        let ids = ["0", "00", "000", "1", "01", "10", "z", "zz", "Z", "a", "A",
                   "ocQHyuzHvuMOe5N5jjXF", "ocQHyuzHvuMOe5N5jjXG", "0cQHyuzHvuMOe5N5jjXF",
                   String(repeating: "z", count: 21), String(repeating: "0", count: 21)]
        let packed = ids.compactMap(ContactIDSet.pack)
        #expect(packed.count == ids.count)
        #expect(Set(packed).count == ids.count)
    }

    @Test func leavesEverythingElseToStrings() {
        #expect(ContactIDSet.pack("") == nil)
        #expect(ContactIDSet.pack(String(repeating: "a", count: 22)) == nil)
        #expect(ContactIDSet.pack("a-b") == nil)
        #expect(ContactIDSet.pack("é") == nil)
    }

    @Test func behavesLikeASetOfStrings() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcXYZ019-_é")
        var reference: Set<String> = []
        var set = ContactIDSet()
        for _ in 0..<5_000 {
            let length = Int.random(in: 0...24, using: &generator)
            let id = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            #expect(set.contains(id) == reference.contains(id))
            #expect(set.insert(id) == reference.insert(id).inserted, "\(id)")
            #expect(set.contains(id))
        }
        #expect(set.count == reference.count)
    }
}
