import ArgumentParser
import ContactStore
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

    @OptionGroup(title: "Location")
    var search: SearchOptions

    @OptionGroup(title: "API")
    var api: APIOptions

    func validate() throws {
        guard search.locationIDs.count == 1 else { throw ValidationError("ids needs one --location-id") }
        if case .lastSuccessfulRun = search.since {
            throw ValidationError("--changed-since must be an ISO-8601 time such as 2026-11-01T00:00:00Z")
        }
    }

    func run() async throws {
        let logger = Logging.make(level: api.level)
        let (baseURL, token) = try api.resolve()
        guard let location = search.location else { throw CLIError.usage("ids needs --location-id") }
        let since: String? = if case .time(let time) = search.since { time.iso8601 } else { nil }
        let configuration = {
            var configuration = SyncConfiguration()
            configuration.rateLimit = api.ratePolicy
            return configuration
        }()
        let transport = AsyncHTTPTransport(maximumConnections: 1)
        let client = HighLevelClient(configuration: ClientConfiguration(baseURL: baseURL), token: token, transport: transport)
        let pageSize = search.pageSize
        let result = try await SignalHandling.runCancellingOnSignal { () async -> IDListing in
            let clock = ContinuousClock()
            let progress = SyncProgress()
            let gate = OutageGate(timeout: configuration.outageTimeout, clock: clock, logger: logger, progress: progress)
            let call = PacedCall(
                limiter: RateLimiter(policy: configuration.rateLimit, clock: clock), gate: gate,
                configuration: configuration, clock: clock, progress: progress
            )
            var pager = ContactSearchPager(
                search: LocationSearch(locationID: location, pageSize: pageSize), changedSince: since, client: client,
                call: call
            )
            return await IDListing.print(from: &pager, logger: logger)
        }
        try? await transport.shutdown()
        logger.info("ids listed", metadata: [
            "printed": "\(result.printed)", "duplicates": "\(result.duplicates)", "invalid": "\(result.invalid)",
        ])
        if let error = result.error {
            var code = ExitStatus.aborted
            if case .search(.cancelled) = error { code = ExitStatus.interrupted }
            throw CLIError("\(error); \(result.printed) ids were printed before it", exitCode: code)
        }
    }
}

/// What `ids` printed.
struct IDListing: Sendable {
    var printed = 0
    var duplicates = 0
    var invalid = 0
    var error: SyncJobError?

    /// Prints each distinct valid id as it arrives, flushing stdout after every 16 KiB.
    static func print(from pager: inout ContactSearchPager<ContinuousClock>, logger: Logger) async -> IDListing {
        var listing = IDListing()
        let seen: IDIndex
        do {
            seen = try IDIndex()
        } catch {
            listing.error = .store(error)
            return listing
        }
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
                do {
                    guard try seen.insert(id.rawValue) else {
                        listing.duplicates += 1
                        continue
                    }
                } catch {
                    listing.error = .store(error)
                    break
                }
                output += id.rawValue + "\n"
                listing.printed += 1
                if output.utf8.count >= 16 * 1024 {
                    FileOutput.writeAll(output, to: STDOUT_FILENO)
                    output = ""
                }
            case .invalid(let text, _, let reason):
                listing.invalid += 1
                logger.warning("search returned an invalid id; skipped", metadata: ["id": "\(text)", "reason": "\(reason)"])
            }
            if listing.error != nil { break }
        }
        FileOutput.writeAll(output, to: STDOUT_FILENO)
        return listing
    }
}
