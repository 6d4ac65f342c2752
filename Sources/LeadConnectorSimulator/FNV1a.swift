/// The 64-bit FNV-1a hash, stable across platforms and runs (unlike `Hasher`).
enum FNV1a {
    /// The FNV-1a hash of the UTF-8 bytes of `text`.
    static func hash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// A well-mixed hash of `text` under a `purpose` label, so different decisions about one id are independent.
    static func hash(_ text: String, purpose: String) -> UInt64 {
        SplitMix64.mix(hash(purpose + ":" + text))
    }
}
