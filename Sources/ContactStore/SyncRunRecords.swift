/// A run's status as stored in `sync_runs.status`.
public enum RunStatus: String, Sendable, CaseIterable {
    case running, succeeded, partial, aborted, interrupted
}

/// The counters a run keeps in `sync_runs`.
public struct RunCounters: Sendable, Equatable {
    public var idsRead = 0
    public var duplicateIDs = 0
    public var contactsSynced = 0
    public var contactsChanged = 0
    public var failures = 0
    public var requests = 0
    public var retries = 0
    public var rateLimited = 0

    public init() {}

    public static func + (lhs: RunCounters, rhs: RunCounters) -> RunCounters {
        var sum = lhs
        sum.idsRead += rhs.idsRead
        sum.duplicateIDs += rhs.duplicateIDs
        sum.contactsSynced += rhs.contactsSynced
        sum.contactsChanged += rhs.contactsChanged
        sum.failures += rhs.failures
        sum.requests += rhs.requests
        sum.retries += rhs.retries
        sum.rateLimited += rhs.rateLimited
        return sum
    }
}

/// One `sync_runs` row.
public struct SyncRunRecord: Sendable, Equatable {
    public let id: Int64
    public let startedAt: String
    public let finishedAt: String?
    public let status: RunStatus
    public let counters: RunCounters
    public let message: String?
}

/// An id that could not be synced, for `sync_failures`.
public struct FailureRecord: Sendable, Equatable {
    public var contactID: String
    public var reason: String
    public var httpStatus: Int?
    public var message: String?
    public var traceID: String?
    public var attempts: Int
    public var lineNumber: Int?

    public init(
        contactID: String, reason: String, httpStatus: Int? = nil, message: String? = nil, traceID: String? = nil,
        attempts: Int = 0, lineNumber: Int? = nil
    ) {
        self.contactID = contactID
        self.reason = reason
        self.httpStatus = httpStatus
        self.message = message
        self.traceID = traceID
        self.attempts = attempts
        self.lineNumber = lineNumber
    }
}

/// What one committed batch did.
public struct BatchResult: Sendable, Equatable {
    /// Contacts stored (inserted, updated or confirmed unchanged).
    public var stored = 0
    /// Of those, how many were new or different from what was stored.
    public var changed = 0
    /// Failure rows written.
    public var failures = 0
}
