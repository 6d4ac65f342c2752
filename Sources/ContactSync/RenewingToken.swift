package import HighLevelAPI
package import LosslessJSON

/// A token that is issued on demand and issued again before it expires or after the API refused it: an agency
/// token refreshed with its refresh token, a location token minted from the agency's.
///
/// One issue at a time: callers that arrive while a token is being issued wait for that one (a rotating
/// refresh token must never be spent twice).
package actor RenewingToken: AccessTokenSource {
    /// Issues a token (talking to the API), or says why it cannot.
    package typealias Issuer = @Sendable () async -> Result<IssuedToken, TokenUnavailable>

    private let issue: Issuer
    private var token: AccessToken?
    /// When to issue a new one: before the token expires, by a tenth of its lifetime (at most five minutes).
    private var renewAt: Timestamp?
    private var waiters: [CheckedContinuation<Result<AccessToken, TokenUnavailable>, Never>]?

    /// Starts from `token` (valid until `expiresAt`, when known) or none.
    package init(token: AccessToken? = nil, expiresAt: Timestamp? = nil, issue: @escaping Issuer) {
        self.issue = issue
        self.token = token
        renewAt = expiresAt.map { $0.advanced(by: .seconds(-300)) }
    }

    package func currentToken() async throws(TokenUnavailable) -> AccessToken {
        if let token, let renewAt, Timestamp.now() < renewAt { return token }
        return try await issued().get()
    }

    package func renew(after rejected: AccessToken) async -> Bool {
        if token == rejected { renewAt = nil }
        if case .success = await issuedIfStale() { return true }
        return false
    }

    private func issuedIfStale() async -> Result<AccessToken, TokenUnavailable> {
        if let token, let renewAt, Timestamp.now() < renewAt { return .success(token) }
        return await issued()
    }

    /// A newly issued token, or the one another caller is already waiting for.
    private func issued() async -> Result<AccessToken, TokenUnavailable> {
        if waiters != nil {
            return await withCheckedContinuation { waiters?.append($0) }
        }
        waiters = []
        let result: Result<AccessToken, TokenUnavailable>
        switch await issue() {
        case .success(let issued):
            token = issued.accessToken
            let margin = min(Duration.seconds(300), Duration.seconds(issued.expiresIn) / 10)
            renewAt = Timestamp.now().advanced(by: .seconds(issued.expiresIn) - margin)
            result = .success(issued.accessToken)
        case .failure(let reason):
            result = .failure(reason)
        }
        let waiting = waiters ?? []
        waiters = nil
        for waiter in waiting { waiter.resume(returning: result) }
        return result
    }
}
