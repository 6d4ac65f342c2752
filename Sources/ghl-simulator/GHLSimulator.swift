import ArgumentParser
import Foundation
import LeadConnectorSimulator
import Logging

/// `ghl-simulator`: the stand-in for HighLevel's API that tests, benchmarks and the demo run against.
///
/// A separate executable so that the production binary carries no HTTP server (see ARCHITECTURE.md).
@main
struct GHLSimulator: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ghl-simulator",
        abstract: "Run the HighLevel contacts API simulator on 127.0.0.1 until SIGINT/SIGTERM.",
        discussion: """
            The accepted bearer token is GHL_ACCESS_TOKEN when set, else "sim-token". Contacts are generated \
            deterministically from their id; about 3% of ids do not exist.

            The simulated location (id ve9EPM428h8vShlRW1KT) holds --location-contacts contacts for \
            POST /contacts/search (sorted by dateUpdated, then id; a search for another location is answered \
            403) and serves 18 custom field definitions at GET /locations/{id}/customFields. For incremental \
            runs, --touch-after-requests N marks --touch-count contacts, spread evenly over the location, as \
            updated at the moment request N+1 arrives.
            """
    )

    @Option(help: "Port to listen on (0 picks a free one; the chosen port is printed).")
    var port: Int = 8080

    @Option(name: .customLong("latency-ms"), help: "Response time of every request, in milliseconds (the answer is computed within it).")
    var latencyMilliseconds: Int = 0

    @Option(name: .customLong("jitter-ms"), help: "Uniform ± jitter around the latency, in milliseconds.")
    var jitterMilliseconds: Int = 0

    @Option(name: .customLong("rate-limit"), help: ArgumentHelp("Fixed-window limit to enforce, or 'none'.", valueName: "N/SECONDS|none"))
    var rateLimit: String = "100/10"

    @Option(name: .customLong("daily-limit"), help: "Requests allowed per day.")
    var dailyLimit: Int = 200_000

    @Flag(name: .customLong("retry-after"), help: "Send Retry-After with 429 responses.")
    var retryAfter = false

    @Option(name: .customLong("server-error-rate"), help: "Share of requests answered 500/502/503 (0-1).")
    var serverErrorRate: Double = 0

    @Option(name: .customLong("burst-429-rate"), help: "Share of requests answered 429 regardless of budget (0-1).")
    var burstRate: Double = 0

    @Option(name: .customLong("drop-rate"), help: "Share of connections dropped without a response (0-1).")
    var dropRate: Double = 0

    @Option(name: .customLong("truncate-rate"), help: "Share of 200 bodies cut off mid-JSON (0-1).")
    var truncateRate: Double = 0

    @Option(name: .customLong("malformed-rate"), help: "Share of 200 bodies that are not JSON (0-1).")
    var malformedRate: Double = 0

    @Option(name: .customLong("revoke-token-after"), help: "Answer 401 to every request after this many.")
    var revokeTokenAfter: Int?

    @Option(help: "Seed for the fault generator.")
    var seed: UInt64 = 1

    @Option(
        name: .customLong("hits-log"),
        help: ArgumentHelp(
            "Append 'ID STATUS [FAULT]' to this file for every GET /contacts/{id}, written before the response.",
            valueName: "PATH"))
    var hitsLog: String?

    @Option(name: .customLong("location-contacts"), help: "Contacts in the simulated location, found by POST /contacts/search.")
    var locationContacts: Int = 0

    @Option(name: .customLong("touch-after-requests"), help: ArgumentHelp("After this many requests, mark --touch-count location contacts updated now.", valueName: "N"))
    var touchAfterRequests: Int?

    @Option(name: .customLong("touch-count"), help: "How many location contacts --touch-after-requests marks updated.")
    var touchCount: Int = 10

    @Option(name: .customLong("deleted-contacts"), help: ArgumentHelp("Delete this many location contacts (spread evenly) before serving: GET answers 400 not found, search leaves them out.", valueName: "N"))
    var deletedContacts: Int = 0

    @Option(name: .customLong("index-lag-ms"), help: ArgumentHelp("How long an update takes to show in POST /contacts/search, in milliseconds.", valueName: "MS"))
    var indexLagMilliseconds: Int = 0

    @Option(name: .customLong("clock-offset-ms"), help: ArgumentHelp("How far the simulated API's clock is ahead of this machine's (negative: behind), in milliseconds.", valueName: "MS"))
    var clockOffsetMilliseconds: Int = 0

    @Option(name: .customLong("outage-after-requests"), help: ArgumentHelp("Once this many requests have arrived, fail every request for --outage-seconds.", valueName: "N"))
    var outageAfterRequests: Int?

    @Option(name: .customLong("outage-seconds"), help: "How long the outage lasts.")
    var outageSeconds: Double = 30

    @Option(name: .customLong("outage-mode"), help: "unavailable (503 to everything) or close (close every connection).")
    var outageMode: String = SimulatorOutage.unavailable.rawValue

    @OptionGroup(title: "Many locations")
    var many: SimulatorLocationOptions

    @Option(name: .customLong("remove-custom-field"), help: ArgumentHelp("Leave this custom field definition out of GET /locations/{id}/customFields (repeatable).", valueName: "ID"))
    var removedCustomFields: [String] = []

    @Flag(name: .customLong("print-custom-fields"), help: "Do not serve: print 'ID<TAB>NAME' for each custom field definition, then exit.")
    var printCustomFields = false

    @Option(
        name: .customLong("print-contacts"),
        help: ArgumentHelp(
            "Do not serve: for each id in FILE ('-' for stdin) print 'ID<TAB>STATUS<TAB>BODY' (the contact object "
                + "for 200, else the error body) as the simulator answers without faults, then exit.",
            valueName: "FILE"))
    var printContacts: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0-65535") }
        guard latencyMilliseconds >= 0, jitterMilliseconds >= 0 else { throw ValidationError("latency must be >= 0") }
        guard rateLimit == "none" || SimulatorRateLimit(parsing: rateLimit) != nil else {
            throw ValidationError("--rate-limit must be N/SECONDS or none")
        }
        guard locationContacts >= 0, touchCount >= 0, (touchAfterRequests ?? 0) >= 0 else {
            throw ValidationError("--location-contacts, --touch-count and --touch-after-requests must be >= 0")
        }
        guard SimulatorOutage(rawValue: outageMode) != nil else { throw ValidationError("--outage-mode must be unavailable or close") }
        guard outageSeconds.isFinite, outageSeconds > 0, indexLagMilliseconds >= 0, deletedContacts >= 0 else {
            throw ValidationError("--outage-seconds must be more than 0; --index-lag-ms and --deleted-contacts at least 0")
        }
        for rate in [serverErrorRate, burstRate, dropRate, truncateRate, malformedRate] where !(0...1).contains(rate) {
            throw ValidationError("fault rates must be between 0 and 1")
        }
    }

    func run() async throws {
        if printCustomFields {
            let lines = LeadConnectorSimulator.customFieldDefinitions.map { $0.id + "\t" + $0.name + "\n" }
            FileHandle.standardOutput.write(Data(lines.joined().utf8))
            return
        }
        if let printContacts {
            try Self.printContacts(idsFrom: printContacts, locationContacts: locationContacts)
            return
        }
        var configuration = SimulatorConfiguration()
        configuration.port = port
        configuration.latency = .milliseconds(latencyMilliseconds)
        configuration.latencyJitter = .milliseconds(jitterMilliseconds)
        configuration.rateLimit = SimulatorRateLimit(parsing: rateLimit)
        configuration.dailyLimit = dailyLimit
        configuration.sendsRetryAfter = retryAfter
        configuration.faults = SimulatorFaults(
            serverError: serverErrorRate, rateLimitBurst: burstRate, dropConnection: dropRate,
            truncatedBody: truncateRate, malformedBody: malformedRate
        )
        (configuration.revokeTokenAfter, configuration.seed, configuration.hitsLogPath) = (revokeTokenAfter, seed, hitsLog)
        configuration.locationContactCount = locationContacts
        (configuration.touchAfterRequests, configuration.touchCount) = (touchAfterRequests, touchCount)
        configuration.removedCustomFieldIDs = Set(removedCustomFields)
        try many.apply(to: &configuration)
        configuration.searchIndexLag = .milliseconds(indexLagMilliseconds)
        configuration.clockOffset = .milliseconds(clockOffsetMilliseconds)
        configuration.outageAfterRequests = outageAfterRequests
        configuration.outageMode = SimulatorOutage(rawValue: outageMode) ?? .unavailable
        configuration.outageDuration = .milliseconds(Int64(outageSeconds * 1000))
        if let token = ProcessInfo.processInfo.environment["GHL_ACCESS_TOKEN"], !token.isEmpty {
            configuration.token = token
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .notice
            return handler
        }
        let logger = Logger(label: "ghl-simulator")
        let deleted = deletedContacts
        try await LeadConnectorSimulator.run(configuration, logger: logger) { running in
            running.location.delete(running.location.evenlySpacedIDs(count: deleted))
            FileHandle.standardOutput.write(Data("simulator listening on \(running.baseURL)\n".utf8))
        }
    }

    /// The generator's answer for every id in a file, one line each, for checking what a sync stored.
    /// Ids among the first `locationContacts` of the location are printed with the `dateUpdated` the location gives
    /// them (before any is marked updated).
    static func printContacts(idsFrom path: String, locationContacts: Int) throws {
        let location = Set(ContactGenerator.locationContactIDs(count: locationContacts))
        let data: Data
        do {
            data = path == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(filePath: path))
        } catch {
            throw ValidationError("cannot read \(path): \(error.localizedDescription)")
        }
        var output = ""
        for line in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline) {
            let id = line.trimmingCharacters(in: .whitespaces)
            guard !id.isEmpty else { continue }
            if location.contains(id) {
                output += id + "\t200\t" + ContactGenerator.locationContactJSON(id: id) + "\n"
            } else if ContactGenerator.exists(id) {
                output += id + "\t200\t" + ContactGenerator.contactJSON(id: id) + "\n"
            } else {
                let (status, body) = ContactGenerator.missingResponse(id: id)
                output += id + "\t\(status)\t" + body + "\n"
            }
            if output.utf8.count >= 1 << 20 {
                FileHandle.standardOutput.write(Data(output.utf8))
                output = ""
            }
        }
        FileHandle.standardOutput.write(Data(output.utf8))
    }
}
