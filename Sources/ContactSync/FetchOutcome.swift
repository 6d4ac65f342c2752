import ContactNormalization
import ContactStore
import HighLevelAPI

/// What one child task of the fetch group reports. A named struct, never a tuple: Swift 6.3.1 `-O`
/// miscompiles task-group results that are tuples built around an `await` (see TOOLCHAIN-NOTES).
struct FetchOutcome: Sendable {
    enum Kind: Sendable {
        /// Fetched and normalized, ready for the writer.
        case fetched(NormalizedContact)
        /// Could not be synced; recorded and the run goes on.
        case failed(FailureRecord)
        /// The token or its scope is wrong: the run must stop.
        case fatal(HighLevelAPIError)
        /// The API's daily quota is used up: stop sending.
        case quotaExhausted
        /// The task was cancelled before it finished (the id stays unsynced for `--resume`).
        case cancelled
    }

    let id: ContactID
    let line: Int
    let kind: Kind
    let requests: Int
    let rateLimited: Int

    /// Requests beyond the first for this id.
    var retries: Int { max(requests - 1, 0) }
}

/// A committed (or failed) batch, reported by the sync loop's writer child task.
struct WriteOutcome: Sendable {
    let result: Result<BatchResult, ContactStoreError>
}

/// What a child task of the sync loop's group reports: one fetch, or one write. A named struct for the
/// same reason as ``FetchOutcome``; exactly one of the two is set.
struct LoopEvent: Sendable {
    let fetch: FetchOutcome?
    let write: WriteOutcome?

    init(fetch: FetchOutcome) {
        self.fetch = fetch
        write = nil
    }

    init(write: WriteOutcome) {
        fetch = nil
        self.write = write
    }
}

/// Contacts, failures and counters taken from the loop's buffer to be committed together.
struct PendingBatch: Sendable {
    let contacts: [NormalizedContact]
    let failures: [FailureRecord]
    let counters: RunCounters
}
