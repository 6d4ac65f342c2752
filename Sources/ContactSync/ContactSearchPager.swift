public import HighLevelAPI

/// Streams a location's contact ids from `POST /contacts/search`, one page at a time, as they are asked for.
///
/// The next page is requested only when every id of the current one has been handed out, so memory stays at
/// one page however large the location is. Every request takes a permit from the run's shared limiter and is
/// retried like a contact fetch (429, 5xx, timeouts); 401/403, an exhausted daily quota, or a page that still
/// fails after the last attempt end the stream with an error. Paging stops after a page shorter than the page
/// size (or one without a `searchAfter` to continue from). Ids are not de-duplicated here; the sync loop fetches
/// each id once. Each id's "line" is its 1-based position in the results.
public struct ContactSearchPager<C: Clock>: Sendable where C.Duration == Duration {
    private let client: HighLevelClient
    private let limiter: RateLimiter<C>
    private let retryPolicy: RetryPolicy
    private let maximumAttempts: Int
    private let clock: C
    private var query: ContactSearchQuery
    private var page: [String] = []
    private var pageIndex = 0
    private var position = 0
    private var finished = false
    private var reported = (requests: 0, pages: 0, rateLimited: 0)
    private let progress: SyncProgress?

    /// Search requests sent (retries included), 429s among them, and pages received.
    public private(set) var requests = 0
    public private(set) var rateLimited = 0
    public private(set) var pages = 0
    /// The `total` the first page reported, when it did.
    public private(set) var total: Int?

    /// A pager over `search`, pacing requests with `limiter` and retrying as `configuration` says.
    public init(search: LocationSearch, changedSince: String?, client: HighLevelClient, limiter: RateLimiter<C>,
                configuration: SyncConfiguration, clock: C, progress: SyncProgress? = nil) {
        self.client = client
        self.progress = progress
        self.limiter = limiter
        retryPolicy = RetryPolicy(initial: configuration.initialBackoff, maximum: configuration.maximumBackoff)
        maximumAttempts = max(configuration.maximumAttempts, 1)
        self.clock = clock
        query = ContactSearchQuery(
            locationID: search.locationID,
            pageLimit: min(max(search.pageSize, 1), ContactSearchQuery.maximumPageLimit),
            changedSince: changedSince
        )
    }

    /// Requests, retries (requests that did not yield a page) and 429s since the last call.
    mutating func takeRequestCounters() -> (requests: Int, retries: Int, rateLimited: Int) {
        let requests = self.requests - reported.requests
        let pages = self.pages - reported.pages
        let rateLimited = self.rateLimited - reported.rateLimited
        reported = (self.requests, self.pages, self.rateLimited)
        return (requests, max(requests - pages, 0), rateLimited)
    }

    /// The next id (or invalid id) in search order, or nil after the last page.
    public mutating func next() async throws(SyncJobError) -> IDLine? {
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
            reason: "the search returned an id that is not 1-\(ContactID.maximumLength) ASCII letters and digits"
        )
    }

    private mutating func fetchNextPage() async throws(SyncJobError) {
        var lastError: HighLevelAPIError?
        for attempt in 1...maximumAttempts {
            let sentAt: Duration
            do {
                sentAt = try await limiter.waitForPermit()
            } catch is DailyQuotaExhausted {
                finished = true
                throw .search(.quotaExhausted)
            } catch {
                finished = true
                throw .search(.cancelled)
            }
            let exchange = await client.searchContacts(query)
            requests += 1
            await limiter.record(status: exchange.result.httpStatus, headers: exchange.rateLimit, sentAt: sentAt)
            switch exchange.result {
            case .success(let received):
                pages += 1
                if total == nil, let reported = received.total {
                    total = reported
                    progress?.setTotal(reported)
                }
                if let after = received.nextSearchAfter, after == query.searchAfter {
                    finished = true
                    throw .search(.stalled)
                }
                page = received.ids
                pageIndex = 0
                query.searchAfter = received.nextSearchAfter
                if received.count < query.pageLimit || received.nextSearchAfter == nil { finished = true }
                return
            case .failure(let error):
                if error.isRateLimited { rateLimited += 1 }
                if error == .transport(.cancelled) || Task.isCancelled {
                    finished = true
                    throw .search(.cancelled)
                }
                if error.isFatalForRun {
                    finished = true
                    throw .search(.refused(error.description))
                }
                lastError = error
                guard error.isRetryable, attempt < maximumAttempts else { break }
                if !error.isRateLimited {
                    let delay = retryPolicy.delay(afterAttempt: attempt, unit: Double.random(in: 0..<1))
                    do {
                        try await clock.sleep(for: delay, tolerance: nil)
                    } catch {
                        finished = true
                        throw .search(.cancelled)
                    }
                }
                continue
            }
            break
        }
        finished = true
        throw .search(.failed(lastError?.description ?? "no response", attempts: requests))
    }
}
