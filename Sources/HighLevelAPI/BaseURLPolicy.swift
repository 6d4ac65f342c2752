/// Checks a base URL before any connection: HTTPS, or plain HTTP only to a loopback host.
public enum BaseURLPolicy {
    /// Why a base URL was refused.
    public struct Violation: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// Returns the URL without trailing slashes, or throws when it is not acceptable.
    public static func validate(_ text: String) throws(Violation) -> String {
        var url = text
        while url.hasSuffix("/") { url.removeLast() }
        let lower = url.lowercased()
        let rest: Substring
        if lower.hasPrefix("https://") {
            rest = url.dropFirst("https://".count)
        } else if lower.hasPrefix("http://") {
            rest = url.dropFirst("http://".count)
            guard isLoopback(host: host(of: rest)) else {
                throw Violation(description: "refusing plain-HTTP base URL \(url): use https:// (http:// is allowed only for loopback hosts)")
            }
        } else {
            throw Violation(description: "base URL \(url) must start with https://")
        }
        let host = host(of: rest)
        guard !host.isEmpty, !rest.contains("?"), !rest.contains("#"), !rest.contains("@") else {
            throw Violation(description: "base URL \(url) must be scheme://host[:port][/path] with no user, query or fragment")
        }
        return url
    }

    private static func host(of rest: Substring) -> String {
        let authority = rest.prefix { $0 != "/" }
        if authority.hasPrefix("[") {
            return String(authority.prefix { $0 != "]" }.dropFirst())
        }
        return String(authority.prefix { $0 != ":" }).lowercased()
    }

    private static func isLoopback(host: String) -> Bool {
        if host == "localhost" || host == "::1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets.first == "127"
            && octets.allSatisfy { octet in UInt8(octet).map { _ in octet.allSatisfy(\.isASCII) } ?? false }
    }
}
