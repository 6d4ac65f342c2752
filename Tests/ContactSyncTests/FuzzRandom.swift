import LosslessJSON
import TestSupport
/// The fuzz tests' seeded generator (SplitMix64): every draw is defined here, not by the standard library's
/// `random(in:using:)`, so a seed yields the same cases on every toolchain and a failure reproduces from its seed.
struct FuzzRandom {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<bound`; `bound` must be positive.
    mutating func int(below bound: Int) -> Int {
        precondition(bound > 0)
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// A uniform integer in `range`.
    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + int(below: range.count)
    }

    /// True with probability `percent`/100.
    mutating func chance(_ percent: Int) -> Bool {
        int(below: 100) < percent
    }

    mutating func pick<T>(_ items: [T]) -> T {
        items[int(below: items.count)]
    }

    /// Up to `count` elements of `items`, chosen without replacement and kept in their original order.
    mutating func sample<T>(_ items: [T], count: Int) -> [T] {
        guard items.count > count else { return items }
        var indices = Array(items.indices)
        for index in 0..<count {
            indices.swapAt(index, index + int(below: indices.count - index))
        }
        return indices.prefix(count).sorted().map { items[$0] }
    }
}
