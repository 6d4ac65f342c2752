import LosslessJSON

/// An access token `POST /oauth/token` or `POST /oauth/locationToken` issued.
package struct IssuedToken: Sendable {
    package let accessToken: AccessToken
    /// Seconds it is valid for (`expires_in`; a day for HighLevel's tokens).
    package let expiresIn: Int64
    /// The refresh token that replaces the one used (`POST /oauth/token` only).
    package let refreshToken: AccessToken?
    /// The location it is for (location tokens).
    package let locationID: String?

    /// Reads a 200 body: `access_token` is required, `expires_in` defaults to a day.
    init(body: [UInt8]) throws(ResponseDecodingError) {
        let object = try ResponseDecodingError.object(of: body)
        guard let text = object["access_token"]?.stringValue, let token = AccessToken(text) else {
            throw .missingMember("access_token")
        }
        accessToken = token
        if case .number(let number)? = object["expires_in"] {
            expiresIn = number.int64Value ?? Int64(number.doubleValue)
        } else {
            expiresIn = 86_399
        }
        refreshToken = object["refresh_token"]?.stringValue.flatMap(AccessToken.init)
        locationID = object["locationId"]?.stringValue
    }
}

/// One location where the app is installed, from `GET /oauth/installedLocations`.
package struct InstalledLocation: Sendable, Equatable {
    package let id: LocationID
    package let name: String?
}

/// A page of `GET /oauth/installedLocations`.
package struct InstalledLocationsPage: Sendable {
    package let locations: [InstalledLocation]
    /// How many locations the company has, when the API said.
    package let count: Int?
    /// How many entries the page held (including any without a usable id).
    package let size: Int

    init(body: [UInt8]) throws(ResponseDecodingError) {
        let (envelope, items) = try ResponseDecodingError.arrayMember("locations", of: body)
        locations = items.compactMap { item in
            guard let object = item.objectValue, let id = object["_id"]?.stringValue.flatMap(LocationID.init),
                object["isInstalled"] != .bool(false)
            else { return nil }
            return InstalledLocation(id: id, name: object["name"]?.stringValue)
        }
        if case .number(let number)? = envelope["count"] { count = number.int64Value.map { Int(clamping: $0) } } else { count = nil }
        size = items.count
    }
}

extension HighLevelClient {
    /// `POST /oauth/token` with `grant_type=refresh_token` and `user_type=Company`: a new agency access token
    /// and the refresh token that replaces `refreshToken`. Sent without a bearer token.
    package func refreshAgencyToken(clientID: String, clientSecret: AccessToken, refreshToken: AccessToken) async -> APIExchange<IssuedToken> {
        let form: [(String, String)] = [
            ("client_id", clientID), ("client_secret", clientSecret.secretValue), ("grant_type", "refresh_token"),
            ("refresh_token", refreshToken.secretValue), ("user_type", "Company"),
        ]
        return await send(path: "/oauth/token", body: .form(form)).flatMap { response throws(ResponseDecodingError) in
            try IssuedToken(body: response.body)
        }
    }

    /// `POST /oauth/locationToken`: a token for `locationID` minted from this client's (agency) token.
    package func mintLocationToken(companyID: String, locationID: LocationID) async -> APIExchange<IssuedToken> {
        let form = [("companyId", companyID), ("locationId", locationID.rawValue)]
        return await send(path: "/oauth/locationToken", body: .form(form)).flatMap { response throws(ResponseDecodingError) in
            try IssuedToken(body: response.body)
        }
    }

    /// One page of `GET /oauth/installedLocations` for the company and app, `limit` from `skip`.
    package func installedLocations(companyID: String, appID: String, skip: Int, limit: Int) async -> APIExchange<InstalledLocationsPage> {
        let query = "companyId=\(Body.escape(companyID))&appId=\(Body.escape(appID))&isInstalled=true&skip=\(skip)&limit=\(limit)"
        return await send(path: "/oauth/installedLocations?" + query, body: nil).flatMap { response throws(ResponseDecodingError) in
            try InstalledLocationsPage(body: response.body)
        }
    }
}
