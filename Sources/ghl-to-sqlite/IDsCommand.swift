import ArgumentParser
import ContactSync
import Foundation
import HighLevelAPI
import Logging

struct IDsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ids",
        abstract: "Print the id of every contact of a location, one per line, from POST /contacts/search.",
        discussion: """
            Ids go to standard output, logs to standard error, so `ghl-to-sqlite ids --location-id L | \
            ghl-to-sqlite sync --ids -` syncs a location. Ids are printed once each, in search order, as pages \
            arrive. The token is read from GHL_ACCESS_TOKEN, or from --token-file. Exit codes: 0 every page \
            read; 2 usage error; 3 the search failed (ids printed so far are valid); 130 interrupted.
            """
    )

    @Option(name: .customLong("location-id"), help: ArgumentHelp("The location (sub-account) to list.", valueName: "ID"))
    var locationID: String

    @Option(name: .customLong("changed-since"), help: ArgumentHelp("Only contacts updated at or after this ISO-8601 time.", valueName: "ISO-8601"))
    var changedSince: String?

    @Option(name: .customLong("page-size"), help: "Contacts per search page (1-500).")
    var pageSize: Int = ContactSearchQuery.maximumPageLimit

    @Option(name: .customLong("base-url"), help: "API base URL (https, or http to a loopback host).")
    var baseURL: String = ClientConfiguration.productionBaseURL

    @Option(name: .customLong("rate-limit"), help: ArgumentHelp("Starting burst budget; corrected from X-RateLimit-* headers.", valueName: "N/SECONDS"))
    var rateLimit: String = "100/10"

    @Option(name: .customLong("token-file"), help: ArgumentHelp("Read the access token from this file instead of GHL_ACCESS_TOKEN.", valueName: "PATH"))
    var tokenFile: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    func validate() throws {
        guard LocationID(locationID) != nil else { throw ValidationError("--location-id must be 1-64 ASCII letters and digits") }
        if let changedSince {
            guard case .time? = ChangedSince(parsing: changedSince) else {
                throw ValidationError("--changed-since must be an ISO-8601 time such as 2026-11-01T00:00:00Z")
            }
        }
        guard (1...ContactSearchQuery.maximumPageLimit).contains(pageSize) else {
            throw ValidationError("--page-size must be 1-\(ContactSearchQuery.maximumPageLimit)")
        }
        guard RateLimitPolicy(parsing: rateLimit) != nil else {
            throw ValidationError("--rate-limit must be N/SECONDS, e.g. 100/10")
        }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown --log-level \(logLevel)") }
    }

    func run() async throws {
        let logger = Logging.make(level: Logger.Level(rawValue: logLevel) ?? .info)
        let (baseURL, token) = APIAccess.resolve(baseURL: self.baseURL, tokenFile: tokenFile)
        guard let location = LocationID(locationID) else { fail("invalid --location-id", code: ExitStatus.usage) }
        let since: String? =
            if let changedSince, case .time(let time)? = ChangedSince(parsing: changedSince) { time } else { nil }
        let configuration = {
            var configuration = SyncConfiguration()
            configuration.rateLimit = RateLimitPolicy(parsing: rateLimit) ?? .documented
            return configuration
        }()
        let transport = AsyncHTTPTransport(maximumConnections: 1)
        let client = HighLevelClient(configuration: ClientConfiguration(baseURL: baseURL), token: token, transport: transport)
        let search = LocationSearch(locationID: location, pageSize: pageSize)
        let result = try await SignalHandling.runCancellingOnSignal { () async -> IDListing in
            let clock = ContinuousClock()
            var pager = ContactSearchPager(
                search: search, changedSince: since, client: client,
                limiter: RateLimiter(policy: configuration.rateLimit, clock: clock), configuration: configuration,
                clock: clock
            )
            return await IDListing.print(from: &pager, logger: logger)
        }
        try? await transport.shutdown()
        logger.info("ids listed", metadata: [
            "printed": "\(result.printed)", "duplicates": "\(result.duplicates)", "invalid": "\(result.invalid)",
        ])
        if let error = result.error {
            var code = ExitStatus.aborted
            if case .search(.cancelled) = error { code = 130 }
            fail("\(error); \(result.printed) ids were printed before it", code: code)
        }
    }
}

/// What `ids` printed.
struct IDListing: Sendable {
    var printed = 0
    var duplicates = 0
    var invalid = 0
    var error: SyncJobError?

    /// Prints each distinct valid id as it arrives, flushing stdout after every page's worth.
    static func print(from pager: inout ContactSearchPager<ContinuousClock>, logger: Logger) async -> IDListing {
        var listing = IDListing()
        var seen = Set<String>()
        var output = ""
        while true {
            let line: IDLine?
            do {
                line = try await pager.next()
            } catch {
                listing.error = error
                break
            }
            guard let line else { break }
            switch line {
            case .id(let id, _):
                guard seen.insert(id.rawValue).inserted else {
                    listing.duplicates += 1
                    continue
                }
                output += id.rawValue + "\n"
                listing.printed += 1
                if output.utf8.count >= 16 * 1024 {
                    FileHandle.standardOutput.write(Data(output.utf8))
                    output = ""
                }
            case .invalid(let text, _, let reason):
                listing.invalid += 1
                logger.warning("search returned an invalid id; skipped", metadata: ["id": "\(text)", "reason": "\(reason)"])
            }
        }
        FileHandle.standardOutput.write(Data(output.utf8))
        return listing
    }
}
