/// Everything the simulator can be told to do.
///
/// Every field has a default that behaves like the real API on a quiet day: the documented burst limit of
/// 100 requests per 10 seconds, the daily limit of 200,000, no latency and no faults.
package struct SimulatorConfiguration: Sendable {
    /// The address to listen on.
    package var host: String = "127.0.0.1"
    /// The port to listen on; 0 picks a free port (read it from ``RunningSimulator/port``).
    package var port: Int = 0
    /// The one accepted bearer token.
    package var token: String = "sim-token"
    /// How long each request that passes authentication and rate limiting takes to answer, computing the
    /// answer included (it is computed first, then the rest of this time is waited out).
    package var latency: Duration = .zero
    /// Uniform ± jitter around ``latency``, drawn from the seeded generator.
    package var latencyJitter: Duration = .zero
    /// The fixed-window burst limit; nil means unlimited.
    package var rateLimit: SimulatorRateLimit? = SimulatorRateLimit(max: 100, interval: .seconds(10))
    /// Requests allowed per day (counted from the first request).
    package var dailyLimit: Int = 200_000
    /// Whether 429 responses carry `Retry-After` (whole seconds, rounded up); the real API does not document it.
    package var sendsRetryAfter: Bool = false
    /// Probabilities of injected failures.
    package var faults: SimulatorFaults = .init()
    /// Seeds the fault and jitter generator so fault runs reproduce.
    package var seed: UInt64 = 1
    /// After this many requests (counting every request received) each contact request is answered 401, as when a
    /// token expires mid-run.
    package var revokeTokenAfter: Int? = nil
    /// Ids answered 200 with a valid body of exactly ``oversizeBodyBytes`` bytes (their contact padded out with a long
    /// string member), far larger than any real contact, to exercise a client's body-size cap. Streamed in chunks.
    package var oversizeBodyIDs: Set<String> = []
    /// The size of the bodies sent for ``oversizeBodyIDs``.
    package var oversizeBodyBytes: Int = 20 * 1024 * 1024
    /// Whether those bodies announce their size in `Content-Length`; if not, they are sent chunked and a client
    /// learns the size only by reading.
    package var oversizeBodyAnnouncesLength: Bool = true
    /// When set, one line per answered `GET /contacts/{id}` is appended to this file before the response is sent
    /// (`ID STATUS [FAULT]`), so requests per id can be counted from outside the process, across restarts.
    package var hitsLogPath: String? = nil
    /// How many contacts the simulated location holds for `POST /contacts/search`: the first N of
    /// ``ContactGenerator/locationContactIDs(count:)``, each with a fixed `dateUpdated` until marked updated.
    /// 0 (the default): searches find nothing. `GET /contacts/{id}` answers every id either way.
    package var locationContactCount: Int = 0
    /// Once this many requests (of any kind) have been received, ``touchCount`` location contacts, spread evenly
    /// over the location, are marked updated at that moment (for scripted incremental runs). Nil: never.
    package var touchAfterRequests: Int? = nil
    /// How many contacts ``touchAfterRequests`` marks updated.
    package var touchCount: Int = 10
    /// Custom field definitions (by id) that `GET /locations/{id}/customFields` leaves out, as if deleted.
    package var removedCustomFieldIDs: Set<String> = []
    /// How long an update (or a deletion) takes to show in `POST /contacts/search`: until then the search
    /// index lists the contact as it was (HighLevel: "updates may take a few seconds to appear"). A GET
    /// answers the current contact at once.
    package var searchIndexLag: Duration = .zero
    /// How far the simulated API's clock is ahead of this machine's (negative: behind): the `dateUpdated` an
    /// update stamps, and what search filters compare with.
    package var clockOffset: Duration = .zero
    /// Once this many requests have arrived, an outage of ``outageMode`` starts for ``outageDuration``.
    package var outageAfterRequests: Int? = nil
    package var outageMode: SimulatorOutage = .unavailable
    package var outageDuration: Duration = .seconds(30)

    /// Locations served beside the default one (``LeadConnectorSimulator/locationID``, whose settings are the
    /// fields above), each with its own token, limits, contacts and custom field definitions.
    package var extraLocations: [SimulatorLocationSpec] = []
    /// An agency (company) that installed the app on every location: its OAuth endpoints are served.
    package var agency: SimulatorAgency? = nil

    /// A configuration with every default.
    package init() {}
}

/// A location the simulator serves beside the default one.
package struct SimulatorLocationSpec: Sendable {
    package var id: String
    package var name: String
    /// A static token (a Private Integration token) for it; nil: only tokens minted by the agency.
    package var token: String?
    package var contactCount: Int
    package var rateLimit: SimulatorRateLimit?
    package var dailyLimit: Int

    package init(
        id: String, name: String, token: String? = nil, contactCount: Int, rateLimit: SimulatorRateLimit? = nil,
        dailyLimit: Int = 200_000
    ) {
        (self.id, self.name, self.token, self.contactCount) = (id, name, token, contactCount)
        (self.rateLimit, self.dailyLimit) = (rateLimit, dailyLimit)
    }

    /// `count` locations with generated ids (`SimLoc…`), names, static tokens (`sim-token-N`) and `contacts`
    /// contacts each.
    package static func generated(count: Int, contacts: Int, rateLimit: SimulatorRateLimit?, dailyLimit: Int = 200_000) -> [SimulatorLocationSpec] {
        (1...max(count, 1)).prefix(count).map { number in
            SimulatorLocationSpec(
                id: "SimLoc" + String(repeating: "0", count: 14 - String(number).count) + String(number),
                name: "Simulated Location \(number)", token: "sim-token-\(number)", contactCount: contacts,
                rateLimit: rateLimit, dailyLimit: dailyLimit)
        }
    }
}

/// An agency whose app is installed on every simulated location: `POST /oauth/token` refreshes its token
/// (rotating the refresh token), `POST /oauth/locationToken` mints location tokens from it, and
/// `GET /oauth/installedLocations` lists the locations.
package struct SimulatorAgency: Sendable {
    package var companyID = "SimCompany0000000001"
    package var appID = "SimApp00000000000001"
    package var clientID = "sim-client"
    package var clientSecret = "sim-client-secret"
    /// The refresh token that works first; each refresh replaces it.
    package var refreshToken = "sim-refresh-0"
    /// How long issued agency and location tokens are valid (a day at HighLevel).
    package var tokenLifetime: Duration = .seconds(86_399)
    /// The agency's own burst limit.
    package var rateLimit: SimulatorRateLimit? = SimulatorRateLimit(max: 100, interval: .seconds(10))

    package init() {}
}
