import ArgumentParser
import ContactSync
import Foundation
import ContactStore
import Logging
import LosslessJSON

/// How a run reports: progress, log format, quietness and the summary file (`sync` and `demo`).
struct OutputOptions: ParsableArguments {
    @Flag(help: "No progress and no info logs; warnings and errors still show, the summary line only when the run did not succeed.")
    var quiet = false

    @Option(name: .customLong("log-format"), help: "text, or json: one JSON object per line on standard error.")
    var logFormat: LogFormat = .text

    @Option(help: "auto (redrawn line on a terminal, a log line every 10 s otherwise), always (the redrawn line), or never.")
    var progress: ProgressMode = .auto

    @Option(
        name: .customLong("progress-interval"),
        help: ArgumentHelp("Seconds between progress log lines when not drawing on a terminal.", visibility: .hidden))
    var progressInterval: Double?

    @Option(
        name: .customLong("summary-json"),
        help: ArgumentHelp("Write the run's summary as one JSON object to this file (mode 0600) when it ends.", valueName: "PATH"))
    var summaryJSON: String?

    func validate() throws {
        if let progressInterval {
            guard progressInterval.isFinite, progressInterval > 0, progressInterval <= 86_400 else {
                throw ValidationError("--progress-interval must be 0-86400 seconds")
            }
        }
    }

    /// Between progress log lines when progress is not drawn on a terminal (10 s unless `--progress-interval`).
    var logInterval: Duration {
        progressInterval.map { .milliseconds(Int64($0 * 1000)) } ?? .seconds(10)
    }

    /// The log level to use: `requested`, but at least `warning` when quiet.
    func level(_ requested: Logger.Level) -> Logger.Level {
        quiet ? max(requested, .warning) : requested
    }

    /// What to show while the run goes, given whether standard error is a terminal.
    func progressStyle(isTerminal: Bool) -> ProgressDisplay.Style {
        if quiet { return .none }
        switch (progress, logFormat) {
        case (.never, _): return .none
        case (_, .json): return .log
        case (.always, .text): return .terminal
        case (.auto, .text): return isTerminal ? .terminal : .log
        }
    }

    /// The progress total for an id list: its lines when `ids` names a regular file, else unknown (standard
    /// input; a search sets the total itself once the API reports it).
    static func progressTotal(ids: String?) -> Int? {
        ids.flatMap(IDReader.countIDLines(atPath:))
    }

    /// Checks `--summary-json`'s directory before anything starts: a usage error when it cannot take the file.
    func validateSummaryPath() throws(CLIError) {
        guard let summaryJSON else { return }
        try SyncSummary.validateSummaryPath(summaryJSON)
    }

    /// Ends a run: writes the summary file when asked (a failure to write it is reported, and turns a
    /// successful run's exit code into 3), then prints or logs the summary line.
    func report(_ summary: some RunReport, started: Timestamp, logger: Logger) -> Int32 {
        var code = summary.exitCode
        if let summaryJSON {
            do {
                try summary.writeJSON(toFile: summaryJSON, started: started, finished: .now())
            } catch {
                logger.error("\(error.description)")
                if code == 0 { code = ExitStatus.aborted }
            }
        }
        switch logFormat {
        case .json:
            let level: Logger.Level = switch summary.status {
            case .succeeded: .notice
            case .partial, .interrupted: .warning
            case .aborted, .running: .error
            }
            logger.log(level: level, "\(summary.line)", metadata: [
                "run": "\(summary.runID)", "status": "\(summary.status.rawValue)", "exit_code": "\(summary.exitCode)",
            ])
            for line in summary.detailLines { logger.log(level: level, "\(line)") }
        case .text:
            if !quiet || summary.exitCode != 0 {
                let lines = ["ghl-to-sqlite: \(summary.line)"] + summary.detailLines
                FileOutput.writeAll(lines.joined(separator: "\n") + "\n", to: STDERR_FILENO)
            }
        }
        return code
    }
}

/// What ends a run: its summary line (and, for a run over many locations, one line per location), its exit
/// code, and its JSON.
protocol RunReport {
    var runID: Int64 { get }
    var status: RunStatus { get }
    var exitCode: Int32 { get }
    var line: String { get }
    var detailLines: [String] { get }
    func writeJSON(toFile path: String, started: Timestamp, finished: Timestamp) throws(CLIError)
}

extension SyncSummary: RunReport {
    var detailLines: [String] { [] }
}

/// `--log-format`.
enum LogFormat: String, ExpressibleByArgument, Sendable, CaseIterable {
    case text
    case json
}

/// `--progress`.
enum ProgressMode: String, ExpressibleByArgument, Sendable, CaseIterable {
    case auto
    case always
    case never
}
