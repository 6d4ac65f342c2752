package import HighLevelAPI
import LosslessJSON
package import Testing

extension ContactResponse {
    /// Decodes `body` both ways a sync does, skimmed (a re-sync) and parsed (a first load), records an issue
    /// unless they agree (the same contact text and trace id, the same parsed contact, or the same error), and
    /// returns the skimmed one.
    package static func decodedBothWays(
        _ body: [UInt8], expectedID id: ContactID, sourceLocation: SourceLocation = #_sourceLocation
    ) throws(ResponseDecodingError) -> ContactResponse {
        let skimmed = Result { () throws(ResponseDecodingError) in try ContactResponse(body: body, expectedID: id) }
        let parsed = Result { () throws(ResponseDecodingError) in
            try ContactResponse(body: body, expectedID: id, parsing: true)
        }
        switch (skimmed, parsed) {
        case (.success(let skimmed), .success(let parsed)):
            #expect(skimmed.parsedContact == nil, sourceLocation: sourceLocation)
            #expect(parsed.rawJSON == skimmed.rawJSON, sourceLocation: sourceLocation)
            #expect(parsed.traceID == skimmed.traceID, sourceLocation: sourceLocation)
            #expect(parsed.parsedContact != nil && parsed.parsedContact == (try? skimmed.contact), sourceLocation: sourceLocation)
        case (.failure(let skimError), .failure(let parseError)):
            #expect(skimError == parseError, sourceLocation: sourceLocation)
        default:
            Issue.record("skimmed: \(skimmed); parsed: \(parsed)", sourceLocation: sourceLocation)
        }
        return try skimmed.get()
    }
}
