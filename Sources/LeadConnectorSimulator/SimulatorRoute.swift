import Hummingbird

/// The endpoints the simulator serves.
enum SimulatorRoute: Sendable, Equatable {
    /// `GET /contacts/{id}`.
    case contact(id: String)
    /// `POST /contacts/search`.
    case search
    /// `GET /locations/{locationId}/customFields`, with the `model` query parameter when given.
    case customFields(locationID: String, model: String?)
    /// `POST /oauth/token`.
    case oauthToken
    /// `POST /oauth/locationToken`.
    case locationToken
    /// `GET /oauth/installedLocations`, with its query.
    case installedLocations(companyID: String?, appID: String?, skip: Int, limit: Int)

    /// The route of `request`, or nil for any other method or path.
    init?(_ request: Request) {
        let components = request.uri.path.split(separator: "/", omittingEmptySubsequences: false)
        if request.method == .get, components.count == 3, components[0].isEmpty, components[1] == "contacts",
            !components[2].isEmpty
        {
            self = .contact(id: String(components[2]))
        } else if request.method == .post, components.count == 3, components[0].isEmpty, components[1] == "contacts",
            components[2] == "search"
        {
            self = .search
        } else if request.method == .get, components.count == 4, components[0].isEmpty, components[1] == "locations",
            !components[2].isEmpty, components[3] == "customFields"
        {
            self = .customFields(locationID: String(components[2]), model: request.uri.queryParameters.get("model"))
        } else if request.method == .post, request.uri.path == "/oauth/token" {
            self = .oauthToken
        } else if request.method == .post, request.uri.path == "/oauth/locationToken" {
            self = .locationToken
        } else if request.method == .get, request.uri.path == "/oauth/installedLocations" {
            let query = request.uri.queryParameters
            self = .installedLocations(
                companyID: query.get("companyId"), appID: query.get("appId"),
                skip: query.get("skip").flatMap { Int($0) } ?? 0, limit: query.get("limit").flatMap { Int($0) } ?? 20)
        } else {
            return nil
        }
    }

    /// Whether the route's request carries a body the simulator reads.
    var hasBody: Bool {
        switch self {
        case .search, .oauthToken, .locationToken: true
        default: false
        }
    }

    /// The first field of this route's hits-log lines: the contact id, or the path (which starts with `/`, so it
    /// never looks like an id).
    var hitsLogKey: String {
        switch self {
        case .contact(let id): id
        case .search: "/contacts/search"
        case .customFields(let locationID, _): "/locations/\(locationID)/customFields"
        case .oauthToken: "/oauth/token"
        case .locationToken: "/oauth/locationToken"
        case .installedLocations: "/oauth/installedLocations"
        }
    }
}
