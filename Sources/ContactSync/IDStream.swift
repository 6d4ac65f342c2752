import ContactStore

/// The ids one run reads, in order: an id list's lines, or a location's search results page by page.
enum IDStream<C: Clock> where C.Duration == Duration {
    case list(IDReader)
    case search(ContactSearchPager<C>)

    /// The next id or invalid line, or nil at the end.
    mutating func next() async throws(SyncJobError) -> IDLine? {
        switch self {
        case .list(let reader):
            do {
                return try reader.next()
            } catch {
                throw .idList(error)
            }
        case .search(var pager):
            defer { self = .search(pager) }
            return try await pager.next()
        }
    }

    /// The search requests, retries and 429s sent since the last call (none for an id list), for the run's
    /// counters.
    mutating func takeRequestCounters() -> RunCounters {
        var counters = RunCounters()
        guard case .search(var pager) = self else { return counters }
        let taken = pager.takeRequestCounters()
        self = .search(pager)
        counters.requests = taken.requests
        counters.retries = taken.retries
        counters.rateLimited = taken.rateLimited
        return counters
    }
}

extension SyncJobError {
    /// How the sync loop stops when reading the next id fails this way.
    var loopStop: SyncLoop.Stop {
        switch self {
        case .search(.cancelled):
            .interrupted
        case .search:
            .aborted(
                description + "; contacts the search had not listed yet were not fetched and are not in "
                    + "sync_failures: run again (with --resume to skip those already stored)"
            )
        case .store, .idList, .summaryFile:
            .aborted(description)
        }
    }
}
