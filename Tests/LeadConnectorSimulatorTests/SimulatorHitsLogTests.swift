import Foundation
import Testing

@testable import LeadConnectorSimulator

@Suite("Hits log", .timeLimit(.minutes(2)))
struct SimulatorHitsLogTests {
    static let existing = ContactGenerator.ids(count: 20).filter(ContactGenerator.exists)
    static let missing = ContactGenerator.ids(count: 400).first { !ContactGenerator.exists($0) }!

    /// A fresh path in the temporary directory, removed after `body`.
    static func withLogPath<T>(_ body: (String) async throws -> T) async throws -> T {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hits-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try await body(path)
    }

    static func lines(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .dropLast().map(String.init)
    }

    static func configuration(logPath: String, faults: SimulatorFaults = .init()) -> SimulatorConfiguration {
        var configuration = SimulatorConfiguration()
        configuration.rateLimit = nil
        configuration.faults = faults
        configuration.hitsLogPath = logPath
        return configuration
    }

    @Test("each contact request has its line, with the status sent, by the time its response has arrived")
    func linePerRequestBeforeTheResponse() async throws {
        let (status, _) = ContactGenerator.missingResponse(id: Self.missing)
        try await Self.withLogPath { path in
            try await LeadConnectorSimulator.withRunning(
                Self.configuration(logPath: path), logger: SimulatorClient.quietLogger
            ) { simulator in
                let requests: [(path: String, token: String, line: String?)] = [
                    ("/contacts/\(Self.existing[0])", "sim-token", "\(Self.existing[0]) 200"),
                    ("/contacts/\(Self.missing)", "sim-token", "\(Self.missing) \(status)"),
                    ("/contacts/\(Self.existing[1])", "wrong-token", "\(Self.existing[1]) 401"),
                    ("/locations/abc", "sim-token", nil),
                    ("/contacts/\(Self.existing[0])", "sim-token", "\(Self.existing[0]) 200"),
                ]
                var expected: [String] = []
                for request in requests {
                    _ = try await RawHTTP.get(port: simulator.port, path: request.path, token: request.token)
                    if let line = request.line { expected.append(line) }
                    #expect(try Self.lines(path) == expected, "after GET \(request.path)")
                }
                #expect(simulator.log.totalRequests == requests.count)
            }
        }
    }

    @Test(
        "an injected fault is named after the status",
        arguments: [
            (SimulatorFaults(serverError: 1), "server_error", [500, 502, 503]),
            (SimulatorFaults(rateLimitBurst: 1), "burst_429", [429]),
            (SimulatorFaults(dropConnection: 1), "dropped", [0]),
            (SimulatorFaults(truncatedBody: 1), "truncated", [200]),
            (SimulatorFaults(malformedBody: 1), "malformed", [200]),
        ])
    func faultsAreNamed(faults: SimulatorFaults, name: String, statuses: [Int]) async throws {
        let id = Self.existing[0]
        try await Self.withLogPath { path in
            try await LeadConnectorSimulator.withRunning(
                Self.configuration(logPath: path, faults: faults), logger: SimulatorClient.quietLogger
            ) { simulator in
                for _ in 0..<3 {
                    _ = try await RawHTTP.get(port: simulator.port, path: "/contacts/\(id)")
                }
            }
            let fields = try Self.lines(path).map { $0.split(separator: " ").map(String.init) }
            #expect(fields.count == 3)
            for field in fields {
                #expect(field.count == 3)
                #expect(field.first == id)
                #expect(statuses.contains(Int(field[1]) ?? -1), "status \(field[1])")
                #expect(field.last == name)
            }
        }
    }

    @Test("a restarted simulator appends to the same file")
    func restartAppends() async throws {
        try await Self.withLogPath { path in
            for id in Self.existing.prefix(2) {
                try await LeadConnectorSimulator.withRunning(
                    Self.configuration(logPath: path), logger: SimulatorClient.quietLogger
                ) { simulator in
                    _ = try await RawHTTP.get(port: simulator.port, path: "/contacts/\(id)")
                }
            }
            #expect(try Self.lines(path) == ["\(Self.existing[0]) 200", "\(Self.existing[1]) 200"])
        }
    }

    @Test("a hits log that cannot be opened stops the simulator before it serves")
    func unopenableLog() async throws {
        let path = "/nonexistent-\(UUID().uuidString)/hits.log"
        await #expect(throws: SimulatorError.self) {
            try await LeadConnectorSimulator.withRunning(
                Self.configuration(logPath: path), logger: SimulatorClient.quietLogger
            ) { _ in
                Issue.record("the body ran although the hits log could not be opened")
            }
        }
    }

    @Test("ids are written as one field: bytes outside printable ASCII, and %, are percent-escaped")
    func printableIDs() {
        #expect(SimulatorHitsLog.printable("abcXYZ019") == "abcXYZ019")
        #expect(SimulatorHitsLog.printable("a b%\u{FC}\n") == "a%20b%25%C3%BC%0A")
    }
}
