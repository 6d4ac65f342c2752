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

/// A run over many locations, each within its own limits, into one database: failed locations end in their own
/// status while the others finish, `--resume` continues only those, and agency tokens are minted and renewed.
struct AgencyRunTests {
    static let revoked = 7
    static let quota = 19
    static let minted = 33

    /// 50 locations of 30 contacts; one's daily quota is `quotaLimit` requests; the one whose token is minted
    /// answers 5 requests per 200 ms (its run lasts long enough for its token to expire mid-run); an agency
    /// mints tokens.
    static func simulator(quotaLimit: Int = 15) -> SimulatorConfiguration {
        var configuration = LocationSearchTests.simulator(contacts: 0)
        configuration.extraLocations = SimulatorLocationSpec.generated(
            count: 50, contacts: 30, rateLimit: SimulatorRateLimit(max: 40, interval: .milliseconds(500)))
        configuration.extraLocations[quota - 1].dailyLimit = quotaLimit
        configuration.extraLocations[minted - 1].rateLimit = SimulatorRateLimit(max: 5, interval: .milliseconds(200))
        configuration.agency = SimulatorAgency()
        configuration.latency = .milliseconds(5)
        return configuration
    }

    /// A job into `harness`'s database against `simulator`.
    static func job(_ harness: SyncHarness, _ simulator: RunningSimulator, transport: AsyncHTTPTransport) -> AgencySyncJob {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return AgencySyncJob(
            configuration: SyncHarness.testConfiguration(), clientConfiguration: ClientConfiguration(baseURL: simulator.baseURL),
            transport: transport, store: harness.store, logger: logger, progress: CombinedProgress(), maximumInFlight: 32)
    }

    /// The agency of the simulator, its credentials in `directory`.
    static func agency(_ simulator: RunningSimulator, _ directory: TemporaryDirectory, transport: AsyncHTTPTransport) throws -> AgencyAccess {
        let settings = SimulatorAgency()
        let credentials = AgencyCredentials(
            clientID: settings.clientID, clientSecret: AccessToken(settings.clientSecret)!,
            refreshToken: AccessToken(simulator.world.oauthCounts.refreshToken)!)
        let path = directory.file("agency.json")
        try credentials.save(to: path)
        let clock = ContinuousClock()
        let progress = SyncProgress()
        let call = PacedCall(
            limiter: RateLimiter(policy: .documented, clock: clock),
            gate: OutageGate(timeout: .seconds(60), clock: clock, logger: Logger(label: "test"), progress: progress),
            configuration: SyncHarness.testConfiguration(), clock: clock, progress: progress)
        return AgencyAccess(
            companyID: settings.companyID, credentials: try AgencyCredentials.load(path: path), credentialsPath: path,
            configuration: ClientConfiguration(baseURL: simulator.baseURL), transport: transport, call: call,
            logger: Logger(label: "test"))
    }

    static func plans(_ simulator: RunningSimulator, agency: AgencyAccess, revokedToken: String) -> [LocationPlan] {
        simulator.world.locationIDs.dropFirst().enumerated().map { index, id in
            let number = index + 1
            let location = LocationID(id)!
            let tokens: any AccessTokenSource =
                switch number {
                case revoked: AccessToken(revokedToken)!
                case minted: agency.locationToken(for: location)
                default: AccessToken("sim-token-\(number)")!
                }
            return LocationPlan(id: location, name: "Location \(number)", tokens: tokens)
        }
    }

    /// Every contact of `location` is stored exactly as the simulator serves it.
    static func expectStored(_ location: SimulatorLocation, in harness: SyncHarness, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let stored = try harness.read { db in
            try Dictionary(uniqueKeysWithValues: Row.fetchAll(
                db, sql: "SELECT id, raw_json FROM contacts WHERE location_id = ?", arguments: [location.id]
            ).map { ($0["id"] as String, $0["raw_json"] as String) })
        }
        #expect(stored.count == location.contactIDs.count, "\(location.id)", sourceLocation: sourceLocation)
        for id in location.contactIDs {
            #expect(stored[id] == location.contactJSON(id: id), "\(id) of \(location.id)", sourceLocation: sourceLocation)
        }
    }

