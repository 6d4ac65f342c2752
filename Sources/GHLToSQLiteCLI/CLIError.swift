/// The exit codes cron and pipelines read.
package enum ExitStatus {
    package static let success: Int32 = 0
    package static let usage: Int32 = 2
    package static let aborted: Int32 = 3
    /// EX_TEMPFAIL: another run holds the database's lock, so this one did nothing.
    package static let busy: Int32 = 75
    package static let interrupted: Int32 = 130
    /// What a process killed by SIGPIPE exits with: the reader of standard output went away.
    package static let brokenPipe: Int32 = 141
}

/// Ends a command with an exit code and, unless it is nil, a one-line message for standard error. Commands
/// and their helpers throw it; only the entry point (``GHLToSQLite/runAsEntryPoint()``) prints it and exits.
package struct CLIError: Error, CustomStringConvertible {
    package let exitCode: Int32
    package let message: String?

    package init(_ message: String?, exitCode: Int32) {
        self.message = message
        self.exitCode = exitCode
    }

    /// A usage or configuration error (exit 2): nothing was done.
    package static func usage(_ message: String) -> CLIError {
        CLIError(message, exitCode: ExitStatus.usage)
    }

    /// A fault that stopped the command (exit 3).
    package static func aborted(_ message: String) -> CLIError {
        CLIError(message, exitCode: ExitStatus.aborted)
    }

    package var description: String { message ?? "exit \(exitCode)" }
}
