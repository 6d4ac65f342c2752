import Logging

enum Logging {
    /// A logger writing to standard error. Bootstraps swift-log once per process.
    static func make(level: Logger.Level) -> Logger {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: "ghl-to-sqlite")
        logger.logLevel = level
        return logger
    }
}
