import ArgumentParser
import ContactStore
import ContactSync
import Foundation
import HighLevelAPI
import Logging
import LosslessJSON

extension SyncCommand {
    /// `sync --all --config FILE`: every location of the file (or those `--location-id` names), concurrently.
    func runConfig(_ path: String, logger: Logger, progressStyle: ProgressDisplay.Style, metrics: MetricsReporter) async throws {
        let file = try SyncConfigFile.load(path: path)
        let baseURL: String
        do {
            baseURL = try BaseURLPolicy.validate(api.baseURL)
        } catch {
            throw CLIError.usage(error.description)
        }
        let database = try OpenDatabase(path: db)
        defer { database.lock.release() }
        let transport = AsyncHTTPTransport(maximumConnections: maxInFlight, readTimeout: requestTimeout)
        let clientConfiguration = ClientConfiguration(baseURL: baseURL, timeout: requestTimeout)
        let progress = CombinedProgress()
        let job = AgencySyncJob(
            configuration: syncConfiguration, clientConfiguration: clientConfiguration, transport: transport,
            store: database.store, logger: logger, progress: progress, changedSince: search.since,
            pageSize: search.pageSize, overlap: overlap.duration, maximumInFlight: maxInFlight
        )
        let display = ProgressDisplay(
            style: progressStyle, progress: progress, logger: logger, logInterval: output.logInterval,
            structured: output.logFormat == .json
        )
        let (only, resume, configuration) = (search.locationIDs.compactMap(LocationID.init), self.resume, syncConfiguration)
        try await runReporting(transport: transport, store: database.store, metrics: metrics, logger: logger) {
            let plans = try await ConfigPlans(
                file: file, only: only, clientConfiguration: clientConfiguration,
                transport: transport, configuration: configuration, progress: progress.shared, logger: logger
            ).resolve()
            return try await display.run { try await job.run(plans, resume: resume) }
        }
    }
}

/// The locations of a config file as the job runs them: each with its token source, narrowed to `only`.
struct ConfigPlans {
    let file: SyncConfigFile
    let only: [LocationID]
    let clientConfiguration: ClientConfiguration
    let transport: any HTTPTransport
    let configuration: SyncConfiguration
    let progress: SyncProgress
    let logger: Logger

    func resolve() async throws(CLIError) -> [LocationPlan] {
        let agency = try agencyAccess()
        var listed = file.locations
        if let agency, let settings = file.agency, settings.installedLocations, let appID = settings.appID {
            switch await agency.installedLocations(appID: appID) {
            case .success(let installed):
                for location in installed where !listed.contains(where: { $0.id == location.id }) {
                    listed.append(SyncConfigFile.Location(id: location.id, name: location.name, token: .agency))
                }
            case .failure(let reason):
                throw CLIError.aborted("config \(file.path): \(reason)")
            }
        }
        if !only.isEmpty {
            if let unknown = only.first(where: { id in !listed.contains { $0.id == id } }) {
                throw CLIError.usage("--location-id \(unknown) is not a location of \(file.path)")
            }
            listed = listed.filter { only.contains($0.id) }
        }
        guard !listed.isEmpty else { throw CLIError.usage("config \(file.path): no location to sync") }
        var plans: [LocationPlan] = []
        for location in listed {
            let tokens: any AccessTokenSource
            switch location.token {
            case .file(let path):
                Self.warnIfShared(path, what: "token file", logger: logger)
                do {
                    tokens = try AccessToken.resolve(environment: [:], tokenFile: path)
                } catch {
                    throw CLIError.usage("location \(location.id): \(error)")
                }
            case .environment(let name):
                guard let text = ProcessInfo.processInfo.environment[name], let token = AccessToken(text) else {
                    throw CLIError.usage("location \(location.id): the environment variable \(name) holds no token")
                }
                tokens = token
            case .agency:
                guard let agency else { throw CLIError.usage("location \(location.id) has no token and there is no [agency]") }
                tokens = agency.locationToken(for: location.id)
            }
            plans.append(LocationPlan(id: location.id, name: location.name, tokens: tokens))
        }
        return plans
    }

    /// The agency of the file, ready to refresh its token and mint location tokens; nil without `[agency]`.
    private func agencyAccess() throws(CLIError) -> AgencyAccess? {
        guard let settings = file.agency else { return nil }
        Self.warnIfShared(settings.credentialsFile, what: "agency credentials file", logger: logger)
        let credentials: AgencyCredentials
        do {
            credentials = try AgencyCredentials.load(path: settings.credentialsFile)
        } catch {
            throw CLIError.usage(error.description)
        }
        let clock = ContinuousClock()
        let call = PacedCall(
            limiter: RateLimiter(policy: .documented, clock: clock),
            gate: OutageGate(timeout: configuration.outageTimeout, clock: clock, logger: logger, progress: progress),
            configuration: configuration, clock: clock, progress: progress
        )
        return AgencyAccess(
            companyID: settings.companyID, credentials: credentials, credentialsPath: settings.credentialsFile,
            configuration: clientConfiguration, transport: transport, call: call, logger: logger
        )
    }

    /// Warns when a file holding a secret can be read by the group or others.
    static func warnIfShared(_ path: String, what: String, logger: Logger) {
        var status = stat()
        guard stat(path, &status) == 0, status.st_mode & 0o077 != 0 else { return }
        logger.warning("\(what) \(path) can be read by others than its owner; chmod 600 it", metadata: [
            "mode": "\(String(status.st_mode & 0o777, radix: 8))",
        ])
    }
}
