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
