import Foundation

/// Who may call what, and the OAuth endpoints: `POST /oauth/token` (a refresh, rotating the refresh token),
/// `POST /oauth/locationToken` (a location token from an agency token), `GET /oauth/installedLocations`.
extension SimulatorResponder {
    /// A refused request's answer.
    struct Refusal: Error {
        let reply: SimulatorReply
        /// The resource whose limits the refused request still counts against (a known token asking for a
        /// location it cannot read), if any.
        var countsAgainst: String? = nil
    }

    /// The resource whose limits the request counts against, or the refusal: a contact, a search or a location's
    /// custom fields need a token for that location; the agency endpoints an agency token; `POST /oauth/token`
    /// none (its form carries the client's secret).
    func authorize(_ route: SimulatorRoute, bearer: String?, body: [UInt8]) -> Result<String, Refusal> {
        if route == .oauthToken { return .success(SimulatorState.agencyResource) }
        let token = bearer.flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
        guard let token, let grant = world.grant(of: token) else {
            return .failure(Refusal(reply: .error(401, message: "Invalid JWT", error: "Unauthorized")))
        }
        let wanted: String
        switch route {
        case .oauthToken, .locationToken, .installedLocations:
            guard grant == .agency else {
                return .failure(Refusal(reply: .error(401, message: "This authClass type is not allowed to access this scope", error: "Unauthorized")))
            }
            return .success(SimulatorState.agencyResource)
        case .contact(let id): wanted = world.location(ofContact: id).id
        case .search: wanted = Self.searchedLocation(body) ?? ""
        case .customFields(let locationID, _): wanted = locationID
        }
        guard case .location(let granted, _) = grant else {
            return .failure(Refusal(reply: .error(401, message: "Token's user type mismatch!", error: "Unauthorized")))
        }
        // A search body without a usable locationId is answered 422 by the search itself.
        guard granted == wanted || wanted.isEmpty else {
            return .failure(Refusal(
                reply: .error(403, message: "The token does not have access to this location.", error: "Forbidden"),
                countsAgainst: granted))
        }
        return .success(granted)
    }

    /// The `locationId` of a search body, when it has one.
    static func searchedLocation(_ body: [UInt8]) -> String? {
        ((try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any])?["locationId"] as? String
    }

    func oauthReply(_ route: SimulatorRoute, body: [UInt8]) -> SimulatorReply {
        guard let agency = world.agency else { return .error(404, message: "Not Found", error: "Not Found") }
        let form = Self.form(body)
        switch route {
        case .oauthToken:
            guard form["grant_type"] == "refresh_token", form["user_type"] == "Company" else {
                return Self.unprocessable("grant_type must be refresh_token and user_type Company")
            }
            guard let issued = world.refresh(
                clientID: form["client_id"] ?? "", clientSecret: form["client_secret"] ?? "", refreshToken: form["refresh_token"] ?? "")
            else {
                return .error(401, message: "Invalid grant: refresh token is invalid, expired or revoked", error: "Unauthorized")
            }
            return Self.tokenReply([
                JSONMember("access_token", .string(issued.access)), JSONMember("token_type", .string("Bearer")),
                JSONMember("expires_in", .int(Int(agency.tokenLifetime.components.seconds))),
                JSONMember("refresh_token", .string(issued.refresh)), JSONMember("scope", .string("oauth.readonly oauth.write")),
                JSONMember("userType", .string("Company")), JSONMember("companyId", .string(agency.companyID)),
                JSONMember("approvedLocations", .array(world.locationIDs.map(JSONValue.string))),
                JSONMember("userId", .string("SimUser0000000000001")),
            ])
        case .locationToken:
            guard form["companyId"] == agency.companyID, let location = form["locationId"], world.location(location) != nil else {
                return .error(400, message: "Location not found or the app is not installed there", error: "Bad Request")
            }
            return Self.tokenReply([
                JSONMember("access_token", .string(world.mint(location: location))), JSONMember("token_type", .string("Bearer")),
                JSONMember("expires_in", .int(Int(agency.tokenLifetime.components.seconds))),
                JSONMember("scope", .string("contacts.readonly locations/customFields.readonly")),
                JSONMember("locationId", .string(location)), JSONMember("userId", .string("SimUser0000000000001")),
                JSONMember("appId", .string(agency.appID)),
            ])
        case .installedLocations(let companyID, let appID, let skip, let limit):
            guard companyID == agency.companyID, appID == agency.appID else {
                return Self.unprocessable("companyId and appId must be the company's and the app's")
            }
            let page = world.locationIDs.dropFirst(max(skip, 0)).prefix(max(min(limit, 500), 1)).compactMap(world.location)
            let locations = page.map { location -> JSONValue in
                .object([
                    JSONMember("_id", .string(location.id)), JSONMember("name", .string(location.name)),
                    JSONMember("address", .string("1 Simulated Street")), JSONMember("isInstalled", .bool(true)),
                ])
            }
            return Self.tokenReply([
                JSONMember("locations", .array(locations)), JSONMember("count", .int(world.locationIDs.count)),
                JSONMember("installToFutureLocations", .bool(false)),
            ])
        default:
            return .error(404, message: "Not Found", error: "Not Found")
        }
    }

    private static func tokenReply(_ members: [JSONMember]) -> SimulatorReply {
        SimulatorReply(status: 200, body: JSONValue.object(members).text)
    }

    /// An `application/x-www-form-urlencoded` body's fields.
    static func form(_ body: [UInt8]) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decoded(_ text: Substring) -> String {
                text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
            }
            fields[decoded(parts[0])] = parts.count > 1 ? decoded(parts[1]) : ""
        }
        return fields
    }
}
