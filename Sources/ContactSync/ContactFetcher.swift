package import ContactNormalization
package import HighLevelAPI

/// What one fetch child task reports: the id, where it was read, and how its call ended. A named struct for
/// the reason ``CallResult`` is one.
package struct FetchResult: Sendable {
    package let id: ContactID
    package let line: Int
    package let outcome: CallOutcome<NormalizedContact>
    package let attempts: Int

    package init(id: ContactID, line: Int, outcome: CallOutcome<NormalizedContact>, attempts: Int) {
        self.id = id
        self.line = line
        self.outcome = outcome
        self.attempts = attempts
    }
}

/// Fetches one contact through the run's paced call; the writer normalizes it if it changed. Never touches the
/// database.
struct ContactFetcher<C: Clock>: Sendable where C.Duration == Duration {
    let client: HighLevelClient
    let call: PacedCall<C>

    func fetch(_ id: ContactID, line: Int) async -> FetchResult {
        let result = await call.perform(renewing: client.tokens) { await client.fetchContact(id: id) }
        let outcome = result.outcome.map { response in
            NormalizedContact.deferred(id: id.rawValue, rawJSON: response.rawJSON)
        }
        if case .success = outcome { call.progress.addFetched() }
        return FetchResult(id: id, line: line, outcome: outcome, attempts: result.attempts)
    }
}
