extension String {
    /// `bytes` as a string, without checking again that they are well-formed UTF-8: the caller has (the
    /// parser's ``JSONParser/validateUTF8(_:stringStart:)``, or a writer that only copies strings' own UTF-8
    /// and ASCII). `String(decoding:as:)` would check every byte a second time, repairing nothing.
    ///
    /// Where the standard library has no unchecked form (Apple platforms before 26), it decodes as usual.
    package init(alreadyValidatedUTF8 bytes: UnsafeBufferPointer<UInt8>) {
        if #available(macOS 26.0, iOS 26.0, watchOS 26.0, tvOS 26.0, visionOS 26.0, *) {
            self = String(copying: UTF8Span(unchecked: bytes.span))
        } else {
            self = String(decoding: bytes, as: UTF8.self)
        }
    }
}
