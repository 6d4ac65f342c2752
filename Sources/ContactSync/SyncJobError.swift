public import ContactStore

/// Why a run could not start (nothing was fetched), or its summary file could not be written.
public enum SyncJobError: Error, Sendable, CustomStringConvertible {
    case store(ContactStoreError)
    case idList(IDReaderError)
    /// `--summary-json`'s file: its directory is missing or not writable, or the write failed.
    case summaryFile(path: String, reason: String)

    public var description: String {
        switch self {
        case .store(let error): error.description
        case .idList(let error): error.description
        case .summaryFile(let path, let reason): "cannot write the summary to \(path): \(reason)"
        }
    }
}
