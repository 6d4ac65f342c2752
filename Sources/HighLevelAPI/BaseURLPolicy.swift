/// Checks a base URL before any connection: HTTPS, or plain HTTP only to a loopback host.
package enum BaseURLPolicy {
    /// Why a base URL was refused.
    package struct Violation: Error, Sendable, CustomStringConvertible {
        package let description: String
    }

    /// Returns the URL without trailing slashes, or throws when it is not acceptable.
    package static func validate(_ text: String) throws(Violation) -> String {
        var url = text
        while url.hasSuffix("/") { url.removeLast() }
        let lower = url.lowercased()
        let isHTTPS = lower.hasPrefix("https://")
        guard isHTTPS || lower.hasPrefix("http://") else {
            throw Violation(description: "base URL must start with https://")
        }
        let rest = url.dropFirst(isHTTPS ? "https://".count : "http://".count)
        let authority = rest.prefix { $0 != "/" }
        guard !authority.contains("@") else {
            throw Violation(description: "base URL must not contain user information")
        }
        guard !rest.contains("?"), !rest.contains("#"), let host = host(of: authority) else {
            throw Violation(description: "base URL \(url) must be scheme://host[:port][/path] with no query or fragment")
        }
        guard isHTTPS || isLoopback(host: host) else {
            throw Violation(description: "refusing plain-HTTP base URL \(url): use https:// (http:// is allowed only for loopback hosts)")
        }
        return url
    }

    /// The host of `host[:port]` or `[v6][:port]`, lowercased; nil when malformed (empty, bad port, junk after `]`).
    private static func host(of authority: Substring) -> String? {
        let host: Substring
        let afterHost: Substring
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[authority.index(after: authority.startIndex)..<close]
            afterHost = authority[authority.index(after: close)...]
        } else {
            host = authority.prefix { $0 != ":" }
            afterHost = authority.dropFirst(host.count)
        }
        if !afterHost.isEmpty {
            let port = afterHost.dropFirst()
            guard afterHost.first == ":", !port.isEmpty, port.count <= 5, port.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                return nil
            }
        }
        guard !host.isEmpty else { return nil }
        return host.lowercased()
    }

    private static func isLoopback(host: String) -> Bool {
        if host == "localhost" || host == "::1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets.first == "127"
            && octets.allSatisfy { octet in UInt8(octet).map { _ in octet.allSatisfy(\.isASCII) } ?? false }
    }
}
