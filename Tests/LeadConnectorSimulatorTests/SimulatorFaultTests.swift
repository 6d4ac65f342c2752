import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import LeadConnectorSimulator

@Suite("Injected faults", .timeLimit(.minutes(2)))
struct SimulatorFaultTests {
    static let id = ContactGenerator.ids(count: 20).first(where: ContactGenerator.exists)!

    static func configuration(_ faults: SimulatorFaults, seed: UInt64 = 1) -> SimulatorConfiguration {
        var configuration = SimulatorConfiguration()
        configuration.faults = faults
        configuration.seed = seed
        configuration.rateLimit = nil
        return configuration
    }

    static func isJSON(_ bytes: [UInt8]) -> Bool {
        (try? JSONSerialization.jsonObject(with: Data(bytes))) != nil
    }

    @Test("serverError answers 500, 502 or 503 with a JSON error body")
    func serverError() async throws {
        try await LeadConnectorSimulator.withRunning(
            Self.configuration(.init(serverError: 1)), logger: SimulatorClient.quietLogger
        ) { simulator in
            for _ in 0..<12 {
                let exchange = try await RawHTTP.get(port: simulator.port, path: "/contacts/\(Self.id)")
                let status = try #require(exchange.status)
                #expect([500, 502, 503].contains(status))
                let body = try JSONSerialization.jsonObject(with: Data(exchange.body)) as? [String: Any]
                #expect(body?["statusCode"] as? Int == status)
                #expect(exchange.header("X-RateLimit-Remaining") != nil)
            }
            #expect(Set(simulator.log.statusCounts().keys) == [500, 502, 503])
        }
    }

    @Test("rateLimitBurst answers 429 while the window still has budget")
    func rateLimitBurst() async throws {
        var configuration = Self.configuration(.init(rateLimitBurst: 1))
        configuration.rateLimit = SimulatorRateLimit(max: 100, interval: .seconds(60))
        try await SimulatorClient.with(configuration) { client, simulator in
            let response = try await client.get("/contacts/\(Self.id)", headers: SimulatorClient.headers())
            #expect(response.status == .tooManyRequests)
            #expect(SimulatorClient.header(response, "X-RateLimit-Remaining") == "99")
            #expect(SimulatorClient.header(response, "Retry-After") == nil)
            #expect(simulator.log.rateLimitedResponses == 1)
        }
    }

    @Test("dropConnection closes the connection before any byte of a response")
    func dropConnection() async throws {
        try await LeadConnectorSimulator.withRunning(
            Self.configuration(.init(dropConnection: 1)), logger: SimulatorClient.quietLogger
        ) { simulator in
            let exchange = try await RawHTTP.get(port: simulator.port, path: "/contacts/\(Self.id)")
            #expect(exchange.bytes.isEmpty)
            await #expect(throws: (any Error).self) {
                try await TestClient.withClient(host: "127.0.0.1", port: simulator.port) { client in
                    _ = try await client.get("/contacts/\(Self.id)", headers: SimulatorClient.headers())
                }
            }
            #expect(simulator.log.statusCounts() == [0: 2])
            #expect(simulator.log.hits(for: Self.id) == 2)
        }
    }

    @Test("truncatedBody sends the full Content-Length but only a prefix of the body, then closes")
    func truncatedBody() async throws {
        let full = try #require(ContactGenerator.responseBody(id: Self.id))
        try await LeadConnectorSimulator.withRunning(
            Self.configuration(.init(truncatedBody: 1)), logger: SimulatorClient.quietLogger
        ) { simulator in
            for _ in 0..<5 {
                let exchange = try await RawHTTP.get(port: simulator.port, path: "/contacts/\(Self.id)")
                #expect(exchange.status == 200)
                #expect(exchange.header("Content-Length") == String(full.utf8.count))
                #expect(!exchange.body.isEmpty)
                #expect(exchange.body.count < full.utf8.count)
                #expect(Array(full.utf8).starts(with: exchange.body))
                #expect(!Self.isJSON(exchange.body))
            }
            await #expect(throws: (any Error).self) {
                try await TestClient.withClient(host: "127.0.0.1", port: simulator.port) { client in
                    _ = try await client.get("/contacts/\(Self.id)", headers: SimulatorClient.headers())
                }
            }
            #expect(simulator.log.statusCounts() == [200: 6])
        }
    }

    @Test("malformedBody sends a complete 200 whose body is not JSON")
    func malformedBody() async throws {
        try await LeadConnectorSimulator.withRunning(
            Self.configuration(.init(malformedBody: 1)), logger: SimulatorClient.quietLogger
        ) { simulator in
            var bodies: Set<String> = []
            for _ in 0..<20 {
                let exchange = try await RawHTTP.get(port: simulator.port, path: "/contacts/\(Self.id)")
                #expect(exchange.status == 200)
                #expect(exchange.header("Content-Length") == String(exchange.body.count))
                #expect(!Self.isJSON(exchange.body))
                bodies.insert(exchange.bodyText)
            }
            #expect(bodies.contains("<html>502 Bad Gateway</html>"))
            #expect(bodies.contains { $0.hasPrefix("{\"contact\": {\"id\": ") })
            #expect(bodies.contains(""))
        }
    }

    @Test("a seeded fault mix reproduces request for request, at about the configured rates")
    func reproducibleMix() async throws {
        let faults = SimulatorFaults(
            serverError: 0.1, rateLimitBurst: 0.1, dropConnection: 0.1, truncatedBody: 0.1, malformedBody: 0.1)
        let ids = ContactGenerator.ids(count: 150).filter(ContactGenerator.exists)
        func run(seed: UInt64) async throws -> [String] {
            try await LeadConnectorSimulator.withRunning(
                Self.configuration(faults, seed: seed), logger: SimulatorClient.quietLogger
            ) { simulator in
                try await ids.asyncMap { id in
                    let exchange = try await RawHTTP.get(port: simulator.port, path: "/contacts/\(id)")
                    guard let status = exchange.status else { return "dropped" }
                    if let length = exchange.header("Content-Length").flatMap(Int.init), length > exchange.body.count {
                        return "truncated"
                    }
                    if status == 200 && !Self.isJSON(exchange.body) { return "malformed" }
                    return status >= 500 ? "5xx" : String(status)
                }
            }
        }
        let first = try await run(seed: 7)
        let again = try await run(seed: 7)
        let other = try await run(seed: 8)
        #expect(first == again)
        #expect(first != other)
        let counts = Dictionary(first.map { ($0, 1) }, uniquingKeysWith: +)
        for outcome in ["5xx", "429", "dropped", "truncated", "malformed"] {
            #expect(
                (4...30).contains(counts[outcome, default: 0]),
                "\(outcome): \(counts[outcome, default: 0]) of \(ids.count)")
        }
        #expect(counts["200", default: 0] > ids.count / 3)
    }

    @Test("jitter stays within latency ± jitter and follows the seed")
    func jitter() {
        var configuration = SimulatorConfiguration()
        configuration.seed = 99
        let draws = { (state: SimulatorState) in
            (0..<200).map { _ in state.drawDelay(latency: .milliseconds(50), jitter: .milliseconds(20)) }
        }
        let first = draws(SimulatorState(configuration: configuration))
        #expect(first == draws(SimulatorState(configuration: configuration)))
        #expect(first.allSatisfy { (.milliseconds(30)...(.milliseconds(70))).contains($0) })
        #expect(Set(first).count > 100)
        #expect(
            SimulatorState(configuration: configuration).drawDelay(latency: .milliseconds(5), jitter: .milliseconds(50))
                >= .zero)
    }
}
