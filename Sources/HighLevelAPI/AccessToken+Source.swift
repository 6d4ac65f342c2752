import Foundation

extension AccessToken {
    /// The environment variable the token is read from.
    package static let environmentVariable = "GHL_ACCESS_TOKEN"

    /// Why no usable token was found. Never contains the token.
    package struct SourceError: Error, Sendable, CustomStringConvertible {
        package let description: String
    }

    /// Reads the token from `tokenFile` when given, else from `GHL_ACCESS_TOKEN`.
    package static func resolve(environment: [String: String], tokenFile: String?) throws(SourceError) -> AccessToken {
        if let tokenFile {
            guard let data = FileManager.default.contents(atPath: tokenFile) else {
                throw SourceError(description: "cannot read token file \(tokenFile)")
            }
            guard data.count <= 64 * 1024, let text = String(data: data, encoding: .utf8), let token = AccessToken(text) else {
                throw SourceError(description: "token file \(tokenFile) does not hold a token (one line of printable ASCII)")
            }
            return token
        }
        guard let text = environment[environmentVariable], !text.isEmpty else {
            throw SourceError(description: "no access token: set \(environmentVariable) or pass --token-file PATH")
        }
        guard let token = AccessToken(text) else {
            throw SourceError(description: "\(environmentVariable) does not hold a token (printable ASCII, no spaces)")
        }
        return token
    }
}
