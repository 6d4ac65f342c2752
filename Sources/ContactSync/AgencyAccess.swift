package import HighLevelAPI
import LosslessJSON
package import Logging

/// An agency's way to its locations: the agency token (refreshed with the rotating refresh token, saved
/// before anything else happens), the location tokens it mints, and the list of locations where the app is
/// installed. Its requests go through their own ``PacedCall``: agency endpoints have their own budget.
package struct AgencyAccess: Sendable {
    package let companyID: String
    /// The agency (Company) token, refreshed as it expires.
    package let agencyToken: RenewingToken
    private let client: HighLevelClient
    private let call: PacedCall<ContinuousClock>

    /// An agency with `credentials` (read from `credentialsPath`, where rotated ones are written), sending
    /// through `transport` to `configuration`'s base URL, paced by `call`.
    package init(
        companyID: String, credentials: AgencyCredentials, credentialsPath: String, configuration: ClientConfiguration,
        transport: any HTTPTransport, call: PacedCall<ContinuousClock>, logger: Logger
    ) {
        let refresher = CredentialRefresher(
            credentials: credentials, path: credentialsPath,
            client: HighLevelClient(configuration: configuration, tokens: nil, transport: transport), call: call,
            logger: logger
        )
        self.companyID = companyID
        agencyToken = RenewingToken(token: credentials.accessToken, expiresAt: credentials.accessTokenExpiresAt) {
            await refresher.refresh()
        }
        client = HighLevelClient(configuration: configuration, tokens: agencyToken, transport: transport)
        self.call = call
    }

    /// A token source for `location`, minted from the agency token as needed.
    package func locationToken(for location: LocationID) -> RenewingToken {
        RenewingToken { await mint(location) }
    }

    private func mint(_ location: LocationID) async -> Result<IssuedToken, TokenUnavailable> {
        let (client, company) = (client, companyID)
        let result = await call.perform(renewing: agencyToken) {
            await client.mintLocationToken(companyID: company, locationID: location)
        }
        return result.outcome.issued(or: "no token could be minted for location \(location)")
    }

    /// Every location where the app `appID` is installed, in the order listed, or why not.
    package func installedLocations(appID: String) async -> Result<[InstalledLocation], TokenUnavailable> {
        let (client, company) = (client, companyID)
        var locations: [InstalledLocation] = []
        var listed = 0
        let limit = 100
        while true {
            let skip = listed
            let result = await call.perform(renewing: agencyToken) {
                await client.installedLocations(companyID: company, appID: appID, skip: skip, limit: limit)
            }
            guard case .success(let page) = result.outcome else {
                return .failure(TokenUnavailable("the installed locations could not be listed (\(result.outcome.reason))"))
            }
            locations += page.locations
            listed += page.size
            if page.size < limit { return .success(locations) }
        }
    }
}

/// Owns the agency's credentials: spends the refresh token for a new agency token and refresh token, and
/// saves them before returning.
private actor CredentialRefresher {
    private var credentials: AgencyCredentials
    private let path: String
    private let client: HighLevelClient
    private let call: PacedCall<ContinuousClock>
    private let logger: Logger

    init(credentials: AgencyCredentials, path: String, client: HighLevelClient, call: PacedCall<ContinuousClock>, logger: Logger) {
        self.credentials = credentials
        self.path = path
        self.client = client
        self.call = call
        self.logger = logger
    }

    func refresh() async -> Result<IssuedToken, TokenUnavailable> {
        let (clientID, secret, refreshToken, client) = (credentials.clientID, credentials.clientSecret, credentials.refreshToken, client)
        let result = await call.perform {
            await client.refreshAgencyToken(clientID: clientID, clientSecret: secret, refreshToken: refreshToken)
        }
        guard case .success(let issued) = result.outcome else {
            return result.outcome.issued(or: "the agency token could not be refreshed")
        }
        credentials.refreshToken = issued.refreshToken ?? credentials.refreshToken
        credentials.accessToken = issued.accessToken
        credentials.accessTokenExpiresAt = Timestamp.now().advanced(by: .seconds(issued.expiresIn))
        do {
            // The new refresh token replaces the one just spent: it must be on disk before anything else.
            try credentials.save(to: path)
            logger.info("agency token refreshed; credentials saved", metadata: ["file": "\(path)"])
        } catch {
            logger.critical("the rotated refresh token could not be saved; after this run the app must be authorized again", metadata: [
                "file": "\(path)", "error": "\(error)",
            ])
        }
        return .success(issued)
    }
}

extension CallOutcome {
    /// Why a call did not succeed, in words.
    var reason: String {
        switch self {
        case .success: "it succeeded"
        case .fatal(let error), .gaveUp(let error): error.description
        case .quotaExhausted: "the daily request quota is used up"
        case .cancelled: "interrupted"
        case .unavailable: "the API does not answer"
        }
    }
}

extension CallOutcome where Value == IssuedToken {
    /// The token issued, or why not (`what` failed).
    func issued(or what: String) -> Result<IssuedToken, TokenUnavailable> {
        if case .success(let issued) = self { return .success(issued) }
        return .failure(TokenUnavailable("\(what) (\(reason))"))
    }
}
