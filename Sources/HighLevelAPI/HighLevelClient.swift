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
    private let token: AccessToken
    private let transport: any HTTPTransport
    private let baseURL: String

    package init(configuration: ClientConfiguration, token: AccessToken, transport: any HTTPTransport) {
        self.configuration = configuration
        self.token = token
        self.transport = transport
        var base = configuration.baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
    }

    /// `GET /contacts/{id}`: the contact, checked to be the one asked for.
    package func fetchContact(id: ContactID) async -> APIExchange<ContactResponse> {
        await send(path: "/contacts/\(id.rawValue)", body: nil).flatMap { response throws(ResponseDecodingError) in
            try ContactResponse(body: response.body, expectedID: id)
        }
    }

    /// Sends a GET (no body) or a JSON POST to `path` (built from validated ids only) and classifies a
    /// non-2xx answer.
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
