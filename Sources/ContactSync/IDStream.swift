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
}
