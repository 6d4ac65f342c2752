package import ArgumentParser
import ContactSync
import Foundation
import LosslessJSON

/// `ghl-to-sqlite`: copy HighLevel contacts into SQLite.
package struct GHLToSQLite: AsyncParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "ghl-to-sqlite",
        abstract: "Copy HighLevel (LeadConnector) contacts into normalized SQLite tables.",
        discussion: """
            Exit codes: 0 every id synced; 1 finished, some ids failed (see sync_failures); 2 usage or \
            configuration error; 3 aborted (auth failure, database error); 75 another run is using the \
            database (nothing was done; try again later); 130 interrupted.
            """,
        version: "0.1.0",
        subcommands: [SyncCommand.self, IDsCommand.self, ExportCommand.self, DatasetteMetadataCommand.self, DemoCommand.self]
    )

    package init() {}

    /// Parses and runs the command; the one place that turns errors into output and an exit code. Argument
    /// errors exit 2 (the documented usage-error code), ``CLIError`` its own code with its message.
    package static func runAsEntryPoint() async {
        var format = LogFormat.text
        do {
            var command = try parseAsRoot()
            format = (command as? any ReportsInLogFormat)?.logFormat ?? .text
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as CLIError {
            if let message = error.message { writeError(message, exitCode: error.exitCode, format: format) }
            Foundation.exit(error.exitCode)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileOutput.writeAll(fullMessage(for: error) + "\n", to: STDERR_FILENO)
                Foundation.exit(ExitStatus.usage)
            }
            exit(withError: error)
        }
    }

    /// A one-line error on standard error: `ghl-to-sqlite: message`, or a JSON log line under `--log-format json`.
    static func writeError(_ message: String, exitCode: Int32, format: LogFormat) {
        switch format {
        case .text:
            FileOutput.writeAll("ghl-to-sqlite: \(message)\n", to: STDERR_FILENO)
        case .json:
            FileOutput.writeAll(
                JSONLogHandler.line(
                    timestamp: .now(), level: .error, label: "ghl-to-sqlite", message: message,
                    metadata: ["exit_code": "\(exitCode)"]
                ), to: STDERR_FILENO)
        }
    }
}

/// A command whose errors are reported in the log format it was given.
protocol ReportsInLogFormat {
    var logFormat: LogFormat { get }
}
