import ContactNormalization
import ContactStore
import Foundation
import GRDB
import HighLevelAPI
import LeadConnectorSimulator
import Testing

@testable import ContactSync
import LosslessJSON
import TestSupport

/// Seeded mutations of realistic contact bodies, run through the decoder, the normalizer and the store: nothing
/// crashes, what is accepted is stored losslessly (`raw_json` byte for byte), what is refused is refused with the
/// decoding error its mutation calls for, and through a whole sync it becomes a failure row while the rest is stored.
@Suite struct PayloadFuzzTests {
    static let seed: UInt64 = 0x6A1_F022

    /// The mutation families, each with its own seed and a modest number of cases.
    enum Family: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case everyTypeForEveryField, typeSwapAtEveryPath, nulls, truncation, invalidUTF8, latin1
        case nesting100, nesting300, duplicateKeys, duplicateEnvelopes

        var testDescription: String { rawValue }

        func cases() -> [FuzzCase] {
            let seed = PayloadFuzzTests.seed &+ UInt64(Self.allCases.firstIndex(of: self)! * 1_000)
            var mutator = PayloadMutator(seed: seed)
            let ids = PayloadMutator.ids(count: 60, seed: seed)
            // Families with a case per path use ordinary contacts; the few very large ones (up to ~270 KB) appear
            // in the others, where they cost one case each.
            let ordinary = ids.filter { ContactGenerator.contactJSON(id: $0).utf8.count < 16_384 }
            switch self {
            case .everyTypeForEveryField: return ordinary.prefix(2).flatMap { mutator.everyTypeForEveryField(id: $0) }
            case .typeSwapAtEveryPath: return ordinary.prefix(4).flatMap { mutator.typeSwapAtEveryPath(id: $0, limit: 250) }
            case .nulls: return ordinary.prefix(2).flatMap { mutator.nulls(id: $0, limit: 150) }
            case .truncation: return mutator.truncations(ids: Array(ids.prefix(20)), count: 200)
            case .invalidUTF8: return mutator.invalidBytes(ids: Array(ids.prefix(20)), count: 200)
            case .latin1: return mutator.latin1(ids: ids)
            case .nesting100: return mutator.deepNesting(ids: Array(ids.prefix(30)), levels: 100)
            case .nesting300: return mutator.deepNesting(ids: Array(ids.prefix(20)), levels: 300)
            case .duplicateKeys: return mutator.duplicateKeys(ids: ids + ids)
            case .duplicateEnvelopes:
                return (0..<3).flatMap { mutator.duplicateEnvelopes(id: ids[$0], other: ids[$0 + 10]) }
            }
        }

