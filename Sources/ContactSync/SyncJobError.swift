public import ContactStore

/// Why a run could not start (nothing was fetched).
public enum SyncJobError: Error, Sendable, CustomStringConvertible {
    case store(ContactStoreError)
    case idList(IDReaderError)

    public var description: String {
        switch self {
        case .store(let error): error.description
        case .idList(let error): error.description
        }
    }
}
