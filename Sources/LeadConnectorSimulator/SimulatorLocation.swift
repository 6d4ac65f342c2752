#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The simulated location's searchable contacts and custom field definitions, shared by every request.
///
/// Its contacts are ``ContactGenerator/locationContactIDs(count:)``; each has a `dateUpdated` derived from its
/// id (in October 2025, after every generated `dateAdded`) until it is marked updated, which sets it to the
/// simulated API's time of marking (this machine's clock plus ``SimulatorConfiguration/clockOffset``).
/// `GET /contacts/{id}` answers the current contact at once; `POST /contacts/search` pages the search index
/// in `(dateUpdated, id)` order, and the index takes ``SimulatorConfiguration/searchIndexLag`` to follow an
/// update or a deletion. A deleted contact is answered "not found" and leaves the index.
package final class SimulatorLocation: Sendable {
    /// One searchable contact: its sort key.
    struct Entry: Sendable, Comparable {
        let updatedMilliseconds: Int64
        let id: String

        static func < (lhs: Entry, rhs: Entry) -> Bool {
            (lhs.updatedMilliseconds, lhs.id) < (rhs.updatedMilliseconds, rhs.id)
        }
    }

    /// A change the search index has yet to see: the contact's new `dateUpdated`, or nil for its removal.
    private struct PendingIndexChange {
        let due: ContinuousClock.Instant
        let id: String
        let updatedMilliseconds: Int64?
    }

    private struct Storage {
        /// The index's view, sorted by `(updatedMilliseconds, id)`.
        var entries: [Entry]
        /// What the index holds per id.
        var indexed: [String: Int64]
        /// The contacts as they are now (deleted ones absent).
        var current: [String: Int64]
        var deleted: Set<String> = []
        var pending: [PendingIndexChange] = []
        var removedFieldIDs: Set<String>
        var touchedOnce = false
        var indexLag: Duration
        var clockOffset: Duration
    }

    private let storage: Mutex<Storage>
    /// The location's id and name.
    package let id: String
    package let name: String
    /// Every contact id in the location, in generation order.
    package let contactIDs: [String]

    /// The default location, as `configuration` describes it.
    convenience init(configuration: SimulatorConfiguration) {
        self.init(id: SampleData.locationID, name: "Simulated Location", contactCount: configuration.locationContactCount, configuration: configuration)
    }

    /// A location with `contactCount` contacts (the default location's are the ones it always had).
    init(id: String, name: String, contactCount: Int, configuration: SimulatorConfiguration) {
        self.id = id
        self.name = name
        let ids = id == SampleData.locationID
            ? ContactGenerator.locationContactIDs(count: contactCount)
            : ContactGenerator.locationContactIDs(count: contactCount, seed: FNV1a.hash(id, purpose: "location"))
        var updated: [String: Int64] = [:]
        updated.reserveCapacity(ids.count)
        for id in ids { updated[id] = Self.initialUpdatedMilliseconds(id) }
        contactIDs = ids
        storage = Mutex(Storage(
            entries: Self.sorted(updated), indexed: updated, current: updated,
            removedFieldIDs: configuration.removedCustomFieldIDs, indexLag: configuration.searchIndexLag,
            clockOffset: configuration.clockOffset
        ))
    }

    /// The `dateUpdated` a location contact has until it is marked updated.
    static func initialUpdatedMilliseconds(_ id: String) -> Int64 {
        CivilTime.october2025 + Int64(FNV1a.hash(id, purpose: "location-updated") % UInt64(30 * CivilTime.day))
    }

    /// The current `dateUpdated` (epoch ms) of a location contact; nil for ids outside the location and for
    /// deleted contacts.
    package func dateUpdatedMilliseconds(of id: String) -> Int64? {
        storage.withLock { $0.current[id] }
    }

    /// Whether `id` is a location contact that was deleted.
    package func isDeleted(_ id: String) -> Bool {
        storage.withLock { $0.deleted.contains(id) }
    }

    /// The simulated API's clock now, in epoch milliseconds.
    package func nowMilliseconds() -> Int64 {
        Self.systemMilliseconds() + storage.withLock { Self.milliseconds($0.clockOffset) }
    }

    /// Sets how long the search index takes to follow a change, and how far the API's clock is ahead.
    package func setSearchIndexLag(_ lag: Duration, clockOffset: Duration? = nil) {
        storage.withLock { storage in
            storage.indexLag = lag
            if let clockOffset { storage.clockOffset = clockOffset }
        }
    }

    /// Marks `ids` (live location contacts) as updated at `milliseconds` (default: the API's now); a deleted
    /// one comes back. Returns how many were marked.
    @discardableResult
    package func markUpdated(_ ids: [String], atMilliseconds milliseconds: Int64? = nil) -> Int {
        let location = Set(contactIDs)
        return storage.withLock { storage in
            let stamp = milliseconds ?? (Self.systemMilliseconds() + Self.milliseconds(storage.clockOffset))
            var marked = 0
            for id in ids where location.contains(id) {
                storage.current[id] = stamp
                storage.deleted.remove(id)
                Self.schedule(id, stamp, in: &storage)
                marked += 1
            }
            Self.applyDue(&storage)
            return marked
        }
    }

    /// Deletes `ids` (location contacts): GET answers "not found" at once; search stops listing them once the
    /// index follows. Returns how many were deleted.
    @discardableResult
    package func delete(_ ids: [String]) -> Int {
        storage.withLock { storage in
            var deleted = 0
            for id in ids where storage.current.removeValue(forKey: id) != nil {
                storage.deleted.insert(id)
                Self.schedule(id, nil, in: &storage)
                deleted += 1
            }
            Self.applyDue(&storage)
            return deleted
        }
    }

    /// `count` location contacts spread evenly over ``contactIDs`` (the ones `--touch-count` marks).
    package func evenlySpacedIDs(count: Int) -> [String] {
        guard count > 0, !contactIDs.isEmpty else { return [] }
        let count = min(count, contactIDs.count)
        return (0..<count).map { contactIDs[$0 * contactIDs.count / count] }
    }

    /// Marks the evenly spaced contacts updated now, the first time it is called; later calls do nothing.
    func touchOnce(count: Int) {
        let due = storage.withLock { storage in
            defer { storage.touchedOnce = true }
            return !storage.touchedOnce
        }
        if due { markUpdated(evenlySpacedIDs(count: count)) }
    }

    /// Stops (or resumes) returning a custom field definition, as when it is deleted in HighLevel.
    package func setCustomFieldRemoved(_ id: String, removed: Bool = true) {
        storage.withLock { storage in
            if removed { storage.removedFieldIDs.insert(id) } else { storage.removedFieldIDs.remove(id) }
        }
    }

    /// The custom field definitions currently returned, as sent.
    var customFieldDefinitions: [JSONValue] {
        let removed = storage.withLock { $0.removedFieldIDs }
        return CustomFieldDefinition.all.filter { !removed.contains($0.id) }.map { $0.json(in: id) }
    }

    /// The `contact` object `GET /contacts/{id}` answers for one of the location's live contacts, now.
    package func contactJSON(id contactID: String) -> String? {
        guard let updated = dateUpdatedMilliseconds(of: contactID) else { return nil }
        return ContactGenerator.contactJSON(id: contactID, dateUpdatedMilliseconds: updated, locationID: id)
    }

    /// Up to `limit` index entries after `cursor` with `dateUpdated` in `range`, and how many match in all.
    func page(after cursor: Entry?, updatedIn range: ClosedRange<Int64>, limit: Int) -> (entries: [Entry], total: Int) {
        storage.withLock { storage in
            Self.applyDue(&storage)
            let entries = storage.entries
            let lower = Self.firstIndex(in: entries) { $0.updatedMilliseconds >= range.lowerBound }
            let upper = Self.firstIndex(in: entries) { $0.updatedMilliseconds > range.upperBound }
            var start = lower
            if let cursor { start = max(start, Self.firstIndex(in: entries) { $0 > cursor }) }
            let end = min(upper, start + limit)
            return (start < end ? Array(entries[start..<end]) : [], max(upper - lower, 0))
        }
    }

    private static func schedule(_ id: String, _ milliseconds: Int64?, in storage: inout Storage) {
        storage.pending.append(PendingIndexChange(
            due: ContinuousClock.now.advanced(by: storage.indexLag), id: id, updatedMilliseconds: milliseconds))
    }

    /// Lets the index catch up with the changes whose lag has passed.
    private static func applyDue(_ storage: inout Storage) {
        let now = ContinuousClock.now
        guard storage.pending.contains(where: { $0.due <= now }) else { return }
        var kept: [PendingIndexChange] = []
        for change in storage.pending {
            guard change.due <= now else {
                kept.append(change)
                continue
            }
            storage.indexed[change.id] = change.updatedMilliseconds
        }
        storage.pending = kept
        storage.entries = sorted(storage.indexed)
    }

    private static func sorted(_ updated: [String: Int64]) -> [Entry] {
        updated.map { Entry(updatedMilliseconds: $0.value, id: $0.key) }.sorted()
    }

    /// The first index whose entry satisfies `predicate` (monotonic over the sorted entries).
    private static func firstIndex(in entries: [Entry], where predicate: (Entry) -> Bool) -> Int {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if predicate(entries[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }

    private static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }

    /// This machine's wall clock in epoch milliseconds.
    static func systemMilliseconds() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1000 + Int64(time.tv_nsec) / 1_000_000
    }
}
