import ArgumentParser
import ContactSync
import Foundation
import Synchronization

/// `ghl-to-sqlite`: copy HighLevel contacts into SQLite.
@main
struct GHLToSQLite: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ghl-to-sqlite",
        abstract: "Copy HighLevel (LeadConnector) contacts into normalized SQLite tables.",
        discussion: """
            Exit codes: 0 every id synced; 1 finished, some ids failed (see sync_failures); 2 usage or \
            configuration error; 3 aborted (auth failure, database error); 75 another run is using the \
            database (nothing was done; try again later); 130 interrupted.
            """,
        version: "0.1.0",
        subcommands: [SyncCommand.self, IDsCommand.self, ExportCommand.self, DemoCommand.self, SimulateCommand.self]
    )

    /// Parses and runs, mapping argument errors to exit code 2 (the documented usage-error code).
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(ExitStatus.usage)
            }
            exit(withError: error)
        }
    }
}

/// The exit codes cron and pipelines read.
enum ExitStatus {
    static let usage: Int32 = 2
    static let aborted: Int32 = 3
    /// EX_TEMPFAIL: another run holds the database's lock, so this one did nothing.
    static let busy: Int32 = 75
}

/// Prints a one-line error (a JSON log line under `--log-format json`) and exits with `code`.
func fail(_ message: String, code: Int32) -> Never {
    switch FailureOutput.format.withLock({ $0 }) {
    case .text:
        FileHandle.standardError.write(Data("ghl-to-sqlite: \(message)\n".utf8))
    case .json:
        let line = JSONLogHandler.line(
            timestamp: Date().timeIntervalSince1970, level: .error, label: "ghl-to-sqlite", message: message,
            metadata: ["exit_code": "\(code)"]
        )
        FileHandle.standardError.write(Data(line.utf8))
    }
    exit(code)
}

/// How ``fail(_:code:)`` writes: set once the command knows its `--log-format`.
enum FailureOutput {
    static let format = Mutex(LogFormat.text)
}
