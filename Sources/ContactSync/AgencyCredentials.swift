import Foundation
package import HighLevelAPI
package import LosslessJSON

/// Why the agency's credentials file cannot be used. Never contains a secret.
package struct CredentialsError: Error, Sendable, CustomStringConvertible {
    package let description: String
}

/// The agency's OAuth credentials, as its file holds them (JSON, mode 0600): `client_id`, `client_secret`,
/// `refresh_token`, and once obtained `access_token` and `access_token_expires_at` (ISO-8601). Other members
/// are kept as they were.
package struct AgencyCredentials: Sendable {
    package var clientID: String
    package var clientSecret: AccessToken
    package var refreshToken: AccessToken
    package var accessToken: AccessToken?
    package var accessTokenExpiresAt: Timestamp?
    private var otherMembers: [JSONObject.Member] = []

    package init(clientID: String, clientSecret: AccessToken, refreshToken: AccessToken) {
        (self.clientID, self.clientSecret, self.refreshToken) = (clientID, clientSecret, refreshToken)
    }

    /// Reads the file at `path`.
    package static func load(path: String) throws(CredentialsError) -> AgencyCredentials {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CredentialsError(description: "cannot read the agency credentials file \(path)")
        }
        guard data.count <= 64 * 1024, case .object(let object)? = try? JSONParser.parse(Array(data)) else {
            throw CredentialsError(description: "the agency credentials file \(path) is not a JSON object")
        }
        func secret(_ key: String) throws(CredentialsError) -> AccessToken {
            guard let token = object[key]?.stringValue.flatMap(AccessToken.init) else {
                throw CredentialsError(description: "the agency credentials file \(path) has no usable \"\(key)\"")
            }
            return token
        }
        guard let clientID = object["client_id"]?.stringValue, !clientID.isEmpty else {
            throw CredentialsError(description: "the agency credentials file \(path) has no \"client_id\"")
        }
        var credentials = AgencyCredentials(
            clientID: clientID, clientSecret: try secret("client_secret"), refreshToken: try secret("refresh_token"))
        credentials.accessToken = object["access_token"]?.stringValue.flatMap(AccessToken.init)
        credentials.accessTokenExpiresAt = object["access_token_expires_at"]?.stringValue.flatMap(Timestamp.init(iso8601:))
        let known: Set = ["client_id", "client_secret", "refresh_token", "access_token", "access_token_expires_at"]
        credentials.otherMembers = object.members.filter { !known.contains($0.key) }
        return credentials
    }

    /// Writes the credentials to `path` atomically (temporary file, fsync, rename, 0600): a kill at any instant
    /// leaves either the old file or the new one, whole.
    package func save(to path: String) throws(AtomicFile.Failure) {
        var members: [JSONObject.Member] = [
            .init(key: "client_id", value: .string(clientID)),
            .init(key: "client_secret", value: .string(clientSecret.secretValue)),
            .init(key: "refresh_token", value: .string(refreshToken.secretValue)),
        ]
        if let accessToken { members.append(.init(key: "access_token", value: .string(accessToken.secretValue))) }
        if let accessTokenExpiresAt {
            members.append(.init(key: "access_token_expires_at", value: .string(accessTokenExpiresAt.iso8601)))
        }
        try AtomicFile.write(JSONValue.object(JSONObject(members: members + otherMembers)).jsonText + "\n", to: path)
    }
}
