import Hummingbird

/// The endpoints the simulator serves.
enum SimulatorRoute: Sendable, Equatable {
    /// `GET /contacts/{id}`.
    case contact(id: String)
    /// `POST /contacts/search`.
    case search
    /// `GET /locations/{locationId}/customFields`, with the `model` query parameter when given.
    case customFields(locationID: String, model: String?)

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
        } else {
            return nil
        }
    }

    /// The first field of this route's hits-log lines: the contact id, or the path (which starts with `/`, so it
    /// never looks like an id).
    var hitsLogKey: String {
        switch self {
        case .contact(let id): id
        case .search: "/contacts/search"
        case .customFields(let locationID, _): "/locations/\(locationID)/customFields"
        }
    }
}
