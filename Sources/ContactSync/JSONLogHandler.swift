import Foundation
public import Logging

/// A swift-log handler writing one JSON object per line: `timestamp` (ISO 8601, UTC, milliseconds),
/// `level`, `label`, `message` and `metadata` (every value as a string).
///
/// Lives in ContactSync, beside the progress renderer, so tests can reach it; the command installs it for
/// `--log-format json`. Each line is handed to `write` whole, so lines from concurrent tasks never interleave.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let write: @Sendable (String) -> Void
    private let now: @Sendable () -> Double

    /// Writes lines (each ending in `\n`) through `write`; `now` gives seconds since 1970 (the wall clock
    /// unless a test fixes it).
    public init(
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
    public static func standardError(label: String) -> JSONLogHandler {
        JSONLogHandler(label: label) { line in FileOutput.writeAll(line, to: STDERR_FILENO) }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields = metadata
        if let provided = metadataProvider?.get() { fields.merge(provided) { _, new in new } }
        if let own = event.metadata { fields.merge(own) { _, new in new } }
        if let error = event.error { fields["error"] = "\(error)" }
        write(Self.line(
            timestamp: now(), level: event.level, label: label, message: event.message.description, metadata: fields
        ))
    }

    /// One log line, keys in a fixed order and metadata keys sorted.
    public static func line(
        timestamp: Double, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata
    ) -> String {
        var line = "{\"timestamp\":\""
        line += iso8601(timestamp)
        line += "\",\"level\":"
        appendQuoted(level.rawValue, to: &line)
        line += ",\"label\":"
        appendQuoted(label, to: &line)
        line += ",\"message\":"
        appendQuoted(message, to: &line)
        line += ",\"metadata\":{"
        var first = true
        for key in metadata.keys.sorted() {
            if !first { line += "," }
            first = false
            appendQuoted(key, to: &line)
            line += ":"
            appendQuoted(metadata[key].map(Self.text) ?? "", to: &line)
        }
        line += "}}\n"
        return line
    }

    /// A metadata value as plain text (nested values as swift-log describes them).
    static func text(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let string): string
        case .stringConvertible(let convertible): convertible.description
        case .array, .dictionary: value.description
        }
    }

    /// Appends `string` as a JSON string literal: quotes, backslashes and every control character escaped.
    static func appendQuoted(_ string: String, to line: inout String) {
        line += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": line += "\\\""
            case "\\": line += "\\\\"
            case "\n": line += "\\n"
            case "\r": line += "\\r"
            case "\t": line += "\\t"
            case "\u{08}": line += "\\b"
            case "\u{0C}": line += "\\f"
            case "\u{2028}": line += "\\u2028"
            case "\u{2029}": line += "\\u2029"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    line += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    line.unicodeScalars.append(scalar)
                }
            }
        }
        line += "\""
    }

    /// `2026-11-27T20:50:01.123Z` for seconds since 1970.
    static func iso8601(_ seconds: Double) -> String {
        let milliseconds = Int64((seconds * 1000).rounded(.down))
        var whole = time_t(milliseconds / 1000)
        var parts = tm()
        gmtime_r(&whole, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(width - text.count, 0)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))"
            + "T\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))"
            + ".\(pad(Int32(milliseconds % 1000), 3))Z"
    }
}
