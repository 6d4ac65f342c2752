/// Where and how to reach the API.
public struct ClientConfiguration: Sendable {
    /// Production: `https://services.leadconnectorhq.com`.
    public static let productionBaseURL = "https://services.leadconnectorhq.com"
    /// The only `Version` header value the API accepts.
    public static let apiVersion = "2021-07-28"

    public var baseURL: String = productionBaseURL
    /// How long one request may take, from sending to the last body byte.
    public var timeout: Duration = .seconds(30)
    /// Bodies larger than this are refused (a contact is a few KB; the largest real ones well under 1 MB).
    public var maximumBodyBytes: Int = 8 * 1024 * 1024

    public init(baseURL: String = productionBaseURL, timeout: Duration = .seconds(30), maximumBodyBytes: Int = 8 * 1024 * 1024) {
        self.baseURL = baseURL
        self.timeout = timeout
        self.maximumBodyBytes = maximumBodyBytes
    }
}

/// One attempt's outcome together with the rate-limit headers its response carried.
public struct ContactFetch: Sendable {
    public let result: Result<ContactResponse, HighLevelAPIError>
    public let rateLimit: RateLimitHeaders
}

/// The HighLevel contacts API: one `GET /contacts/{id}` per call, no retries (the job owns those).
public struct HighLevelClient: Sendable {
    public let configuration: ClientConfiguration
    private let token: AccessToken
    private let transport: any HTTPTransport
    private let baseURL: String

    public init(configuration: ClientConfiguration, token: AccessToken, transport: any HTTPTransport) {
        self.configuration = configuration
        self.token = token
        self.transport = transport
        var base = configuration.baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
    }

    /// Sends one request for `id`; never throws, every outcome is in the result.
    public func fetchContact(id: ContactID) async -> ContactFetch {
        let headers: [(name: String, value: String)] = [
            ("Authorization", token.authorizationHeaderValue),
            ("Version", ClientConfiguration.apiVersion),
            ("Accept", "application/json"),
        ]
        let response: HTTPResponse
        do {
            response = try await transport.get(
                url: "\(baseURL)/contacts/\(id.rawValue)", headers: headers,
                timeout: configuration.timeout, maximumBodyBytes: configuration.maximumBodyBytes
            )
        } catch {
            return ContactFetch(result: .failure(.transport(error)), rateLimit: RateLimitHeaders())
        }
        let rateLimit = RateLimitHeaders(headers: response.headers)
        guard (200...299).contains(response.status) else {
            let failure = HighLevelAPIError.http(status: response.status, body: APIErrorBody(body: response.body))
            return ContactFetch(result: .failure(failure), rateLimit: rateLimit)
        }
        do {
            let contact = try ContactResponse(body: response.body, expectedID: id)
            return ContactFetch(result: .success(contact), rateLimit: rateLimit)
        } catch {
            return ContactFetch(result: .failure(.undecodable(error)), rateLimit: rateLimit)
        }
    }

    /// Sends a GET (no body) or a JSON POST to `path` (already validated) and classifies a non-2xx answer.
    func send(path: String, body: [UInt8]?) async -> APIExchange<HTTPResponse> {
        var headers: [(name: String, value: String)] = [
            ("Authorization", token.authorizationHeaderValue),
            ("Version", ClientConfiguration.apiVersion),
            ("Accept", "application/json"),
        ]
        let response: HTTPResponse
        do {
            if let body {
                headers.append(("Content-Type", "application/json"))
                response = try await transport.post(
                    url: baseURL + path, headers: headers, body: body, timeout: configuration.timeout,
                    maximumBodyBytes: configuration.maximumBodyBytes
                )
            } else {
                response = try await transport.get(
                    url: baseURL + path, headers: headers, timeout: configuration.timeout,
                    maximumBodyBytes: configuration.maximumBodyBytes
                )
            }
        } catch {
            return APIExchange(result: .failure(.transport(error)), rateLimit: RateLimitHeaders())
        }
        let rateLimit = RateLimitHeaders(headers: response.headers)
        guard (200...299).contains(response.status) else {
            let failure = HighLevelAPIError.http(status: response.status, body: APIErrorBody(body: response.body))
            return APIExchange(result: .failure(failure), rateLimit: rateLimit)
        }
        return APIExchange(result: .success(response), rateLimit: rateLimit)
    }
}
