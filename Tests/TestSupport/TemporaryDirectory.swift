import Foundation

/// A fresh directory under the system temp dir, removed when released.
package final class TemporaryDirectory: Sendable {
    package let path: String

    package init() throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("ghl-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    package func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// Writes `bytes` to a new file and returns its path.
    package func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = file(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    package func write(_ name: String, lines: [String]) throws -> String {
        try write(name, Array(lines.joined(separator: "\n").utf8))
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
