/// A simulator that is up and listening.
public struct RunningSimulator: Sendable {
    /// The port it listens on.
    public let port: Int
    /// The base URL to point a client at.
    public var baseURL: String { "http://127.0.0.1:\(port)" }
    /// What it has seen so far.
    public let log: SimulatorLog

    init(port: Int, log: SimulatorLog) {
        self.port = port
        self.log = log
    }
}
