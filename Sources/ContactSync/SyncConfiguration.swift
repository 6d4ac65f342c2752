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

    package init() {}
}
