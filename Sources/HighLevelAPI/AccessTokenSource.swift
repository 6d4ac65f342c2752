/// Why no access token could be had for a request: the refresh or mint failed. Never contains a token.
package struct TokenUnavailable: Error, Sendable, Equatable, CustomStringConvertible {
    package let description: String

    package init(_ description: String) {
        self.description = description
    }
}

/// Where a client's bearer token comes from: a fixed token (a Private Integration token, a location token read
/// from a file), or one minted and renewed as it expires.
package protocol AccessTokenSource: Sendable {
    /// The token to send now.
    func currentToken() async throws(TokenUnavailable) -> AccessToken

    /// Called when the API refused `rejected` with 401: true when a new token may now be had (the request is
    /// worth sending again), false when this source has no other.
    func renew(after rejected: AccessToken) async -> Bool
}

extension AccessToken: AccessTokenSource {
    package func currentToken() async throws(TokenUnavailable) -> AccessToken { self }

    package func renew(after rejected: AccessToken) async -> Bool { false }
}
