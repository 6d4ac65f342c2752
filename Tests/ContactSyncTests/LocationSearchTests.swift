import ContactStore
import ContactSync
import Foundation
import GRDB
import HighLevelAPI
import LeadConnectorSimulator
import Logging
import LosslessJSON
import TestSupport
import Testing

extension SyncHarness {
    /// Runs `sync --all` for `search` against `simulator`, as the CLI does.
    func sync(
        _ search: LocationSearch, against simulator: RunningSimulator,
        configuration: SyncConfiguration = testConfiguration(), resume: Bool = false
    ) async throws -> SyncSummary {
        let (job, transport) = job(baseURL: simulator.baseURL, configuration: configuration)
        let summary: SyncSummary
        do {
            summary = try await job.run(source: .location(search), resume: resume)
        } catch {
            try await transport.shutdown()
            throw error
        }
        try await transport.shutdown()
        return summary
    }
}

@Suite struct LocationSearchTests {
    static let location = LocationID(LeadConnectorSimulator.locationID)!

    static func simulator(contacts: Int) -> SimulatorConfiguration {
        var configuration = SimulatorConfiguration()
        configuration.rateLimit = nil
        configuration.locationContactCount = contacts
        return configuration
    }

    /// Every id a pager yields, in order, and the pager afterwards.
    static func page(
        _ search: LocationSearch, against simulator: RunningSimulator, changedSince: String? = nil
    ) async throws -> (ids: [String], pager: ContactSearchPager<ContinuousClock>, requests: SyncProgress.Snapshot) {
        let transport = AsyncHTTPTransport(maximumConnections: 1, readTimeout: .seconds(5))
        let client = HighLevelClient(
            configuration: ClientConfiguration(baseURL: simulator.baseURL, timeout: .seconds(5)),
            token: AccessToken(SimulatorConfiguration().token)!, transport: transport
        )
        var configuration = SyncHarness.testConfiguration()
        configuration.maximumAttempts = 20
        let clock = ContinuousClock()
        let progress = SyncProgress()
        let gate = OutageGate(timeout: configuration.outageTimeout, clock: clock, logger: Logger(label: "test"), progress: progress)
        let call = PacedCall(
            limiter: RateLimiter(policy: configuration.rateLimit, clock: clock), gate: gate, configuration: configuration,
            clock: clock, progress: progress
        )
        var pager = ContactSearchPager(search: search, changedSince: changedSince, client: client, call: call)
        var ids: [String] = []
        do {
            while let line = try await pager.next() {
                guard case .id(let id, let position) = line else {
                    Issue.record("unexpected \(line)")
                    continue
                }
                #expect(position == ids.count + 1)
                ids.append(id.rawValue)
            }
        } catch {
            try await transport.shutdown()
            throw error
        }
        try await transport.shutdown()
        return (ids, pager, progress.snapshot())
    }

    static func searchRequests(_ simulator: RunningSimulator) -> Int {
        simulator.log.requestedPaths.filter { $0 == "/contacts/search" }.count
    }

    static func contactRequests(_ simulator: RunningSimulator) -> Int {
        simulator.log.requestedPaths.filter { $0.hasPrefix("/contacts/") && $0 != "/contacts/search" }.count
    }

    @Test func searchPagingYieldsEveryLocationContactExactlyOnceInThreePages() async throws {
        let expected = ContactGenerator.locationContactIDs(count: 1_234)
        #expect(Set(expected).count == 1_234)
        try await LeadConnectorSimulator.withRunning(Self.simulator(contacts: 1_234)) { simulator in
            let (ids, pager, requests) = try await Self.page(LocationSearch(locationID: Self.location, pageSize: 500), against: simulator)
            #expect(ids.count == 1_234)
            #expect(Set(ids) == Set(expected), "every location contact, none else")
            #expect(Self.searchRequests(simulator) == 3, "500 + 500 + 234")
            #expect(requests.counters.requests - requests.counters.retries == 3, "three pages received")
            #expect(pager.total == 1_234)
            let order = ids.map { (simulator.location.dateUpdatedMilliseconds(of: $0)!, $0) }
            #expect(zip(order, order.dropFirst()).allSatisfy { $0 < $1 }, "sorted by (dateUpdated, id)")
        }
    }