    @Test func fiftyLocationsEachWithinItsOwnLimitsAndFailuresOfTheirOwn() async throws {
        let harness = try SyncHarness()
        let transport = AsyncHTTPTransport(maximumConnections: 32, readTimeout: .seconds(5))
        defer { _ = transport }
        let first = try await LeadConnectorSimulator.withRunning(Self.simulator()) { simulator in
            let agency = try Self.agency(simulator, harness.directory, transport: transport)
            let plans = Self.plans(simulator, agency: agency, revokedToken: "revoked-token")
            let mintedContacts = try #require(simulator.world.location(plans[Self.minted - 1].id.rawValue)).contactIDs
            // The minted token expires mid-run, once some of the location's contacts were fetched: it must be
            // minted again.
            async let summary = Self.job(harness, simulator, transport: transport).run(plans, resume: false)
            while mintedContacts.filter({ simulator.log.hits(for: $0) > 0 }).count < 5 {
                try await Task.sleep(for: .milliseconds(5))
            }
            simulator.world.expireIssuedTokens()
            let finished = try await summary
            #expect(simulator.world.oauthCounts.mints >= 2, "the expired location token was minted again")
            for (index, id) in simulator.world.locationIDs.dropFirst().enumerated() where ![Self.revoked, Self.quota].contains(index + 1) {
                try Self.expectStored(try #require(simulator.world.location(id)), in: harness)
            }
            return finished
        }
        #expect(first.parts.count == 50)
        let statuses = Dictionary(uniqueKeysWithValues: first.parts.map { ($0.locationID, $0.status) })
        let revokedID = "SimLoc" + String(repeating: "0", count: 13) + "7"
        let quotaID = "SimLoc000000000000" + "19"
        #expect(statuses[revokedID] == .aborted)
        #expect(statuses[quotaID] == .partial)
        #expect(statuses.values.filter { $0 == .succeeded }.count == 48)
        #expect(first.status == .aborted)
        #expect(first.exitCode == 3, "a location's token was refused: cron must notice")
        #expect(first.message?.contains(revokedID) == true && first.message?.contains(quotaID) == true)
        #expect(first.parts.first { $0.locationID == revokedID }?.message?.contains("refused") == true)
        let quotaFailures = try harness.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM sync_failures WHERE reason = 'daily_quota_exhausted'") ?? 0
        }
        #expect(quotaFailures > 0)

        // A new day at the API (and this time quota enough): --resume continues only the two unfinished
        // locations; the revoked token is still refused, the quota location completes.
        let second = try await LeadConnectorSimulator.withRunning(Self.simulator(quotaLimit: 200_000)) { simulator in
            let agency = try Self.agency(simulator, harness.directory, transport: transport)
            let requestsBefore = simulator.log.totalRequests
            let summary = try await Self.job(harness, simulator, transport: transport)
                .run(Self.plans(simulator, agency: agency, revokedToken: "revoked-token"), resume: true)
            #expect(simulator.log.totalRequests - requestsBefore < 100, "the 48 finished locations are not synced again")
            try Self.expectStored(try #require(simulator.world.location(quotaID)), in: harness)
            return summary
        }
        #expect(second.runID == first.runID)
        #expect(second.parts.first { $0.locationID == quotaID }?.status == .succeeded)
        #expect(second.parts.first { $0.locationID == revokedID }?.status == .aborted)
        #expect(second.exitCode == 3)

        // With its token fixed, the last location completes, and so does the run.
        let third = try await LeadConnectorSimulator.withRunning(Self.simulator(quotaLimit: 200_000)) { simulator in
            let agency = try Self.agency(simulator, harness.directory, transport: transport)
            let summary = try await Self.job(harness, simulator, transport: transport)
                .run(Self.plans(simulator, agency: agency, revokedToken: "sim-token-\(Self.revoked)"), resume: true)
            try Self.expectStored(try #require(simulator.world.location(revokedID)), in: harness)
            return summary
        }
        try await transport.shutdown()
        #expect(third.status == .succeeded)
        #expect(third.exitCode == 0)
        #expect(third.run.contactsSynced == 50 * 30)
        #expect(third.run.idsRead == 50 * 30, "the run's ids are its parts' sum")
        #expect(third.parts.map(\.counters.idsRead).reduce(0, +) == 50 * 30)
        try harness.read { db throws in
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM sync_runs") == 1, "one run, resumed twice")
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM sync_run_locations WHERE status = 'succeeded'") == 50)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM locations WHERE last_success_at IS NOT NULL") == 50)
            #expect(try Int.fetchOne(db, sql: "SELECT count(DISTINCT location_name) FROM contact_overview") == 50)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM custom_field_definitions") == 50 * 18, "each location its own")
        }
    }

