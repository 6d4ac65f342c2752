import ContactSync
import Foundation
import Logging

/// Shows a run's ``SyncProgress`` while an operation runs: a line redrawn in place on a terminal, or a
/// progress log line at an interval. A child task of the operation's task group ticks on a clock and is
/// cancelled when the operation ends, so nothing outlives the run.
struct ProgressDisplay: Sendable {
    enum Style: Sendable, Equatable {
        case none
        /// `\r` + line + erase-to-end-of-line on standard error, a newline at the end.
        case terminal
        /// A log line (info) every ``logInterval``.
        case log
    }

    let style: Style
    let progress: any ProgressSource
    let logger: Logger
    /// Between log lines (``Style/log``).
    let logInterval: Duration
    /// Attach the figures as metadata (JSON logs) rather than only in the message.
    let structured: Bool
    /// Between redraws (``Style/terminal``).
    var redrawInterval: Duration = .milliseconds(250)

    /// Whether standard error is a terminal.
    static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// Runs `operation`, showing progress until it returns (or throws); a terminal line ends with a newline.
    func run<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        guard style != .none else { return try await operation() }
        let clock = ContinuousClock()
        let started = clock.now
        let result: T?
        do {
            result = try await withThrowingTaskGroup(of: T?.self) { group in
                group.addTask { try await operation() }
                group.addTask {
                    await tick(clock: clock, started: started)
                    return nil
                }
                var result: T?
                while let next = try await group.next() {
                    if let next {
                        result = next
                        group.cancelAll()
                    }
                }
                return result
            }
        } catch {
            finish(elapsed: started.duration(to: clock.now))
            throw error
        }
        finish(elapsed: started.duration(to: clock.now))
        guard let result else { throw CancellationError() }
        return result
    }

    /// Draws or logs until cancelled.
    private func tick(clock: ContinuousClock, started: ContinuousClock.Instant) async {
        let interval = style == .terminal ? redrawInterval : logInterval
        if style == .terminal { show(elapsed: started.duration(to: clock.now)) }
        while true {
            do {
                try await clock.sleep(for: interval)
            } catch {
                return
            }
            show(elapsed: started.duration(to: clock.now))
        }
    }

    private func show(elapsed: Duration) {
        let snapshot = progress.snapshot()
        switch style {
        case .none:
            break
        case .terminal:
            Self.writeToStandardError(ProgressRenderer(width: Self.terminalWidth()).terminalLine(snapshot, elapsed: elapsed))
        case .log:
            let renderer = ProgressRenderer()
            if structured {
                logger.info("progress", metadata: ProgressRenderer.metadata(snapshot, elapsed: elapsed))
            } else {
                logger.info(renderer.logMessage(snapshot, elapsed: elapsed))
            }
        }
    }

    /// The last redraw, with final figures, and the newline that lets the summary start a clean line.
    private func finish(elapsed: Duration) {
        guard style == .terminal else { return }
        show(elapsed: elapsed)
        Self.writeToStandardError("\n")
    }

    /// Columns of the terminal on standard error, else `COLUMNS`, else unknown.
    static func terminalWidth() -> Int? {
        var size = winsize()
        if ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
        return nil
    }

    /// One `write(2)` of the whole text (a redraw is never split by another writer's line).
    static func writeToStandardError(_ text: String) {
        FileOutput.writeAll(text, to: STDERR_FILENO)
    }
}
