import Hummingbird
import NIOCore

/// The request context of the simulator: Hummingbird's core storage plus a way to drop the connection.
struct SimulatorRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// Closes the underlying connection at once, without a response (the drop-connection fault).
    let closeConnection: @Sendable () -> Void

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        let channel = source.channel
        self.closeConnection = { channel.close(promise: nil) }
    }
}
