/// Where and how to reach the API.
package struct ClientConfiguration: Sendable {
    /// Production: `https://services.leadconnectorhq.com`.
    package static let productionBaseURL = "https://services.leadconnectorhq.com"
    /// The only `Version` header value the API accepts.
    package static let apiVersion = "2021-07-28"

    package var baseURL: String = productionBaseURL
    /// How long one request may take, from sending to the last body byte.
    package var timeout: Duration = .seconds(30)
    /// Bodies larger than this are refused (a contact is a few KB; the largest real ones well under 1 MB).
    package var maximumBodyBytes: Int = 8 * 1024 * 1024

    package init(baseURL: String = productionBaseURL, timeout: Duration = .seconds(30), maximumBodyBytes: Int = 8 * 1024 * 1024) {
        self.baseURL = baseURL
        self.timeout = timeout
        self.maximumBodyBytes = maximumBodyBytes
    }
}

/// The HighLevel API: one request per call, no retries (the job owns those). Every call returns an
/// ``APIExchange``; none throws.
package struct HighLevelClient: Sendable {
    package let configuration: ClientConfiguration
    /// Where the bearer token of each request comes from (nil: requests carry none, as `POST /oauth/token`).
    package let tokens: (any AccessTokenSource)?
    private let transport: any HTTPTransport
    private let baseURL: String

    package init(configuration: ClientConfiguration, token: AccessToken, transport: any HTTPTransport) {
        self.init(configuration: configuration, tokens: token, transport: transport)
    }

    package init(configuration: ClientConfiguration, tokens: (any AccessTokenSource)?, transport: any HTTPTransport) {
        self.configuration = configuration
        self.tokens = tokens
        self.transport = transport
        var base = configuration.baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
    }

    /// `GET /contacts/{id}`: the contact, checked to be the one asked for (and parsed, with `parsing`).
    package func fetchContact(id: ContactID, parsing: Bool = false) async -> APIExchange<ContactResponse> {
        await send(path: "/contacts/\(id.rawValue)", body: nil).flatMap { response throws(ResponseDecodingError) in
            try ContactResponse(body: response.body, expectedID: id, parsing: parsing)
        }
    }

    /// A request body and its media type.
    enum Body {
        case json([UInt8])
        /// `application/x-www-form-urlencoded` fields, in order.
        case form([(String, String)])

        var contentType: String {
            switch self {
            case .json: "application/json"
            case .form: "application/x-www-form-urlencoded"
            }
        }

        var bytes: [UInt8] {
            switch self {
            case .json(let bytes): bytes
            case .form(let fields): Array(fields.map { Self.escape($0) + "=" + Self.escape($1) }.joined(separator: "&").utf8)
            }
        }

        /// Percent-encodes everything but the unreserved characters of RFC 3986.
        static func escape(_ text: String) -> String {
            var output = ""
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                    UInt8(ascii: "~"):
                    output.unicodeScalars.append(Unicode.Scalar(byte))
                default:
                    let hex = String(byte, radix: 16, uppercase: true)
                    output += "%" + (hex.count == 1 ? "0" + hex : hex)
                }
            }
            return output
        }
    }

    /// Sends a GET (no body) or a POST of `body` to `path` (built from validated ids only), with the source's
    /// current token when there is one, and classifies a non-2xx answer.
    func send(path: String, body: Body?) async -> APIExchange<HTTPResponse> {
        var headers: [(name: String, value: String)] = []
        var token: AccessToken?
        if let tokens {
            do {
                token = try await tokens.currentToken()
                headers.append(("Authorization", token?.authorizationHeaderValue ?? ""))
            } catch {
                return APIExchange(result: .failure(.noToken(error)), rateLimit: RateLimitHeaders())
            }
        }
        headers += [("Version", ClientConfiguration.apiVersion), ("Accept", "application/json")]
        let response: HTTPResponse
        do {
            if let body {
                headers.append(("Content-Type", body.contentType))
                response = try await transport.post(
                    url: baseURL + path, headers: headers, body: body.bytes, timeout: configuration.timeout,
                    maximumBodyBytes: configuration.maximumBodyBytes
                )
            } else {
                response = try await transport.get(
                    url: baseURL + path, headers: headers, timeout: configuration.timeout,
                    maximumBodyBytes: configuration.maximumBodyBytes
                )
            }
        } catch {
            return APIExchange(result: .failure(.transport(error)), rateLimit: RateLimitHeaders(), token: token)
        }
        let rateLimit = RateLimitHeaders(headers: response.headers)
        guard (200...299).contains(response.status) else {
            let failure = HighLevelAPIError.http(status: response.status, body: APIErrorBody(body: response.body))
            return APIExchange(result: .failure(failure), rateLimit: rateLimit, token: token)
        }
        return APIExchange(result: .success(response), rateLimit: rateLimit, token: token)
    }
}
