import ContactSync
import GHLToSQLiteCLI
import Foundation
import Logging
import LosslessJSON
import Synchronization
import TestSupport
import Testing

/// Collects what a handler writes.
final class LineCollector: Sendable {
    private let lines = Mutex<[String]>([])

    var all: [String] { lines.withLock { $0 } }

    func append(_ line: String) { lines.withLock { $0.append(line) } }

    /// Each written chunk parsed as one JSON object.
    func objects() throws -> [[String: Any]] {
        try all.map { line in
            #expect(line.hasSuffix("\n") && line.dropLast().firstIndex(of: "\n") == nil, "one line per entry")
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
            return try #require(object as? [String: Any])
        }
    }
}

@Suite struct JSONLogHandlerTests {
    static func logger(_ collector: LineCollector, level: Logger.Level = .info) -> Logger {
        var logger = Logger(label: "ghl-to-sqlite") { label in
            JSONLogHandler(label: label, now: { 1_795_812_601.25 }, write: collector.append)
        }
        logger.logLevel = level
        return logger
    }

    @Test func eachEntryIsOneJSONObjectWithTimestampLevelLabelMessageAndMetadata() throws {
        let collector = LineCollector()
        var logger = Self.logger(collector)
        logger[metadataKey: "job"] = "nightly"
        logger.info("sync started", metadata: ["run": "7", "concurrency": .stringConvertible(8)])
        logger.debug("not shown at info")
        let objects = try collector.objects()
        #expect(objects.count == 1)
        let object = try #require(objects.first)
        #expect(object["timestamp"] as? String == "2026-11-27T20:50:01.250Z")
        #expect(object["level"] as? String == "info")
        #expect(object["label"] as? String == "ghl-to-sqlite")
        #expect(object["message"] as? String == "sync started")
        let metadata = try #require(object["metadata"] as? [String: String])
        #expect(metadata == ["job": "nightly", "run": "7", "concurrency": "8"])
    }

    @Test(arguments: [
        "quote \" backslash \\ slash /",
        "new\nline, carriage\rreturn, tab\t",
        "bell \u{07} nul \u{00} escape \u{1B}[K delete \u{7F} unit separator \u{1F}",
        "unicode: é 名前 🙂 line separator \u{2028}",
    ])
    func messagesAndMetadataAreEscaped(text: String) throws {
        let collector = LineCollector()
        let logger = Self.logger(collector)
        logger.warning("\(text)", metadata: ["value": "\(text)", "nested": ["a": "\(text)"]])
        let line = try #require(collector.all.first)
        #expect(!line.dropLast().contains { $0.isNewline }, "no raw line break inside the entry")
        #expect(!line.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "no raw control character")
        let object = try #require(try collector.objects().first)
        #expect(object["message"] as? String == text)
        let metadata = try #require(object["metadata"] as? [String: String])
        #expect(metadata["value"] == text)
        #expect(metadata["nested"]?.isEmpty == false)
    }

    @Test func errorsCarryTheirDescription() throws {
        let collector = LineCollector()
        let logger = Self.logger(collector)
        logger.error("write failed", metadata: ["error": "disk \"full\""])
        let object = try #require(try collector.objects().first)
        #expect(object["level"] as? String == "error")
        #expect((object["metadata"] as? [String: String])?["error"] == "disk \"full\"")
    }

    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00.000Z"),
        (951_782_400.999, "2000-02-29T00:00:00.999Z"),
        (4_102_444_799.5, "2099-12-31T23:59:59.500Z"),
    ])
    func timestampsAreISO8601InUTC(seconds: Double, expected: String) throws {
        let collector = LineCollector()
        let logger = Logger(label: "x") { JSONLogHandler(label: $0, now: { seconds }, write: collector.append) }
        logger.info("tick")
        #expect(try collector.objects().first?["timestamp"] as? String == expected)
    }
}
