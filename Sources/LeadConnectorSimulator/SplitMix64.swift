/// A small, fast, seedable pseudo-random generator (Steele, Lea and Flood's SplitMix64).
///
/// It deliberately does not conform to `RandomNumberGenerator`: the standard library does not promise that
/// `Int.random(in:using:)` or `shuffled(using:)` keep their algorithms, and the generator's output must stay
/// byte-identical across toolchains. Every derived draw (ranges, probabilities, picks) is defined here.
struct SplitMix64: Sendable {
    private var state: UInt64

    /// Creates a generator whose sequence is fully determined by `seed`.
    init(seed: UInt64) {
        self.state = seed
    }

    /// Creates a generator seeded from the FNV-1a hash of `text`.
    init(hashing text: String) {
        self.state = FNV1a.hash(text)
    }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// SplitMix64's output finaliser; also a good bit mixer for hashes.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<bound` (multiply-high reduction; `bound` must be positive).
    mutating func int(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// A uniform integer in `range`.
    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + int(below: range.upperBound - range.lowerBound + 1)
    }

    /// A uniform `Double` in `0..<1`.
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// `true` with probability `probability`.
    mutating func chance(_ probability: Double) -> Bool {
        unit() < probability
    }

    /// A uniformly chosen element of a non-empty array.
    mutating func pick<Element>(_ elements: [Element]) -> Element {
        elements[int(below: elements.count)]
    }

    /// `count` distinct elements of `elements`, in the order drawn.
    mutating func sample<Element>(_ elements: [Element], count: Int) -> [Element] {
        var pool = elements
        var chosen: [Element] = []
        for _ in 0..<min(count, pool.count) {
            chosen.append(pool.remove(at: int(below: pool.count)))
        }
        return chosen
    }

    /// A string of `length` characters drawn from `[A-Za-z0-9]`, the shape of LeadConnector ids.
    mutating func identifier(length: Int = 20) -> String {
        String((0..<length).map { _ in pick(Self.identifierCharacters) })
    }

    /// A string of `length` lowercase hexadecimal digits.
    mutating func hex(length: Int) -> String {
        String((0..<length).map { _ in pick(Self.hexCharacters) })
    }

    /// A random version-4 UUID in lowercase canonical form.
    mutating func uuid() -> String {
        Self.uuid(high: next(), low: next())
    }

    /// A version-4 UUID built from 128 bits.
    static func uuid(high: UInt64, low: UInt64) -> String {
        let versioned = (high & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000
        let variant = (low & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        let digits = Array(hexDigits(versioned, count: 16) + hexDigits(variant, count: 16))
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(digits[$0]) }.joined(separator: "-")
    }

    private static func hexDigits(_ value: UInt64, count: Int) -> String {
        let hex = String(value, radix: 16, uppercase: false)
        return String(repeating: "0", count: count - hex.count) + hex
    }

    static let identifierCharacters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
    static let hexCharacters = Array("0123456789abcdef")
}