    @Test func syncAllStoresEveryContactOfTheLocationAndItsCustomFieldNames() async throws {
        let harness = try SyncHarness()
        let expected = ContactGenerator.locationContactIDs(count: 1_234)
        try await LeadConnectorSimulator.withRunning(Self.simulator(contacts: 1_234)) { simulator in
            let summary = try await harness.sync(LocationSearch(locationID: Self.location), against: simulator)
            #expect(summary.status == .succeeded, "\(summary.status) \(summary.message ?? "")")
            #expect(summary.run.idsRead == 1_234)
            #expect(summary.run.contactsSynced == 1_234)
            #expect(Self.searchRequests(simulator) == 3)
            #expect(summary.thisInvocation.requests == 1_234 + 3 + 1, "search pages and the custom field request count")
            #expect(summary.run.requests == 1_234 + 3 + 1)
            #expect(simulator.log.totalRequests == summary.run.requests, "every request sent is counted, none twice")
            for id in expected.prefix(50) { #expect(simulator.log.hits(for: id) == 1) }
            #expect(Self.contactRequests(simulator) == 1_234, "each contact fetched once")
            try harness.read { db in
                #expect(try Set(String.fetchAll(db, sql: "SELECT id FROM contacts")) == Set(expected))
                for id in expected { try ContactOracle.verify(id: id, in: db, json: simulator.contactJSON(id: id)) }
                let run = try #require(try Row.fetchOne(db, sql: "SELECT * FROM sync_runs WHERE id = ?", arguments: [summary.runID]))
                #expect(run["id_source"] as String? == "location")
                #expect(run["location_id"] as String? == LeadConnectorSimulator.locationID)
                #expect(run["changed_since"] as String? == nil)

                let names = try Dictionary(uniqueKeysWithValues: Row.fetchAll(
                    db, sql: "SELECT id, name FROM custom_field_definitions WHERE removed_at IS NULL"
                ).map { ($0["id"] as String, $0["name"] as String) })
                let served = LeadConnectorSimulator.customFieldDefinitions
                #expect(names.count == served.count)
                for definition in served { #expect(names[definition.id] == definition.name) }
                let types = try Set(String.fetchAll(db, sql: "SELECT data_type FROM custom_field_definitions"))
                #expect(types.isSuperset(of: ["TEXT", "LARGE_TEXT", "NUMERICAL", "MONETORY", "CHECKBOX", "SINGLE_OPTIONS", "DATE", "RADIO", "FILE_UPLOAD"]))
                let options = try String.fetchOne(
                    db, sql: "SELECT picklist_options FROM custom_field_definitions WHERE data_type = 'RADIO' LIMIT 1")
                #expect(options == #"["Yes","No"]"#)

                let named = try Row.fetchAll(db, sql: """
                    SELECT v.field_id, v.field_name FROM contact_custom_field_values AS v
                    JOIN custom_field_definitions AS d ON d.id = v.field_id
                    """)
                #expect(named.count > 1_000, "values of defined fields carry their field's name")
                for row in named { #expect(row["field_name"] as String? == names[row["field_id"] as String]) }
            }
        }
    }

    /// With no overlap, the watermark is exactly the previous run's start (the default overlap is tested with
    /// index lag and clock skew in IncrementalRunTests).
    @Test func anIncrementalRunFetchesExactlyTheContactsUpdatedSinceTheLastSucceededRun() async throws {
        let harness = try SyncHarness()
        try await LeadConnectorSimulator.withRunning(Self.simulator(contacts: 600)) { simulator in
            let first = try await harness.sync(
                LocationSearch(locationID: Self.location, changedSince: .lastSuccessfulRun, overlap: .zero), against: simulator)
            #expect(first.status == .succeeded)
            #expect(first.run.contactsSynced == 600)
            let firstStart = try #require(try harness.store.run(id: first.runID)?.startedAt)
            let firstWatermark = try harness.read { db in
                try String.fetchOne(db, sql: "SELECT changed_since FROM sync_runs WHERE id = ?", arguments: [first.runID])
            }
            #expect(firstWatermark == nil, "no earlier run: a full sync")

            try await Task.sleep(for: .milliseconds(5))
            let touched = simulator.location.evenlySpacedIDs(count: 7)
            #expect(simulator.location.markUpdated(touched) == 7)
            // The watermark compares inclusively at millisecond precision: start the second run in a later
            // millisecond than the update, or the third run rightly asks for those 7 contacts again.
            try await Task.sleep(for: .milliseconds(5))
            let contactRequestsBefore = Self.contactRequests(simulator)
            let second = try await harness.sync(
                LocationSearch(locationID: Self.location, changedSince: .lastSuccessfulRun, overlap: .zero), against: simulator)
            #expect(second.status == .succeeded, "\(second.status) \(second.message ?? "")")
            #expect(second.run.idsRead == 7)
            #expect(Self.contactRequests(simulator) - contactRequestsBefore == 7, "only the updated contacts are fetched")
            for id in touched { #expect(simulator.log.hits(for: id) == 2) }
            try harness.read { db in
                #expect(try String.fetchOne(db, sql: "SELECT changed_since FROM sync_runs WHERE id = ?", arguments: [second.runID]) == firstStart)
                for id in touched { try ContactOracle.verify(id: id, in: db, json: simulator.contactJSON(id: id)) }
            }

            let third = try await harness.sync(
                LocationSearch(locationID: Self.location, changedSince: .lastSuccessfulRun, overlap: .zero), against: simulator)
            #expect(third.run.idsRead == 0, "nothing changed since the second run")
        }
    }

    @Test func aDefinitionTheAPINoLongerReturnsGetsRemovedAtAndLosesItWhenItReturns() async throws {
        let harness = try SyncHarness()
        let dropped = LeadConnectorSimulator.customFieldDefinitions[3].id
        func removedAt(_ db: Database) throws -> [String: String?] {
            try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT id, removed_at FROM custom_field_definitions")
                .map { ($0["id"] as String, $0["removed_at"] as String?) })
        }
        try await LeadConnectorSimulator.withRunning(Self.simulator(contacts: 30)) { simulator in
            _ = try await harness.sync(LocationSearch(locationID: Self.location), against: simulator)
            #expect(try harness.read(removedAt).values.allSatisfy { $0 == nil })

            simulator.location.setCustomFieldRemoved(dropped)
            _ = try await harness.sync(LocationSearch(locationID: Self.location), against: simulator)
            try harness.read { db in
                let rows = try removedAt(db)
                #expect(rows.count == LeadConnectorSimulator.customFieldDefinitions.count, "the row is kept")
                #expect(rows[dropped]! != nil)
                #expect(rows.filter { $0.value != nil }.count == 1)
                #expect(try String.fetchOne(db, sql: "SELECT name FROM custom_field_definitions WHERE id = ?", arguments: [dropped]) != nil)
            }

            simulator.location.setCustomFieldRemoved(dropped, removed: false)
            _ = try await harness.sync(LocationSearch(locationID: Self.location), against: simulator)
            #expect(try harness.read(removedAt).values.allSatisfy { $0 == nil })
        }
    }

    @Test func aRateLimitedSearchPageIsRetriedAndNoIdIsLostOrRepeated() async throws {
        var configuration = Self.simulator(contacts: 300)
        configuration.faults = SimulatorFaults(serverError: 0.2, rateLimitBurst: 0.3)
        configuration.rateLimit = SimulatorRateLimit(max: 1_000_000, interval: .milliseconds(50))
        configuration.seed = 5
        try await LeadConnectorSimulator.withRunning(configuration) { simulator in
            let (ids, _, requests) = try await Self.page(LocationSearch(locationID: Self.location, pageSize: 20), against: simulator)
            #expect(ids.count == 300)
            #expect(Set(ids) == Set(ContactGenerator.locationContactIDs(count: 300)))
            #expect(requests.counters.rateLimited > 0, "some pages were answered 429")
            #expect(simulator.log.statusCounts()[429, default: 0] == requests.counters.rateLimited)
            #expect(requests.counters.retries > 0, "failed pages were asked again")
            #expect(requests.counters.requests - requests.counters.retries == 16, "15 full pages, then an empty one: a full page may not be the last")
        }
    }

    @Test func aSearchTheAPIRefusesAbortsTheRunWithAClearMessage() async throws {
        let harness = try SyncHarness()
        let other = try #require(LocationID("SomeOtherLocation123"))
        try await LeadConnectorSimulator.withRunning(Self.simulator(contacts: 30)) { simulator in
            let summary = try await harness.sync(LocationSearch(locationID: other), against: simulator)
            #expect(summary.status == .aborted)
            #expect(summary.exitCode == 3)
            #expect(summary.message?.contains("refused the contact search") == true, "\(summary.message ?? "-")")
            #expect(summary.message?.contains("not in sync_failures") == true)
            #expect(Self.contactRequests(simulator) == 0)
        }
    }

    @Test(arguments: ["", "../x", "abc%2F", "a b", "loc?x=1", String(repeating: "a", count: 65), "ünï"])
    func aLocationIDThatIsNotLettersAndDigitsIsRefused(_ text: String) {
        #expect(LocationID(text) == nil)
    }

    @Test func aPageLimitOver500IsAnswered422() async throws {
        try await LeadConnectorSimulator.withRunning(Self.simulator(contacts: 10)) { simulator in
            let transport = AsyncHTTPTransport(maximumConnections: 1, readTimeout: .seconds(5))
            let client = HighLevelClient(
                configuration: ClientConfiguration(baseURL: simulator.baseURL), token: AccessToken("sim-token")!,
                transport: transport
            )
            let exchange = await client.searchContacts(ContactSearchQuery(locationID: Self.location, pageLimit: 501))
            try await transport.shutdown()
            guard case .failure(let error) = exchange.result else {
                Issue.record("pageLimit 501 was accepted")
                return
            }
            #expect(error.httpStatus == 422)
            #expect(exchange.rateLimit.dailyRemaining != nil, "the answer carries the rate-limit headers")
        }
    }

    @Test func resumingAnInterruptedWholeLocationRunSkipsWhatItStored() async throws {
        let harness = try SyncHarness()
        try await LeadConnectorSimulator.withRunning(Self.simulator(contacts: 400)) { simulator in
            let search = LocationSearch(locationID: Self.location, pageSize: 100)
            let (job, transport) = harness.job(baseURL: simulator.baseURL)
            let interrupted = try await withThrowingTaskGroup(of: SyncSummary?.self) { group in
                group.addTask { try await job.run(source: .location(search), resume: false) }
                group.addTask { [store = harness.store] in
                    while try SyncHarness.committedCount(store) < 50 { try await Task.sleep(for: .milliseconds(2)) }
                    return nil
                }
                var result: SyncSummary?
                while let next = try await group.next() {
                    if let next { result = next }
                    group.cancelAll()
                }
                return result
            }
            try await transport.shutdown()
            let first = try #require(interrupted)
            #expect(first.status == .interrupted || first.status == .succeeded)
            let resumed = try await harness.sync(search, against: simulator, resume: true)
            #expect(resumed.status == .succeeded, "\(resumed.status) \(resumed.message ?? "")")
            #expect(resumed.runID == first.runID || first.status == .succeeded)
            #expect(resumed.run.contactsSynced == 400)
            let stored = try harness.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM contacts") }
            #expect(stored == 400)
        }
    }

    @Test func theSearchEndpointSharesAuthLimitsHeadersAndTheHitsLog() async throws {
        let directory = try TemporaryDirectory()
        var configuration = Self.simulator(contacts: 40)
        configuration.hitsLogPath = directory.file("hits.log")
        configuration.rateLimit = SimulatorRateLimit(max: 5, interval: .seconds(60))
        configuration.touchAfterRequests = 3
        configuration.touchCount = 4
        try await LeadConnectorSimulator.withRunning(configuration) { simulator in
            let transport = AsyncHTTPTransport(maximumConnections: 1, readTimeout: .seconds(5))
            func post(_ body: String, token: String = "sim-token") async throws -> HTTPResponse {
                try await transport.post(
                    url: simulator.baseURL + "/contacts/search",
                    headers: [("Authorization", "Bearer " + token), ("Version", "2021-07-28"), ("Content-Type", "application/json")],
                    body: Array(body.utf8), timeout: .seconds(5), maximumBodyBytes: 1 << 20
                )
            }
            func header(_ response: HTTPResponse, _ name: String) -> String? {
                response.headers.first { $0.name.lowercased() == name.lowercased() }?.value
            }
            let unauthorized = try await post(#"{"locationId":"\#(LeadConnectorSimulator.locationID)"}"#, token: "wrong")
            #expect(unauthorized.status == 401)
            let missing = try await post(#"{"pageLimit":10}"#)
            #expect(missing.status == 422)
            #expect(String(decoding: missing.body, as: UTF8.self).contains(#""message":["locationId"#))
            #expect(header(missing, "X-RateLimit-Remaining") == "4", "counted against the burst limit")
            let other = try await post(#"{"locationId":"SomeOtherLocation123"}"#)
            #expect(other.status == 403)
            let filtered = try await post(#"""
                {"locationId":"\#(LeadConnectorSimulator.locationID)","pageLimit":100,
                 "filters":[{"field":"dateUpdated","operator":"range","value":{"gt":"2026-01-01T00:00:00Z"}}]}
                """#)
            #expect(filtered.status == 200)
            let page = try ContactSearchPage(body: filtered.body)
            #expect(Set(page.ids) == Set(simulator.location.evenlySpacedIDs(count: 4)), "only the contacts touched after request 3")
            #expect(page.total == 4)
            #expect(header(filtered, "X-RateLimit-Daily-Remaining") != nil)
            _ = try await post(#"{"locationId":"\#(LeadConnectorSimulator.locationID)"}"#)
            _ = try await post(#"{"locationId":"\#(LeadConnectorSimulator.locationID)"}"#)
            let limited = try await post(#"{"locationId":"\#(LeadConnectorSimulator.locationID)"}"#)
            #expect(limited.status == 429, "the burst limit of 5 covers search requests")
            try await transport.shutdown()
        }
        let lines = try String(contentsOfFile: directory.file("hits.log"), encoding: .utf8).split(separator: "\n")
        #expect(lines == [
            "/contacts/search 401", "/contacts/search 422", "/contacts/search 403", "/contacts/search 200",
            "/contacts/search 200", "/contacts/search 200", "/contacts/search 429",
        ])
    }

    @Test func syncingAnIDListWithALocationRefreshesItsCustomFieldNames() async throws {
        let harness = try SyncHarness()
        try await LeadConnectorSimulator.withRunning(Self.simulator(contacts: 20)) { simulator in
            let path = try harness.directory.write("ids.txt", lines: ContactGenerator.locationContactIDs(count: 20))
            let (job, transport) = harness.job(baseURL: simulator.baseURL)
            let summary = try await job.run(source: .list(try IDReader(path: path)), customFieldsOf: Self.location, resume: false)
            try await transport.shutdown()
            #expect(summary.status == .succeeded)
            let (count, source) = try harness.read { db in
                (try Int.fetchOne(db, sql: "SELECT count(*) FROM custom_field_definitions WHERE name IS NOT NULL"),
                 try String.fetchOne(db, sql: "SELECT id_source FROM sync_runs"))
            }
            #expect(count == LeadConnectorSimulator.customFieldDefinitions.count)
            #expect(source == "file")
        }
    }

    @Test func aContactListedOnTwoPagesIsFetchedOnce() async throws {
        let harness = try SyncHarness()
        var configuration = Self.simulator(contacts: 200)
        // Requests: 1 custom fields, 2 the first search page; contacts touched when request 3 arrives move from
        // the first page (already listed) to the end of the order, so a later page lists them again.
        configuration.touchAfterRequests = 2
        configuration.touchCount = 40
        var sync = SyncHarness.testConfiguration()
        sync.concurrency = 1
        try await LeadConnectorSimulator.withRunning(configuration) { simulator in
            let ids = ContactGenerator.locationContactIDs(count: 200)
            let firstPage = Set(ids.sorted {
                (simulator.location.dateUpdatedMilliseconds(of: $0)!, $0) < (simulator.location.dateUpdatedMilliseconds(of: $1)!, $1)
            }.prefix(50))
            let relisted = firstPage.intersection(simulator.location.evenlySpacedIDs(count: 40))
            #expect(!relisted.isEmpty, "the scenario lists some contacts twice")

            let summary = try await harness.sync(
                LocationSearch(locationID: Self.location, pageSize: 50), against: simulator, configuration: sync)
            #expect(summary.status == .succeeded, "\(summary.status) \(summary.message ?? "")")
            #expect(summary.run.idsRead == 200)
            #expect(summary.thisInvocation.duplicateIDs == relisted.count)
            #expect(summary.run.duplicateIDs == relisted.count, "the stored count is the total, however batches split it")
            #expect(summary.run.contactsSynced == 200)
            for id in ids { #expect(simulator.log.hits(for: id) == 1, "\(id) fetched once") }
        }
    }
}
