/// How a sync run behaves; every field has a production default.
public struct SyncConfiguration: Sendable {
    /// Requests in flight at once (the task group's window).
    public var concurrency: Int = 8
    /// The burst budget to start from; headers correct it.
    public var rateLimit: RateLimitPolicy = .documented
    /// Attempts per id, the first included.
    public var maximumAttempts: Int = 5
    /// The first retry's backoff; each later retry doubles it (with jitter), up to ``maximumBackoff``.
    public var initialBackoff: Duration = .milliseconds(500)
    public var maximumBackoff: Duration = .seconds(30)
    /// Contacts (and failures) per transaction, at most.
    public var batchSize: Int = 500
    /// Bytes of contact JSON per transaction, at most: bounds the write buffer when large contacts
    /// (hundreds of KB each) arrive together.
    public var batchBytes: Int = 1 << 20
    /// The longest fetched results wait before being committed.
    public var flushInterval: Duration = .seconds(1)
    /// How often a progress line is logged when progress is not drawn on a terminal (nil: never). Read by the
    /// command's progress display; the job itself only publishes ``SyncProgress``.
    public var progressInterval: Duration? = .seconds(10)

    public init() {}
}
