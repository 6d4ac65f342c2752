import ContactStore
import ContactSync
import Foundation
import GRDB
import HighLevelAPI
import LeadConnectorSimulator
import LosslessJSON
import TestSupport
import Testing

/// Contacts deleted in HighLevel: marked by a complete listing and by a GET answered "not found", never by an
/// incomplete listing, un-marked when they come back, and guarded against a listing that left out too many.
struct DeletionTests {
    static let location = LocationID(LeadConnectorSimulator.locationID)!

    static func full() -> LocationSearch { LocationSearch(locationID: location, pageSize: 50) }

    static func deletedAt(_ harness: SyncHarness) throws -> [String: String] {
        try harness.read { db in
            var marked: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, deleted_at FROM contacts WHERE deleted_at IS NOT NULL") {
                marked[row["id"]] = row["deleted_at"]
            }
            return marked
        }
    }

    static func count(_ harness: SyncHarness, _ sql: String) throws -> Int {
        try harness.read { db in try Int.fetchOne(db, sql: sql) ?? -1 }
    }

    @Test func aFullRunMarksTheStoredContactsItsListingLeftOutAndKeepsTheirRows() async throws {
        let harness = try SyncHarness()
        try await LeadConnectorSimulator.withRunning(LocationSearchTests.simulator(contacts: 200)) { simulator in
            let first = try await harness.sync(Self.full(), against: simulator)
            #expect(first.status == .succeeded)
            let childRowsBefore = try Self.count(harness, "SELECT count(*) FROM contact_tags")
            let gone = simulator.location.evenlySpacedIDs(count: 8)
            let rawBefore = try harness.read { db in try String.fetchOne(db, sql: "SELECT raw_json FROM contacts WHERE id = ?", arguments: [gone[0]]) }
            #expect(simulator.location.delete(gone) == 8)

            let second = try await harness.sync(Self.full(), against: simulator)
            #expect(second.status == .succeeded, "\(second.status) \(second.message ?? "")")
            #expect(second.run.contactsDeleted == 8)
            #expect(second.thisInvocation.contactsDeleted == 8)
            let marked = try Self.deletedAt(harness)
            #expect(Set(marked.keys) == Set(gone))
            #expect(marked.values.allSatisfy { Timestamp(iso8601: $0) != nil && $0.hasSuffix("Z") })
            #expect(try Self.count(harness, "SELECT contacts_deleted FROM sync_runs WHERE id = \(second.runID)") == 8)
            // Rows, raw_json and child rows are kept; the analyst views show live contacts only.
            #expect(try Self.count(harness, "SELECT count(*) FROM contacts") == 200)
            #expect(try Self.count(harness, "SELECT count(*) FROM contact_tags") == childRowsBefore)
            #expect(try harness.read { db in try String.fetchOne(db, sql: "SELECT raw_json FROM contacts WHERE id = ?", arguments: [gone[0]]) } == rawBefore)
            #expect(try Self.count(harness, "SELECT count(*) FROM contact_overview") == 192)
            #expect(try Self.count(harness, "SELECT count(DISTINCT contact_id) FROM contact_custom_field_values WHERE contact_id IN (SELECT id FROM deleted_contacts)") == 0)
            #expect(try Self.count(harness, "SELECT count(*) FROM deleted_contacts") == 8)

            // A third full run marks nothing more, and keeps when they were marked.
            let third = try await harness.sync(Self.full(), against: simulator)
            #expect(third.run.contactsDeleted == 0)
            #expect(try Self.deletedAt(harness) == marked)
        }
    }

    @Test func aGetAnsweredNotFoundMarksTheStoredContactAndIsStillAFailure() async throws {
        let harness = try SyncHarness()
        try await LeadConnectorSimulator.withRunning(LocationSearchTests.simulator(contacts: 30)) { simulator in
            let ids = simulator.location.contactIDs
            _ = try await harness.sync(ids, against: simulator)
            let gone = [ids[3], ids[17]]
            simulator.location.delete(gone)
            let again = try await harness.sync(ids, against: simulator)
            #expect(again.status == .partial)
            #expect(again.run.contactsDeleted == 2)
            #expect(Set(try Self.deletedAt(harness).keys) == Set(gone))
            let failures = try harness.read { db in
                try Row.fetchAll(db, sql: "SELECT contact_id, reason, http_status FROM sync_failures WHERE run_id = ?", arguments: [again.runID])
            }
            #expect(Set(failures.map { $0["contact_id"] as String }) == Set(gone))
            #expect(failures.allSatisfy { $0["reason"] == "not_found" && $0["http_status"] == 400 })
            // An id never stored that is not found marks nothing.
            let unknown = try await harness.sync(["zzzzzzzzzzzzzzzzzzz1"], against: simulator)
            #expect(unknown.run.contactsDeleted == 0)
        }
    }

    @Test func aContactSeenAgainIsLiveAgain() async throws {
        let harness = try SyncHarness()
        try await LeadConnectorSimulator.withRunning(LocationSearchTests.simulator(contacts: 60)) { simulator in
            _ = try await harness.sync(Self.full(), against: simulator)
            let gone = simulator.location.evenlySpacedIDs(count: 3)
            simulator.location.delete(gone)
            _ = try await harness.sync(Self.full(), against: simulator)
            #expect(Set(try Self.deletedAt(harness).keys) == Set(gone))
            // Restored in HighLevel (it comes back updated).
            #expect(simulator.location.markUpdated([gone[1]]) == 1)
            let back = try await harness.sync(Self.full(), against: simulator)
            #expect(back.status == .succeeded)
            #expect(Set(try Self.deletedAt(harness).keys) == Set([gone[0], gone[2]]))
            #expect(try Self.count(harness, "SELECT count(*) FROM contact_overview") == 58)
            try harness.read { db in try ContactOracle.verify(id: gone[1], in: db, json: simulator.contactJSON(id: gone[1])) }
            // A contact whose raw_json did not change comes back too (the GET path of an id list).
            let same = gone[0]
            simulator.location.markUpdated([same], atMilliseconds: try #require(
                try harness.read { db in try String.fetchOne(db, sql: "SELECT date_updated FROM contacts WHERE id = ?", arguments: [same]) }
                    .flatMap { Timestamp(iso8601: $0)?.millisecondsSinceEpoch }))
            let relisted = try await harness.sync([same], against: simulator)
            #expect(relisted.run.contactsChanged == 1, "un-marking rewrites the row")
            #expect(try Self.deletedAt(harness)[same] == nil)
        }
    }

    @Test func aListingThatDidNotCompleteMarksNothing() async throws {
        let harness = try SyncHarness()
        var configuration = LocationSearchTests.simulator(contacts: 300)
        try await LeadConnectorSimulator.withRunning(configuration) { simulator in
            _ = try await harness.sync(Self.full(), against: simulator)
        }
        // The API refuses the token after a few pages: the listing is cut short, the run aborted.
        configuration.revokeTokenAfter = 4
        try await LeadConnectorSimulator.withRunning(configuration) { simulator in
            simulator.location.delete(simulator.location.evenlySpacedIDs(count: 5))
            let cut = try await harness.sync(Self.full(), against: simulator)
            #expect(cut.status == .aborted)
            #expect(try Self.deletedAt(harness).isEmpty)
            #expect(cut.run.contactsDeleted == 0)
        }
        // An incremental listing is never complete either.
        configuration.revokeTokenAfter = nil
        try await LeadConnectorSimulator.withRunning(configuration) { simulator in
            simulator.location.delete(simulator.location.evenlySpacedIDs(count: 5))
            let since = LocationSearch(
                locationID: Self.location, changedSince: .time(Timestamp(millisecondsSinceEpoch: 0)), pageSize: 50)
            let incremental = try await harness.sync(since, against: simulator)
            #expect(incremental.status == .succeeded)
            #expect(try Self.deletedAt(harness).isEmpty)
        }
    }

    @Test func aListingThatLeavesOutTooManyMarksNothingUnlessConfirmed() async throws {
        let harness = try SyncHarness()
        try await LeadConnectorSimulator.withRunning(LocationSearchTests.simulator(contacts: 300)) { simulator in
            _ = try await harness.sync(Self.full(), against: simulator)
            simulator.location.delete(simulator.location.evenlySpacedIDs(count: 40))
            let refused = try await harness.sync(Self.full(), against: simulator)
            #expect(refused.status == .partial)
            #expect(refused.exitCode == 1)
            #expect(refused.run.contactsDeleted == 0)
            #expect(refused.message?.contains("left out 40 of the location's 300 stored live contacts") == true, "\(refused.message ?? "")")
            #expect(refused.message?.contains("--confirm-deletions") == true)
            #expect(try Self.deletedAt(harness).isEmpty)
            #expect(try Self.count(harness, "SELECT count(*) FROM sync_runs WHERE status = 'partial' AND message LIKE '%confirm-deletions%'") == 1)

            var confirmed = SyncHarness.testConfiguration()
            confirmed.confirmDeletions = true
            let marked = try await harness.sync(Self.full(), against: simulator, configuration: confirmed)
            #expect(marked.status == .succeeded)
            #expect(marked.run.contactsDeleted == 40)
            #expect(try Self.deletedAt(harness).count == 40)
        }
    }

    @Test(arguments: [(10, 0, true), (11, 100, false), (30, 300, true), (31, 300, false), (1000, 10_000, true)])
    func theGuardAllowsATenthOrTenContacts(candidates: Int, live: Int, allowed: Bool) {
        #expect(DeletionGuard().allows(candidates, of: live) == allowed)
    }
}
