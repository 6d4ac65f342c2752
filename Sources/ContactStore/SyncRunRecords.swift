/// A run's status as stored in `sync_runs.status`.
package enum RunStatus: String, Sendable, CaseIterable {
    case running, succeeded, partial, aborted, interrupted

    /// Whether the run went through all of its ids (some may have failed): succeeded or partial.
    package var completesAPass: Bool { self == .succeeded || self == .partial }
}

/// A run's counters, as `sync_runs` keeps them: the one counter type for a run's totals, a batch's share of
/// them, and what a progress display shows.
/// Ids: distinct ids (valid or not) read, and repeated id lines (fetched once). Contacts: stored, and of those
/// the ones that differed from what was stored; marked deleted; failed ids. Requests: every HTTP request sent (search pages and
/// custom field definitions included), those that repeated an earlier attempt, and responses with status 429.
package struct RunCounters: Sendable, Equatable {
    package var idsRead = 0, duplicateIDs = 0
    package var contactsSynced = 0, contactsChanged = 0, contactsDeleted = 0, failures = 0
    package var requests = 0, retries = 0, rateLimited = 0

    package init() {}

    package static func + (lhs: RunCounters, rhs: RunCounters) -> RunCounters {
        var sum = lhs
        sum.idsRead += rhs.idsRead
        sum.duplicateIDs += rhs.duplicateIDs
        sum.contactsSynced += rhs.contactsSynced
        sum.contactsChanged += rhs.contactsChanged
        sum.contactsDeleted += rhs.contactsDeleted
        sum.failures += rhs.failures
        sum.requests += rhs.requests
        sum.retries += rhs.retries
        sum.rateLimited += rhs.rateLimited
        return sum
    }
}

/// One `sync_runs` row.
package struct SyncRunRecord: Sendable, Equatable {
    package let id: Int64
    package let startedAt: String
    package let finishedAt: String?
    package let status: RunStatus
    package let counters: RunCounters
    package let message: String?
}

/// Why an id could not be synced; the raw value is what `sync_failures.reason` stores.
package enum FailureReason: String, Sendable, CaseIterable {
    /// The line is not an id (never sent).
    case invalidID = "invalid_id"
    /// 400, 404 or 422: the API says there is no such contact.
    case notFound = "not_found"
    /// 401 or 403 for this id.
    case unauthorized
    /// Another status that retrying does not help.
    case httpError = "http_error"
    /// The response body was larger than the client accepts.
    case tooLarge = "too_large"
    case timeout
    case networkError = "network_error"
    /// 200 answers whose body could not be used, every attempt.
    case undecodable
    /// Still failing (429, 5xx, timeouts, dropped connections) after the last attempt.
    case retriesExhausted = "retries_exhausted"
    /// Not sent: the day's request quota was used up.
    case dailyQuotaExhausted = "daily_quota_exhausted"
}

/// An id that could not be synced, for `sync_failures`.
package struct FailureRecord: Sendable, Equatable {
    package var contactID: String
    package var reason: FailureReason
    package var httpStatus: Int?
    package var message: String?
    package var traceID: String?
    package var attempts: Int
    package var lineNumber: Int?

    package init(
        contactID: String, reason: FailureReason, httpStatus: Int? = nil, message: String? = nil,
        traceID: String? = nil, attempts: Int = 0, lineNumber: Int? = nil
    ) {
        (self.contactID, self.reason, self.lineNumber, self.attempts) = (contactID, reason, lineNumber, attempts)
        (self.httpStatus, self.message, self.traceID) = (httpStatus, message, traceID)
    }
}

/// What one committed batch did: contacts stored (inserted, updated or confirmed unchanged) and, of those, how
/// many were new or different; failure rows written, and how the run's count of failed ids moved (new
/// failures, less earlier failures of ids stored now); stored contacts marked deleted because the API answered
/// "not found" for them.
package struct BatchResult: Sendable, Equatable {
    package var stored = 0, changed = 0
    package var failures = 0, failuresAdded = 0
    package var deleted = 0

    package init(stored: Int = 0, changed: Int = 0, failures: Int = 0, failuresAdded: Int = 0, deleted: Int = 0) {
        (self.stored, self.changed, self.failures, self.failuresAdded) = (stored, changed, failures, failuresAdded)
        self.deleted = deleted
    }
}