        /// Verdicts the family must produce (each case's own verdict is checked too; this keeps a family from
        /// passing by being vacuous).
        var verdicts: Set<FuzzCase.Verdict> {
            switch self {
            case .everyTypeForEveryField, .typeSwapAtEveryPath, .nulls, .duplicateKeys: [.accepted, .missingContact]
            case .truncation, .invalidUTF8, .latin1, .nesting300: [.invalidJSON]
            case .nesting100: [.accepted]
            case .duplicateEnvelopes: [.accepted, .missingContact, .idMismatch]
            }
        }
    }

    /// Decodes, normalizes and stores one case, checking each step; returns what the decoder decided.
    static func check(_ fuzzCase: FuzzCase, store: ContactStore, runID: Int64) throws -> FuzzCase.Verdict {
        let id = try #require(ContactID(fuzzCase.id))
        // The response is checked by skimming it; the parser that builds the value must agree on every body.
        let parsed = Result { () throws(JSONParser.SyntaxError) in try JSONParser.parse(fuzzCase.body) }
        let skimmed = Result { () throws(JSONParser.SyntaxError) in
            try JSONParser.skim(fuzzCase.body, member: "contact", strings: ["id"])
        }
        #expect(parsed.failure == skimmed.failure, "\(fuzzCase): skimming refuses exactly what parsing refuses")
        let response: ContactResponse
        do {
            // A first load parses the body instead: both must decide alike, error for error.
            response = try ContactResponse.decodedBothWays(fuzzCase.body, expectedID: id)
        } catch {
            #expect(FuzzCase.Verdict(error) == fuzzCase.verdict, "\(fuzzCase): \(error)")
            return FuzzCase.Verdict(error)
        }
        #expect(fuzzCase.verdict == .accepted, "\(fuzzCase) was accepted")
        if let contact = fuzzCase.contact {
            #expect(try JSONValue.object(response.contact) == contact, "\(fuzzCase) parses to the contact that was written")
        }
        let normalized = ContactNormalizer.normalize(contact: try response.contact, rawJSON: response.rawJSON)
        #expect(normalized.contact.id == fuzzCase.id)
        try store.save([normalized], failures: [], runID: runID, counters: RunCounters())
        try store.database.read { db throws in
            let raw = try Data.fetchOne(
                db, sql: "SELECT CAST(raw_json AS BLOB) FROM contacts WHERE id = ?", arguments: [fuzzCase.id])
            #expect(raw == Data(fuzzCase.contactBytes), "\(fuzzCase): raw_json is the contact's bytes exactly")
            let children = [
                ("contact_tags", normalized.tags.count), ("contact_custom_fields", normalized.customFields.count),
                ("contact_attributions", normalized.attributions.count), ("contact_dnd_settings", normalized.dndSettings.count),
            ]
            for (table, count) in children {
                let stored = try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM \(table) WHERE contact_id = ?", arguments: [fuzzCase.id])
                #expect(stored == count, "\(fuzzCase): \(table)")
            }
        }
        return .accepted
    }

    /// Serialized, and yielding as it goes: the cases are synchronous work, and on a small machine parallel
    /// families would hold every thread of the cooperative pool that the end-to-end tests' timers need.
    @Test(.serialized, arguments: Family.allCases)
    func mutatedBodiesAreRefusedCleanlyOrStoredLosslessly(_ family: Family) async throws {
        let cases = family.cases()
        #expect(cases.count >= 20, "\(family) has \(cases.count) cases")
        let harness = try SyncHarness()
        let runID = try harness.store.beginRun()
        var outcomes: [FuzzCase.Verdict: Int] = [:]
        for (index, fuzzCase) in cases.enumerated() {
            if index.isMultiple(of: 10) { await Task.yield() }
            outcomes[try Self.check(fuzzCase, store: harness.store, runID: runID), default: 0] += 1
        }
        #expect(family.verdicts.isSubset(of: outcomes.keys), "\(family): \(outcomes)")
        let acceptedIDs = Set(cases.filter { $0.verdict == .accepted }.map(\.id))
        #expect(try harness.read { db in try String.fetchSet(db, sql: "SELECT id FROM contacts") } == acceptedIDs)
        let tally = outcomes.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue) \($0.value)" }
        print("payload fuzz \(family): \(cases.count) cases: \(tally.joined(separator: ", "))")
    }

    @Test func theCorpusIsTheSameForTheSameSeed() {
        for family in [Family.typeSwapAtEveryPath, .invalidUTF8, .duplicateKeys] {
            #expect(family.cases().map(\.body) == family.cases().map(\.body), "\(family)")
        }
    }

    @Test func everyFieldNullStoresNullColumnsAndNoChildRows() throws {
        let id = PayloadMutator.ids(count: 1, seed: 77)[0]
        var mutator = PayloadMutator(seed: 77)
        let fuzzCase = try #require(mutator.nulls(id: id, limit: 0).first)
        #expect(fuzzCase.name == "every field null but the id")
        let harness = try SyncHarness()
        #expect(try Self.check(fuzzCase, store: harness.store, runID: try harness.store.beginRun()) == .accepted)
        let columns = ContactOracle.columns.map(\.column) + ["dnd", "date_of_birth"]
        let row = try #require(try harness.read { db in
            try Row.fetchOne(db, sql: "SELECT \(columns.joined(separator: ", ")) FROM contacts WHERE id = ?", arguments: [id])
        })
        for column in columns { #expect((row[column] as DatabaseValue).isNull, "\(column)") }
        for table in ["contact_tags", "contact_custom_fields", "contact_attributions", "contact_dnd_settings"] {
            #expect(try harness.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") } == 0, "\(table)")
        }
    }

    @Test func aTwentyMebibyteContactIsDecodedAndStoredWhole() throws {
        let id = PayloadMutator.ids(count: 1, seed: 99)[0]
        var mutator = PayloadMutator(seed: 99)
        let fuzzCase = mutator.huge(id: id, bytes: 20 << 20)
        #expect(fuzzCase.body.count >= 20 << 20)
        let harness = try SyncHarness()
        #expect(try Self.check(fuzzCase, store: harness.store, runID: try harness.store.beginRun()) == .accepted)
        let companyName = try harness.read { db in
            try Data.fetchOne(db, sql: "SELECT CAST(company_name AS BLOB) FROM contacts WHERE id = ?", arguments: [id])
        }
        let chunk = PayloadMutator.hugeChunk
        let repeats = (companyName?.count ?? 0) / chunk.count
        #expect(repeats > 100_000)
        var expected = Data(capacity: repeats * chunk.count)
        for _ in 0..<repeats { expected.append(contentsOf: chunk) }
        #expect(companyName == expected)
    }

    @Test func throughTheSyncRefusedBodiesBecomeFailuresAndTheRestIsStored() async throws {
        let ids = PayloadMutator.ids(count: 48, seed: 4_242)
        var mutator = PayloadMutator(seed: 4_242)
        let cases = ids.map { mutator.anyMutation(id: $0) }
        let accepted = cases.filter { $0.verdict == .accepted }
        let refused = cases.filter { $0.verdict != .accepted }
        #expect(accepted.count >= 10 && refused.count >= 10, "\(accepted.count) accepted, \(refused.count) refused")

        let harness = try SyncHarness()
        let transport = ScriptedTransport(bodies: Dictionary(uniqueKeysWithValues: cases.map { ($0.id, $0.body) }))
        var configuration = SyncHarness.testConfiguration()
        configuration.maximumAttempts = 2
        let job = harness.job(transport: transport, configuration: configuration)
        let reader = try IDReader(path: try harness.directory.write("ids.txt", lines: ids))
        let summary = try await job.run(ids: reader, resume: false)

        #expect(summary.status == .partial)
        #expect(summary.exitCode == 1)
        #expect(summary.run.contactsSynced == accepted.count)
        #expect(summary.run.failures == refused.count)
        #expect(transport.requestedIDs == Set(ids))
        try harness.read { db throws in
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM contacts") == accepted.count)
            for fuzzCase in accepted {
                let raw = try Data.fetchOne(
                    db, sql: "SELECT CAST(raw_json AS BLOB) FROM contacts WHERE id = ?", arguments: [fuzzCase.id])
                #expect(raw == Data(fuzzCase.contactBytes), "\(fuzzCase): raw_json")
                #expect(transport.requests(for: fuzzCase.id) == 1, "\(fuzzCase)")
            }
            for fuzzCase in refused {
                let row = try #require(
                    try Row.fetchOne(db, sql: "SELECT * FROM sync_failures WHERE contact_id = ?", arguments: [fuzzCase.id]),
                    "\(fuzzCase) recorded")
                #expect(row["reason"] as String == "undecodable", "\(fuzzCase)")
                #expect(row["attempts"] as Int == 2, "\(fuzzCase): an unreadable body is retried, then recorded")
                #expect(transport.requests(for: fuzzCase.id) == 2, "\(fuzzCase)")
                #expect(row["line_number"] as Int == ids.firstIndex(of: fuzzCase.id)! + 1)
                let message: String = row["message"]
                let expected = switch fuzzCase.verdict {
                case .invalidJSON: "body is not valid JSON"
                case .notAnObject: "body is not a JSON object"
                case .missingContact: "body has no \"contact\" object"
                case .idMismatch: "body holds a contact whose id is not \(fuzzCase.id)"
                case .accepted: "-"
                }
                #expect(message.hasPrefix(expected), "\(fuzzCase): \(message)")
            }
        }
    }
}

private extension Result {
    /// The error, when this is a failure.
    var failure: Failure? {
        if case .failure(let error) = self { error } else { nil }
    }
}
