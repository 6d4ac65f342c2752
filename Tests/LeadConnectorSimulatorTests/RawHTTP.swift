import NIOCore
import NIOPosix

/// A bare HTTP/1.1 exchange over one fresh connection, reading raw bytes until the server closes it.
///
/// HummingbirdTesting's client hides what reached the wire when a response is cut short; this does not.
struct RawHTTP {
    /// Everything received, split into head and body.
    struct Exchange {
        var bytes: [UInt8]
        var head: String
        var body: [UInt8]

        /// The status code from the status line, nil when nothing (or no head) arrived.
        var status: Int? {
            let parts = head.split(separator: " ", maxSplits: 2)
            return parts.count >= 2 ? Int(parts[1]) : nil
        }

        /// A header value (case-insensitive name).
        func header(_ name: String) -> String? {
            for line in head.split(separator: "\r\n").dropFirst() {
                let parts = line.split(separator: ":", maxSplits: 1)
                if parts.count == 2, parts[0].lowercased() == name.lowercased() {
                    return parts[1].trimmingPrefix(" ").description
                }
            }
            return nil
        }

        var bodyText: String { String(decoding: body, as: UTF8.self) }
    }

    /// Sends `GET path` with a correct token and `Connection: close`, and reads until end of stream.
    static func get(port: Int, path: String, token: String = "sim-token") async throws -> Exchange {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let request =
            "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n"
            + "Version: 2021-07-28\r\nAccept: application/json\r\nConnection: close\r\n\r\n"
        let bytes = try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: request))
            var bytes: [UInt8] = []
            do {
                for try await var chunk in inbound {
                    bytes += chunk.readBytes(length: chunk.readableBytes) ?? []
                }
            } catch {
                // A reset ends the stream like a close does; what arrived before it is what matters.
            }
            return bytes
        }
        return split(bytes)
    }

    private static func split(_ bytes: [UInt8]) -> Exchange {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let end = bytes.indices.first(where: { bytes[$0...].starts(with: separator) }) else {
            return Exchange(bytes: bytes, head: String(decoding: bytes, as: UTF8.self), body: [])
        }
        return Exchange(
            bytes: bytes,
            head: String(decoding: bytes[..<end], as: UTF8.self),
            body: Array(bytes[(end + separator.count)...])
        )
    }
}
