import Foundation
import Testing

@testable import LeadConnectorSimulator

@Suite("Oversize bodies", .timeLimit(.minutes(2)))
struct SimulatorOversizeBodyTests {
    static let ids = ContactGenerator.ids(count: 20).filter(ContactGenerator.exists)

    /// The body of a `Transfer-Encoding: chunked` message, or nil when the framing is broken.
    static func dechunk(_ bytes: [UInt8]) -> [UInt8]? {
        var body: [UInt8] = []
        var index = 0
        while true {
            guard let lineEnd = bytes[index...].firstRange(of: [0x0D, 0x0A]) else { return nil }
            let sizeText = String(decoding: bytes[index..<lineEnd.lowerBound], as: UTF8.self)
            guard let size = Int(sizeText, radix: 16) else { return nil }
            index = lineEnd.upperBound
            if size == 0 { return body }
            guard index + size + 2 <= bytes.count else { return nil }
            body += bytes[index..<(index + size)]
            index += size + 2
        }
    }

    @Test("an oversize id gets its contact padded to exactly the configured size, other ids their usual body",
          arguments: [true, false])
    func paddedToTheExactSize(announcesLength: Bool) async throws {
        let id = Self.ids[0]
        let other = Self.ids[1]
        let size = 3 << 20 + 12_345  // several chunks and a partial one; the size itself does not matter here
        var configuration = SimulatorConfiguration()
        configuration.rateLimit = nil
        configuration.oversizeBodyIDs = [id]
        configuration.oversizeBodyBytes = size
        configuration.oversizeBodyAnnouncesLength = announcesLength
        try await LeadConnectorSimulator.withRunning(configuration, logger: SimulatorClient.quietLogger) { simulator in
            let exchange = try await RawHTTP.get(port: simulator.port, path: "/contacts/\(id)")
            #expect(exchange.status == 200)
            let body: [UInt8]
            if announcesLength {
                #expect(exchange.header("Content-Length") == String(size))
                body = exchange.body
            } else {
                #expect(exchange.header("Content-Length") == nil)
                #expect(exchange.header("Transfer-Encoding") == "chunked")
                body = try #require(Self.dechunk(exchange.body))
            }
            #expect(body.count == size)
            let envelope = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
            #expect(envelope["traceId"] as? String == ContactGenerator.traceID(for: id))
            let contact = try #require(envelope["contact"] as? [String: Any])
            let plain = try #require(
                try JSONSerialization.jsonObject(with: Data(ContactGenerator.contactJSON(id: id).utf8)) as? [String: Any])
            #expect(Set(contact.keys) == Set(plain.keys).union([SimulatorReply.paddingKey]))
            #expect(contact["id"] as? String == id)
            let padding = try #require(contact[SimulatorReply.paddingKey] as? String)
            #expect(padding.utf8.count > size - 100_000)
            #expect(padding.utf8.allSatisfy { $0 == UInt8(ascii: "x") })

            let usual = try await RawHTTP.get(port: simulator.port, path: "/contacts/\(other)")
            #expect(usual.bodyText == ContactGenerator.responseBody(id: other))
            #expect(simulator.log.statusCounts() == [200: 2])
        }
    }
}
