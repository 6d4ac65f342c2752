import ArgumentParser
import ContactSync
import Foundation
import HighLevelAPI
import Logging

/// The options of every command that calls the API: where, with which token, how fast, how loud.
struct APIOptions: ParsableArguments {
    @Option(name: .customLong("base-url"), help: "API base URL (https, or http to a loopback host).")
    var baseURL: String = ClientConfiguration.productionBaseURL

    @Option(name: .customLong("token-file"), help: ArgumentHelp("Read the access token from this file instead of GHL_ACCESS_TOKEN.", valueName: "PATH"))
    var tokenFile: String?

    @Option(name: .customLong("rate-limit"), help: ArgumentHelp("Starting burst budget; corrected from X-RateLimit-* headers.", valueName: "N/SECONDS"))
    var rateLimit: String = "100/10"

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    func validate() throws {
        guard RateLimitPolicy(parsing: rateLimit) != nil else {
            throw ValidationError("--rate-limit must be N/SECONDS, e.g. 100/10")
        }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown --log-level \(logLevel)") }
    }

    /// `--log-level` (validated).
    var level: Logger.Level { Logger.Level(rawValue: logLevel) ?? .info }

    /// `--rate-limit` (validated).
    var ratePolicy: RateLimitPolicy { RateLimitPolicy(parsing: rateLimit) ?? .documented }

    /// The checked base URL and the token (from `--token-file` or `GHL_ACCESS_TOKEN`); a usage error names the
    /// problem.
    func resolve() throws(CLIError) -> (baseURL: String, token: AccessToken) {
        let validated: String
        do {
            validated = try BaseURLPolicy.validate(baseURL)
        } catch {
            throw .usage(error.description)
        }
        do {
            let token = try AccessToken.resolve(environment: ProcessInfo.processInfo.environment, tokenFile: tokenFile)
            return (validated, token)
        } catch {
            throw .usage(error.description)
        }
    }
}

/// Which contacts of a location to list: the options `sync --all` and `ids` share.
struct SearchOptions: ParsableArguments {
    @Option(name: .customLong("location-id"), help: ArgumentHelp("The location (sub-account) to search; for sync, also whose custom field definitions to refresh. With --config: sync only this location of the file (repeatable).", valueName: "ID"))
    var locationIDs: [String] = []

    @Option(name: .customLong("changed-since"), help: ArgumentHelp("Only contacts updated at or after this ISO-8601 time; for sync --all also 'last': since the start of the latest succeeded --all run for the location (none: every contact).", valueName: "last|ISO-8601"))
    var changedSince: String?

    @Option(name: .customLong("page-size"), help: "Contacts per search page (1-500).")
    var pageSize: Int = ContactSearchQuery.maximumPageLimit

    func validate() throws {
        for locationID in locationIDs where LocationID(locationID) == nil {
            throw ValidationError("--location-id must be 1-64 ASCII letters and digits")
        }
        if let changedSince, ChangedSince(parsing: changedSince) == nil {
            throw ValidationError("--changed-since must be 'last' or an ISO-8601 time such as 2026-11-01T00:00:00Z")
        }
        guard (1...ContactSearchQuery.maximumPageLimit).contains(pageSize) else {
            throw ValidationError("--page-size must be 1-\(ContactSearchQuery.maximumPageLimit)")
        }
    }

    /// The one `--location-id` (validated), when exactly one was given.
    var location: LocationID? { locationIDs.count == 1 ? LocationID(locationIDs[0]) : nil }

    /// `--changed-since` (validated; every contact when absent).
    var since: ChangedSince { changedSince.flatMap(ChangedSince.init(parsing:)) ?? .all }
}