    /// The run-wide budget of unwritten contacts bounds memory, so it must never stall a run: with room for
    /// only 6 contacts across 20 locations (batches of 3), every contact still lands, each location's part
    /// succeeds, and every slot comes back (a slot lost would leave the last parts waiting: the time limit).
    @Test(.timeLimit(.minutes(1))) func aTinyBudgetOfUnwrittenContactsStillSyncsEveryLocation() async throws {
        let harness = try SyncHarness()
        var configuration = LocationSearchTests.simulator(contacts: 0)
        configuration.extraLocations = SimulatorLocationSpec.generated(count: 20, contacts: 25, rateLimit: nil)
        configuration.latency = .milliseconds(2)
        let transport = AsyncHTTPTransport(maximumConnections: 16, readTimeout: .seconds(5))
        var sync = SyncHarness.testConfiguration()
        sync.batchSize = 3
        #expect(AgencySyncJob.unwrittenContacts(sync) == 6)
        let summary = try await LeadConnectorSimulator.withRunning(configuration) { simulator in
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            let job = AgencySyncJob(
                configuration: sync, clientConfiguration: ClientConfiguration(baseURL: simulator.baseURL),
                transport: transport, store: harness.store, logger: logger, progress: CombinedProgress(), maximumInFlight: 16)
            let plans = simulator.world.locationIDs.dropFirst().enumerated().map { index, id in
                LocationPlan(id: LocationID(id)!, name: nil, tokens: AccessToken("sim-token-\(index + 1)")!)
            }
            let summary = try await job.run(plans, resume: false)
            for id in simulator.world.locationIDs.dropFirst() {
                try Self.expectStored(try #require(simulator.world.location(id)), in: harness)
            }
            return summary
        }
        try await transport.shutdown()
        #expect(summary.status == .succeeded)
        #expect(summary.parts.count == 20 && summary.parts.allSatisfy { $0.status == .succeeded })
        #expect(summary.run.contactsSynced == 20 * 25)
    }

    @Test func agencyCredentialsListInstalledLocationsMintTokensAndSurviveAnExpiryMidRun() async throws {
        let harness = try SyncHarness()
        var configuration = Self.simulator()
        // Six locations answering 5 requests per 200 ms each, so that the run lasts over a second.
        configuration.extraLocations = SimulatorLocationSpec.generated(
            count: 6, contacts: 30, rateLimit: SimulatorRateLimit(max: 5, interval: .milliseconds(200)))
        for index in configuration.extraLocations.indices { configuration.extraLocations[index].token = nil }
        configuration.agency?.tokenLifetime = .seconds(3)
        let transport = AsyncHTTPTransport(maximumConnections: 32, readTimeout: .seconds(5))
        try await LeadConnectorSimulator.withRunning(configuration) { simulator in
            let initialRefresh = simulator.world.oauthCounts.refreshToken
            let agency = try Self.agency(simulator, harness.directory, transport: transport)
            let installed = try await agency.installedLocations(appID: SimulatorAgency().appID).get()
            #expect(installed.map(\.id.rawValue) == simulator.world.locationIDs)
            let plans = installed.map { LocationPlan(id: $0.id, name: $0.name, tokens: agency.locationToken(for: $0.id)) }
            async let summary = Self.job(harness, simulator, transport: transport).run(plans, resume: false)
            let contacts = simulator.world.locationIDs.compactMap(simulator.world.location).flatMap(\.contactIDs)
            while contacts.filter({ simulator.log.hits(for: $0) > 0 }).count < 30 { try await Task.sleep(for: .milliseconds(5)) }
            simulator.world.expireIssuedTokens()  // agency and location tokens alike, a sixth of the way through
            let finished = try await summary
            try await transport.shutdown()
            #expect(finished.status == .succeeded, "\(finished.message ?? "")")
            for id in simulator.world.locationIDs.dropFirst() { try Self.expectStored(try #require(simulator.world.location(id)), in: harness) }
            let counts = simulator.world.oauthCounts
            #expect(counts.refreshes >= 2, "the agency token was refreshed again after it expired")
            let saved = try AgencyCredentials.load(path: harness.directory.file("agency.json"))
            #expect(saved.refreshToken.secretValue == counts.refreshToken, "the rotated refresh token is on disk")
            #expect(saved.refreshToken.secretValue != initialRefresh)
            var status = stat()
            #expect(stat(harness.directory.file("agency.json"), &status) == 0 && status.st_mode & 0o777 == 0o600)
            let locations = try harness.read { db in try String.fetchAll(db, sql: "SELECT name FROM locations ORDER BY id") }
            #expect(locations.count == simulator.world.locationIDs.count && locations.allSatisfy { !$0.isEmpty })
        }
    }
}
