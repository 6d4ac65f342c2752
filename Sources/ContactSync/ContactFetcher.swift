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

/// Fetches one contact through the run's paced call. Never touches the database.
///
/// By default the body is only checked, and the writer parses and normalizes the contact if it changed: a
/// re-sync of unchanged contacts does neither. During a first load (`normalizes`), when nearly every contact
/// is new, the body is parsed instead of checked and the contact normalized here, so it is read once, not
/// checked here and parsed again by the writer.
struct ContactFetcher<C: Clock>: Sendable where C.Duration == Duration {
    let client: HighLevelClient
    let call: PacedCall<C>
    var normalizes = false

    func fetch(_ id: ContactID, line: Int) async -> FetchResult {
        let result = await call.perform(renewing: client.tokens) { await client.fetchContact(id: id, parsing: normalizes) }
        let outcome = result.outcome.map { response in
            if let contact = response.parsedContact {
                ContactNormalizer.normalize(contact: contact, rawJSON: response.rawJSON)
            } else {
                NormalizedContact.deferred(id: id.rawValue, rawJSON: response.rawJSON)
            }
        }
        if case .success = outcome { call.progress.addFetched() }
        return FetchResult(id: id, line: line, outcome: outcome, attempts: result.attempts)
    }
}
