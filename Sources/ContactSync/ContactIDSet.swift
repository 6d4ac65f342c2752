/// An exact set of id strings that keeps the usual ids in 16 bytes each instead of a heap string.
///
/// A resumed run remembers every id it already stored (the ids a run reads are in a ``TemporaryIDSet`` on
/// disk instead). HighLevel ids are 20 ASCII letters and digits, one byte too long for Swift's inline small
/// strings, so a `Set<String>` costs ~100 bytes per id (a 64-byte heap allocation, the 16-byte string and
/// the table's slack). Ids of up to 21 letters and digits are packed instead, 6 bits per character
/// (codes 1...62, so the packing is injective across lengths), into a `UInt128`; anything else (longer
/// ids, invalid lines) goes to a plain `Set<String>`. About 21–43 bytes per id at 20 characters.
struct ContactIDSet {
    private var packed: Set<UInt128> = []
    private var others: Set<String> = []

    init() {}

    var count: Int { packed.count + others.count }

    /// Inserts `id`; false when it was already present.
    @discardableResult
    mutating func insert(_ id: String) -> Bool {
        if let key = Self.pack(id) { return packed.insert(key).inserted }
        return others.insert(id).inserted
    }

    func contains(_ id: String) -> Bool {
        if let key = Self.pack(id) { return packed.contains(key) }
        return others.contains(id)
    }

    /// The 6-bit packing of a 1–21 character id of ASCII letters and digits; nil for anything else.
    static func pack(_ id: String) -> UInt128? {
        var value: UInt128 = 0
        var length = 0
        for byte in id.utf8 {
            let code: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): code = byte - UInt8(ascii: "0") + 1
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): code = byte - UInt8(ascii: "A") + 11
            case UInt8(ascii: "a")...UInt8(ascii: "z"): code = byte - UInt8(ascii: "a") + 37
            default: return nil
            }
            length += 1
            guard length <= 21 else { return nil }
            value = value << 6 | UInt128(code)
        }
        return length == 0 ? nil : value
    }
}
