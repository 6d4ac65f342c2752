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
/// time of marking. `POST /contacts/search` pages them in `(dateUpdated, id)` order and `GET /contacts/{id}`
/// answers the same `dateUpdated`, so a search and a fetch always agree.
package final class SimulatorLocation: Sendable {
    /// One searchable contact: its sort key.
    struct Entry: Sendable, Comparable {
        let updatedMilliseconds: Int64
        let id: String

        static func < (lhs: Entry, rhs: Entry) -> Bool {
            (lhs.updatedMilliseconds, lhs.id) < (rhs.updatedMilliseconds, rhs.id)
        }
    }

    private struct Storage {
        /// Sorted by `(updatedMilliseconds, id)`.
        var entries: [Entry]
        var updated: [String: Int64]
        var removedFieldIDs: Set<String>
        var touchedOnce = false
    }

    private let storage: Mutex<Storage>
    /// Every contact id in the location, in generation order.
    package let contactIDs: [String]

    init(configuration: SimulatorConfiguration) {
        let ids = ContactGenerator.locationContactIDs(count: configuration.locationContactCount)
        var updated: [String: Int64] = [:]
        updated.reserveCapacity(ids.count)
        for id in ids { updated[id] = Self.initialUpdatedMilliseconds(id) }
        let entries = updated.map { Entry(updatedMilliseconds: $0.value, id: $0.key) }.sorted()
        contactIDs = ids
        storage = Mutex(Storage(entries: entries, updated: updated, removedFieldIDs: configuration.removedCustomFieldIDs))
    }

    /// The `dateUpdated` a location contact has until it is marked updated.
    static func initialUpdatedMilliseconds(_ id: String) -> Int64 {
        CivilTime.october2025 + Int64(FNV1a.hash(id, purpose: "location-updated") % UInt64(30 * CivilTime.day))
    }

    /// The `dateUpdated` (epoch ms) of a location contact, nil for ids outside the location.
    package func dateUpdatedMilliseconds(of id: String) -> Int64? {
        storage.withLock { $0.updated[id] }
    }

    /// Marks `ids` (those in the location) as updated at `milliseconds` (default: now); returns how many were.
    @discardableResult
    package func markUpdated(_ ids: [String], atMilliseconds milliseconds: Int64? = nil) -> Int {
        let milliseconds = milliseconds ?? Self.nowMilliseconds()
        return storage.withLock { storage in
            var marked = 0
            for id in ids where storage.updated[id] != nil {
                storage.updated[id] = milliseconds
                marked += 1
            }
            storage.entries = storage.updated.map { Entry(updatedMilliseconds: $0.value, id: $0.key) }.sorted()
            return marked
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

    /// The custom field definitions currently returned.
    var customFieldDefinitions: [CustomFieldDefinition] {
        let removed = storage.withLock { $0.removedFieldIDs }
        return CustomFieldDefinition.all.filter { !removed.contains($0.id) }
    }

    /// Up to `limit` entries after `cursor` with `dateUpdated` in `range`, and how many match in all.
    func page(after cursor: Entry?, updatedIn range: ClosedRange<Int64>, limit: Int) -> (entries: [Entry], total: Int) {
        storage.withLock { storage in
            let entries = storage.entries
            let lower = Self.firstIndex(in: entries) { $0.updatedMilliseconds >= range.lowerBound }
            let upper = Self.firstIndex(in: entries) { $0.updatedMilliseconds > range.upperBound }
            var start = lower
            if let cursor { start = max(start, Self.firstIndex(in: entries) { $0 > cursor }) }
            let end = min(upper, start + limit)
            return (start < end ? Array(entries[start..<end]) : [], max(upper - lower, 0))
        }
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

    /// The wall-clock time in epoch milliseconds.
    static func nowMilliseconds() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1000 + Int64(time.tv_nsec) / 1_000_000
    }
}
