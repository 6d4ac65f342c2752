import LeadConnectorSimulator
import Testing

@Suite("Simulator lifecycle", .timeLimit(.minutes(2)))
struct SimulatorLifecycleTests {
    struct Boom: Error {}

    static let id = ContactGenerator.ids(count: 20).first(where: ContactGenerator.exists)!

    @Test("withRunning returns the body's value and stops listening afterwards")
    func returnsAndStops() async throws {
        let (port, count) = try await LeadConnectorSimulator.withRunning(
            SimulatorConfiguration(),
            logger: SimulatorClient.quietLogger
        ) { simulator in
            let exchange = try await RawHTTP.get(port: simulator.port, path: "/contacts/\(Self.id)")
            #expect(exchange.status == 200)
            return (simulator.port, simulator.log.totalRequests)
        }
        #expect(count == 1)
        await #expect(throws: (any Error).self) {
            _ = try await RawHTTP.get(port: port, path: "/contacts/\(Self.id)")
        }
    }

    @Test("withRunning rethrows the body's error after shutting down")
    func rethrowsBodyError() async throws {
        await #expect(throws: Boom.self) {
            try await LeadConnectorSimulator.withRunning(SimulatorConfiguration(), logger: SimulatorClient.quietLogger)
            { _ in
                throw Boom()
            }
        }
    }

    @Test("a port already in use is an error, not a hang")
    func portInUse() async throws {
        try await LeadConnectorSimulator.withRunning(SimulatorConfiguration(), logger: SimulatorClient.quietLogger) {
            first in
            var configuration = SimulatorConfiguration()
            configuration.port = first.port
            await #expect(throws: (any Error).self) {
                try await LeadConnectorSimulator.withRunning(configuration, logger: SimulatorClient.quietLogger) { _ in
                }
            }
        }
    }

    /// Cancelling makes Hummingbird log errors about the channels it abandons, hence the critical-only logger.
    @Test("run serves until its task is cancelled and reports where it listens")
    func runUntilCancelled() async throws {
        let (started, continuation) = AsyncStream.makeStream(of: RunningSimulator.self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await LeadConnectorSimulator.run(
                    SimulatorConfiguration(), logger: SimulatorClient.logger(level: .critical)
                ) {
                    continuation.yield($0)
                }
            }
            var iterator = started.makeAsyncIterator()
            let simulator = try #require(await iterator.next())
            let exchange = try await RawHTTP.get(port: simulator.port, path: "/contacts/\(Self.id)")
            #expect(exchange.bodyText == ContactGenerator.responseBody(id: Self.id))
            #expect(simulator.log.hits(for: Self.id) == 1)
            group.cancelAll()
            try await group.waitForAll()
        }
    }
}
