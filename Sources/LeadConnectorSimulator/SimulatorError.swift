/// Errors raised by the simulator itself.
package enum SimulatorError: Error, Sendable, CustomStringConvertible {
    /// The server stopped before it started listening (for example, the port was taken).
    case serverDidNotStart
    /// Thrown while writing a response on purpose, so the connection closes mid-body (the truncated-body fault).
    case injectedTruncation
    /// The hits log file could not be opened.
    case cannotOpenHitsLog(path: String, reason: String)

    /// A readable description.
    package var description: String {
        switch self {
        case .serverDidNotStart: "the simulator stopped before it started listening"
        case .injectedTruncation: "the simulator cut a response body short on purpose"
        case .cannotOpenHitsLog(let path, let reason): "cannot open the hits log \(path): \(reason)"
        }
    }
}
