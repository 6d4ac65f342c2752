import Hummingbird
import NIOCore
package import Logging
import ServiceLifecycle

/// A local stand-in for the LeadConnector contacts API, for tests, benchmarks and the demo.
package enum LeadConnectorSimulator {
    /// The id of the simulated location (every generated contact's `locationId`).
    package static let locationID = SampleData.locationID

    /// The location's custom field definitions as `(id, name)`, in the order they are served.
    package static var customFieldDefinitions: [(id: String, name: String)] {
        CustomFieldDefinition.all.map { ($0.id, $0.name) }
    }

    /// Starts the server, runs `body` with it, then shuts it down gracefully; returns body's value, rethrows its error.
    ///
    /// Shutdown goes through `ServiceGroup.triggerGracefulShutdown()`, not cancellation, which makes Hummingbird log
    /// errors. A server that cannot start (a port in use, a hits log that cannot be opened) throws instead of
    /// calling `body`.
    package static func withRunning<T: Sendable>(
        _ configuration: SimulatorConfiguration,
        logger: Logger = Logger(label: "simulator"),
        _ body: (RunningSimulator) async throws -> T
    ) async throws -> T {
        let log = SimulatorLog()
        let hitsLog = try openHitsLog(configuration)
        defer { hitsLog?.close() }
        let world = SimulatorWorld(configuration: configuration)
        let controls = SimulatorControls()
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let application = makeApplication(
            configuration, log: log, world: world, controls: controls, hitsLog: hitsLog, logger: logger
        ) { port in
            portContinuation.yield(port)
            portContinuation.finish()
        }
        let serviceGroup = ServiceGroup(services: [application], logger: logger)
        return try await withThrowingTaskGroup(of: Void.self, returning: T.self) { group in
            group.addTask {
                defer { portContinuation.finish() }
                try await serviceGroup.run()
            }
            var portIterator = ports.makeAsyncIterator()
            guard let port = await portIterator.next() else {
                try await group.waitForAll()
                throw SimulatorError.serverDidNotStart
            }
            let value: T
            do {
                value = try await body(RunningSimulator(port: port, log: log, world: world, controls: controls))
            } catch {
                await serviceGroup.triggerGracefulShutdown()
                try? await group.waitForAll()
                throw error
            }
            await serviceGroup.triggerGracefulShutdown()
            try await group.waitForAll()
            return value
        }
    }

    /// Runs until the task is cancelled or SIGINT/SIGTERM arrives (for the standalone `simulate` command); calls
    /// `onStarted` once listening.
    ///
    /// The signals shut the server down gracefully. Cancellation stops it too, but Hummingbird then logs errors
    /// about the connections it abandons; use ``withRunning(_:logger:_:)`` where the caller decides when to stop.
    package static func run(
        _ configuration: SimulatorConfiguration,
        logger: Logger,
        onStarted: @Sendable @escaping (RunningSimulator) async -> Void
    ) async throws {
        let log = SimulatorLog()
        let hitsLog = try openHitsLog(configuration)
        defer { hitsLog?.close() }
        let world = SimulatorWorld(configuration: configuration)
        let controls = SimulatorControls()
        let application = makeApplication(
            configuration, log: log, world: world, controls: controls, hitsLog: hitsLog, logger: logger
        ) { port in
            await onStarted(RunningSimulator(port: port, log: log, world: world, controls: controls))
        }
        try await application.runService()
    }

    private static func openHitsLog(_ configuration: SimulatorConfiguration) throws(SimulatorError) -> SimulatorHitsLog? {
        guard let path = configuration.hitsLogPath else { return nil }
        return try SimulatorHitsLog(path: path)
    }

    private static func makeApplication(
        _ configuration: SimulatorConfiguration,
        log: SimulatorLog,
        world: SimulatorWorld,
        controls: SimulatorControls,
        hitsLog: SimulatorHitsLog?,
        logger: Logger,
        onListening: @Sendable @escaping (Int) async -> Void
    ) -> some ApplicationProtocol {
        let responder = SimulatorResponder(
            configuration: configuration, state: SimulatorState(configuration: configuration), world: world, log: log,
            hitsLog: hitsLog, controls: controls)
        return Application(
            responder: responder,
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in
                await onListening(channel.localAddress?.port ?? configuration.port)
            },
            logger: logger
        )
    }
}
