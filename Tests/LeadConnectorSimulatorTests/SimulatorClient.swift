import Hummingbird
import HummingbirdTesting
import LeadConnectorSimulator
import Logging

/// Helpers for talking to a live simulator over loopback HTTP with HummingbirdTesting's client.
enum SimulatorClient {
    static let versionHeader = HTTPFields.Element.Name("Version")!

    /// A logger that keeps test output quiet.
    static var quietLogger: Logger { logger(level: .warning) }

    /// A logger that only reports critical messages.
    static func logger(level: Logger.Level) -> Logger {
        var logger = Logger(label: "simulator-tests")
        logger.logLevel = level
        return logger
    }

    /// The headers a correct client sends.
    static func headers(token: String = "sim-token", version: String? = "2021-07-28") -> HTTPFields {
        var headers: HTTPFields = [.authorization: "Bearer \(token)", .accept: "application/json"]
        if let version { headers[versionHeader] = version }
        return headers
    }

    /// Starts a simulator with `configuration`, connects one client and runs `body`.
    static func with<T: Sendable>(
        _ configuration: SimulatorConfiguration,
        _ body: @Sendable @escaping (TestClient, RunningSimulator) async throws -> T
    ) async throws -> T {
        try await LeadConnectorSimulator.withRunning(configuration, logger: quietLogger) { simulator in
            try await TestClient.withClient(host: "127.0.0.1", port: simulator.port) { client in
                try await body(client, simulator)
            }
        }
    }

    /// A response header as a string.
    static func header(_ response: TestClient.Response, _ name: String) -> String? {
        response.headers[HTTPFields.Element.Name(name)!]
    }

    /// A response body as a string.
    static func body(_ response: TestClient.Response) -> String {
        response.body.map { String(buffer: $0) } ?? ""
    }
}
