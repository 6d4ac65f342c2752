import Synchronization

/// Every location the simulator serves, who may read which, and the agency's OAuth state.
///
/// Tokens: the default location's static token (which also reads contacts outside every location, as the
/// simulator always allowed), each extra location's static token, location tokens the agency minted (valid
/// until they expire), and agency tokens (valid for the agency endpoints only, until they expire).
package final class SimulatorWorld: Sendable {
    /// What a bearer token grants.
    enum Grant: Equatable {
        /// Contacts of this location (and, for the default token, contacts outside every location).
        case location(String, readsUnplaced: Bool)
        case agency
    }

    private struct Issued {
        let grant: Grant
        let expires: ContinuousClock.Instant
    }

    private struct OAuthState {
        var refreshToken: String
        var issued: [String: Issued] = [:]
        var counter = 0
        var refreshes = 0
        var mints = 0
    }

    /// The default location (``LeadConnectorSimulator/locationID``).
    package let defaultLocation: SimulatorLocation
    private let locations: [String: SimulatorLocation]
    /// Location ids in the order configured (the default one first).
    package let locationIDs: [String]
    private let owner: [String: String]
    private let staticTokens: [String: Grant]
    package let agency: SimulatorAgency?
    private let oauth: Mutex<OAuthState>

    init(configuration: SimulatorConfiguration) {
        defaultLocation = SimulatorLocation(configuration: configuration)
        var locations = [defaultLocation.id: defaultLocation]
        var ids = [defaultLocation.id]
        var tokens: [String: Grant] = [configuration.token: .location(defaultLocation.id, readsUnplaced: true)]
        for spec in configuration.extraLocations {
            locations[spec.id] = SimulatorLocation(id: spec.id, name: spec.name, contactCount: spec.contactCount, configuration: configuration)
            ids.append(spec.id)
            if let token = spec.token { tokens[token] = .location(spec.id, readsUnplaced: false) }
        }
        var owner: [String: String] = [:]
        for (id, location) in locations where id != defaultLocation.id {
            for contact in location.contactIDs { owner[contact] = id }
        }
        self.locations = locations
        locationIDs = ids
        self.owner = owner
        staticTokens = tokens
        agency = configuration.agency
        oauth = Mutex(OAuthState(refreshToken: configuration.agency?.refreshToken ?? ""))
    }

    /// The location with `id`, if served.
    package func location(_ id: String) -> SimulatorLocation? {
        locations[id]
    }

    /// The location a contact belongs to (the default one for contacts outside every extra location).
    func location(ofContact id: String) -> SimulatorLocation {
        owner[id].flatMap { locations[$0] } ?? defaultLocation
    }

    /// What `token` grants now; nil for an unknown or expired token.
    func grant(of token: String) -> Grant? {
        if let grant = staticTokens[token] { return grant }
        return oauth.withLock { state in
            guard let issued = state.issued[token], issued.expires > .now else { return nil }
            return issued.grant
        }
    }

    // MARK: OAuth

    /// Spends the refresh token for a new agency token and a new refresh token (the old one stops working).
    func refresh(clientID: String, clientSecret: String, refreshToken: String) -> (access: String, refresh: String)? {
        guard let agency, clientID == agency.clientID, clientSecret == agency.clientSecret else { return nil }
        return oauth.withLock { state in
            guard refreshToken == state.refreshToken else { return nil }
            state.counter += 1
            state.refreshes += 1
            state.refreshToken = "sim-refresh-\(state.counter)-\(FNV1a.hash("\(state.counter)", purpose: "refresh") % 1_000_000)"
            let access = "sim-agency-\(state.counter)"
            state.issued[access] = Issued(grant: .agency, expires: .now.advanced(by: agency.tokenLifetime))
            return (access, state.refreshToken)
        }
    }

    /// A new token for `location`, minted for the agency.
    func mint(location: String) -> String {
        oauth.withLock { state in
            state.counter += 1
            state.mints += 1
            let token = "sim-location-\(state.counter)"
            state.issued[token] = Issued(
                grant: .location(location, readsUnplaced: false), expires: .now.advanced(by: agency?.tokenLifetime ?? .seconds(86_399)))
            return token
        }
    }

    /// Makes every token issued so far expire now (as a day passing mid-run would).
    package func expireIssuedTokens() {
        oauth.withLock { state in
            for (token, issued) in state.issued { state.issued[token] = Issued(grant: issued.grant, expires: .now) }
        }
    }

    /// The refresh token that works now, and how many refreshes and mints were made.
    package var oauthCounts: (refreshToken: String, refreshes: Int, mints: Int) {
        oauth.withLock { ($0.refreshToken, $0.refreshes, $0.mints) }
    }
}
