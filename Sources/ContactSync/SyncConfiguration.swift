/// How a sync run behaves; every field has a production default.
package struct SyncConfiguration: Sendable {
    /// Requests in flight at once (the task group's window).
    package var concurrency: Int = 8
    /// The burst budget to start from; headers correct it.
    package var rateLimit: RateLimitPolicy = .documented
    /// Attempts per id, the first included.
    package var maximumAttempts: Int = 5
    /// The first retry's backoff; each later retry doubles it (with jitter), up to ``maximumBackoff``.
    package var initialBackoff: Duration = .milliseconds(500)
    package var maximumBackoff: Duration = .seconds(30)
    /// Contacts (and failures) per transaction, at most.
    package var batchSize: Int = 500
    /// Bytes of contact JSON per transaction, at most: bounds the write buffer when large contacts
    /// (hundreds of KB each) arrive together.
    package var batchBytes: Int = 1 << 20
    /// The longest fetched results wait before being committed.
    package var flushInterval: Duration = .seconds(1)

    /// How long the API may fail as a whole (connection errors, timeouts, 5xx across calls) before the run
    /// gives up; meanwhile every request is held and the API is probed.
    package var outageTimeout: Duration = .seconds(300)
    /// How many stored contacts a full listing may leave out before none is marked deleted.
    package var deletionGuard = DeletionGuard()
    /// Mark the contacts a full listing left out deleted even beyond ``deletionGuard``.
    package var confirmDeletions = false

    package init() {}
}
