import ArgumentParser
import ContactSync
import Foundation
import LeadConnectorSimulator
import Logging

struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run the HighLevel contacts API simulator on 127.0.0.1 until SIGINT/SIGTERM.",
        discussion: """
            The accepted bearer token is GHL_ACCESS_TOKEN when set, else "sim-token". Contacts are generated \
            deterministically from their id; about 3% of ids do not exist.
            """
    )

    @Option(help: "Port to listen on (0 picks a free one; the chosen port is printed).")
    var port: Int = 8080

    @Option(name: .customLong("latency-ms"), help: "Milliseconds added to every response.")
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
        guard rateLimit == "none" || RateLimitPolicy(parsing: rateLimit) != nil else {
            throw ValidationError("--rate-limit must be N/SECONDS or none")
        }
        for rate in [serverErrorRate, burstRate, dropRate, truncateRate, malformedRate] where !(0...1).contains(rate) {
            throw ValidationError("fault rates must be between 0 and 1")
        }
    }

    func run() async throws {
        if let printContacts {
            try Self.printContacts(idsFrom: printContacts)
            return
        }
        var configuration = SimulatorConfiguration()
        configuration.port = port
        configuration.latency = .milliseconds(latencyMilliseconds)
        configuration.latencyJitter = .milliseconds(jitterMilliseconds)
        configuration.rateLimit = RateLimitPolicy(parsing: rateLimit).map {
            SimulatorRateLimit(max: $0.maximum, interval: $0.interval)
        }
        configuration.dailyLimit = dailyLimit
        configuration.sendsRetryAfter = retryAfter
        configuration.faults = SimulatorFaults(
            serverError: serverErrorRate, rateLimitBurst: burstRate, dropConnection: dropRate,
            truncatedBody: truncateRate, malformedBody: malformedRate
        )
        configuration.revokeTokenAfter = revokeTokenAfter
        configuration.seed = seed
        configuration.hitsLogPath = hitsLog
        if let token = ProcessInfo.processInfo.environment["GHL_ACCESS_TOKEN"], !token.isEmpty {
            configuration.token = token
        }
        let logger = Logging.make(level: .notice)
        try await LeadConnectorSimulator.run(configuration, logger: logger) { running in
            FileHandle.standardOutput.write(Data("simulator listening on \(running.baseURL)\n".utf8))
        }
    }

    /// The generator's answer for every id in a file, one line each, for checking what a sync stored.
    static func printContacts(idsFrom path: String) throws {
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
            if ContactGenerator.exists(id) {
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
