package import HighLevelAPI
import LosslessJSON

/// Streams a location's contact ids from `POST /contacts/search`, one page at a time, as they are asked for.
///
/// The next page is requested only when every id of the current one has been handed out, so memory stays at
/// one page however large the location is. Every page goes through the run's ``PacedCall``; 401/403, an
/// exhausted daily quota, or a page that still fails after the last attempt end the stream with an error.
/// Paging stops after a page shorter than the page size (or one without a `searchAfter` to continue from). Ids
/// are not de-duplicated here. Each id's "line" is its 1-based position in the results.
package struct ContactSearchPager<C: Clock>: Sendable where C.Duration == Duration {
    private let client: HighLevelClient
    private let call: PacedCall<C>
    private var query: ContactSearchQuery
    private var page: [String] = []
    private var pageIndex = 0
    private var position = 0
    private var finished = false
    /// The `total` the first page reported, when it did (also given to the progress display).
    package private(set) var total: Int?

    /// A pager over `search` from `changedSince` on (nil: every contact), sending through `call`.
    package init(search: LocationSearch, changedSince: String?, client: HighLevelClient, call: PacedCall<C>) {
        self.client = client
        self.call = call
        query = ContactSearchQuery(
            locationID: search.locationID,
            pageLimit: min(max(search.pageSize, 1), ContactSearchQuery.maximumPageLimit),
            changedSince: changedSince
        )
    }

    /// The next id (or invalid id) in search order, or nil after the last page.
    package mutating func next() async throws(SyncJobError) -> IDLine? {
        while pageIndex == page.count {
            if finished { return nil }
            try await fetchNextPage()
        }
        let text = page[pageIndex]
        pageIndex += 1
        position += 1
        if let id = ContactID(text) { return .id(id, line: position) }
        return .invalid(
            text: IDReader.display(ArraySlice(text.utf8), lineLength: text.utf8.count, isWhole: true), line: position,
            reason: .searchReturnedInvalidID
        )
    }

    private mutating func fetchNextPage() async throws(SyncJobError) {
        let query = self.query
        let result = await call.perform(renewing: client.tokens) { await client.searchContacts(query) }
        finished = true
        switch result.outcome {
        case .success(let received):
            if total == nil, let reported = received.total {
                total = reported
                call.progress.setTotal(reported)
            }
            if let after = received.nextSearchAfter, after == query.searchAfter { throw .search(.stalled) }
            page = received.ids
            pageIndex = 0
            self.query.searchAfter = received.nextSearchAfter
            finished = received.count < query.pageLimit || received.nextSearchAfter == nil
        case .fatal(let error): throw .search(.refused(error))
        case .quotaExhausted: throw .search(.quotaExhausted)
        case .cancelled: throw .search(.cancelled)
        case .gaveUp(let error): throw .search(.failed(error, attempts: result.attempts))
        case .unavailable(let outage): throw .search(.unavailable(outage))
        }
    }
}
