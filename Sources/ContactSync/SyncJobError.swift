public import ContactStore

/// Why a run could not start (nothing was fetched).
public enum SyncJobError: Error, Sendable, CustomStringConvertible {
    /// `--summary-json`'s file: its directory is missing or not writable, or writing it at the end failed.
    case summaryFile(path: String, reason: String)
    case store(ContactStoreError)
    case idList(IDReaderError)

    public var description: String {
        switch self {
        case .summaryFile(let path, let reason): "cannot write the summary to \(path): \(reason)"
        case .store(let error): error.description
        case .idList(let error): error.description
        }
    }
}
