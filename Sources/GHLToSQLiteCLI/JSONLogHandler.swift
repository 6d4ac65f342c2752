import ContactSync
import Foundation
package import Logging
package import LosslessJSON

/// A swift-log handler writing one JSON object per line: `timestamp` (ISO 8601, UTC, milliseconds),
/// `level`, `label`, `message` and `metadata` (every value as a string).
///
/// The command installs it for `--log-format json`. Each line is handed to `write` whole, so lines from
/// concurrent tasks never interleave.
package struct JSONLogHandler: LogHandler {
    package var logLevel: Logger.Level = .info
    package var metadata: Logger.Metadata = [:]
    package var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let write: @Sendable (String) -> Void
    private let now: @Sendable () -> Double

    /// Writes lines (each ending in `\n`) through `write`; `now` gives seconds since 1970 (the wall clock
    /// unless a test fixes it).
    package init(
        label: String, metadataProvider: Logger.MetadataProvider? = nil,
        now: (@Sendable () -> Double)? = nil,
        write: @escaping @Sendable (String) -> Void
    ) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.now = now ?? { Date().timeIntervalSince1970 }
        self.write = write
    }

    /// A handler writing to standard error with one `write(2)` per line.
    package static func standardError(label: String) -> JSONLogHandler {
        JSONLogHandler(label: label) { line in FileOutput.writeAll(line, to: STDERR_FILENO) }
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        var fields = metadata
        if let provided = metadataProvider?.get() { fields.merge(provided) { _, new in new } }
        if let own = event.metadata { fields.merge(own) { _, new in new } }
        if let error = event.error { fields["error"] = "\(error)" }
        write(Self.line(
            timestamp: Timestamp(secondsSinceEpoch: now()), level: event.level, label: label, message: event.message.description, metadata: fields
        ))
    }

    /// One log line, keys in a fixed order and metadata keys sorted.
    package static func line(
        timestamp: Timestamp, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata
    ) -> String {
        let object = JSONValue.object([
            "timestamp": .string(timestamp.iso8601), "level": .string(level.rawValue), "label": .string(label),
            "message": .string(message), "metadata": .sortedObject(metadata.mapValues { .string(text($0)) }),
        ])
        // U+2028 and U+2029 are valid in JSON strings but end a line for JavaScript and many log viewers: the
        // one entry must stay one line. Outside strings the text holds no such character.
        return object.jsonText.replacing("\u{2028}", with: "\\u2028").replacing("\u{2029}", with: "\\u2029") + "\n"
    }

    /// A metadata value as plain text (nested values as swift-log describes them).
    static func text(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let string): string
        case .stringConvertible(let convertible): convertible.description
        case .array, .dictionary: value.description
        }
    }
}
