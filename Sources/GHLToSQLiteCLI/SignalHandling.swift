import UnixSignals

/// Runs an operation and cancels it on SIGINT or SIGTERM, so it can stop cleanly and report.
enum SignalHandling {
    /// Returns the operation's result; a signal cancels the operation's task (which then winds down and
    /// returns normally, e.g. with an `interrupted` summary).
    static func runCancellingOnSignal<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                for await _ in signals { return nil }
                return nil
            }
            while let next = try await group.next() {
                if let result = next {
                    group.cancelAll()
                    return result
                }
                // A signal arrived: cancel the operation and wait for it to wind down.
                group.cancelAll()
            }
            throw CancellationError()
        }
    }
}
