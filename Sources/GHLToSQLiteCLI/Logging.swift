import Logging

enum Logging {
    /// A logger writing to standard error, as text lines or (`json`) one JSON object per line. Bootstraps
    /// swift-log once per process. With `clearsProgressLine`, each text entry first erases the progress line
    /// being redrawn, so the entry starts at the left margin and the next redraw goes below it.
    static func make(level: Logger.Level, format: LogFormat = .text, clearsProgressLine: Bool = false) -> Logger {
        LoggingSystem.bootstrap { label in
            switch format {
            case .text:
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return clearsProgressLine ? ProgressLineClearingHandler(handler) : handler
            case .json:
                var handler = JSONLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
        var logger = Logger(label: "ghl-to-sqlite")
        logger.logLevel = level
        return logger
    }
}

/// Forwards to another handler after erasing the current terminal line (`\r` + erase-to-end-of-line).
struct ProgressLineClearingHandler<Wrapped: LogHandler>: LogHandler {
    var wrapped: Wrapped

    init(_ wrapped: Wrapped) {
        self.wrapped = wrapped
    }

    var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }

    var metadata: Logger.Metadata {
        get { wrapped.metadata }
        set { wrapped.metadata = newValue }
    }

    var metadataProvider: Logger.MetadataProvider? {
        get { wrapped.metadataProvider }
        set { wrapped.metadataProvider = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { wrapped[metadataKey: key] }
        set { wrapped[metadataKey: key] = newValue }
    }

    func log(event: LogEvent) {
        ProgressDisplay.writeToStandardError("\r\u{1B}[K")
        wrapped.log(event: event)
    }
}
