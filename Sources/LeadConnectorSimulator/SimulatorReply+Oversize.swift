import Hummingbird
import NIOCore

extension SimulatorReply {
    /// The member that pads an oversize contact out to the requested size.
    static let paddingKey = "oversizePadding"

    /// A valid 200 body of exactly `bytes` bytes (or the plain body, when that is already larger): the contact for
    /// `contactID` with one extra string member made of `x`, and the usual `traceId`.
    ///
    /// Only the small parts are held in memory; the padding is written in chunks as the client reads.
    static func oversize(contactID: String, bytes: Int, announcesLength: Bool) -> SimulatorReply {
        var contact = ContactGenerator.contactJSON(id: contactID)
        contact.removeLast()  // the contact's closing brace; the padding member goes last
        let head = "{\"contact\":" + contact + ",\"" + paddingKey + "\":\""
        let tail = "\"},\"traceId\":\"" + ContactGenerator.traceID(for: contactID) + "\"}"
        let padding = max(0, bytes - head.utf8.count - tail.utf8.count)
        return SimulatorReply(
            status: 200, body: head + tail,
            delivery: .padded(offset: head.utf8.count, bytes: padding, announcesLength: announcesLength)
        )
    }

    /// Writes `body` with `padding` bytes of `x` inserted at `offset`, 1 MiB at a time.
    static func paddedBody(_ body: ByteBuffer, padding: Int, at offset: Int, announcesLength: Bool) -> ResponseBody {
        let head = body.getSlice(at: body.readerIndex, length: offset) ?? ByteBuffer()
        let tail = body.getSlice(at: body.readerIndex + offset, length: body.readableBytes - offset) ?? ByteBuffer()
        let chunk = ByteBuffer(repeating: UInt8(ascii: "x"), count: 1024 * 1024)
        return ResponseBody(contentLength: announcesLength ? body.readableBytes + padding : nil) { writer in
            try await writer.write(head)
            var remaining = padding
            while remaining > 0 {
                let count = min(remaining, chunk.readableBytes)
                try await writer.write(chunk.getSlice(at: chunk.readerIndex, length: count) ?? ByteBuffer())
                remaining -= count
            }
            try await writer.write(tail)
            try await writer.finish(nil)
        }
    }
}
