import HighLevelAPI
import LosslessJSON
import TestSupport
import Testing

private let secret = "pit-7d41e0c2-aaaa-bbbb-cccc-0123456789ab"
private let base = "https://services.leadconnectorhq.com"

@Suite("HighLevelClient over a fake transport")
struct HighLevelClientTests {
    let token = AccessToken(secret)!
    let seedID = ContactID("ocQHyuzHvuMOe5N5jjXF")!

    private func client(_ transport: FakeTransport, baseURL: String = base) -> HighLevelClient {
        HighLevelClient(configuration: ClientConfiguration(baseURL: baseURL), token: token, transport: transport)
    }

    private func reply(_ status: Int, _ body: String, headers: [(name: String, value: String)] = []) -> Result<HTTPResponse, TransportError> {
        .success(HTTPResponse(status: status, headers: headers, body: Array(body.utf8)))
    }

    @Test("one GET to {base}/contacts/{id} with Authorization, Version and Accept", arguments: [
        (base, "\(base)/contacts/ocQHyuzHvuMOe5N5jjXF"),
        ("\(base)/", "\(base)/contacts/ocQHyuzHvuMOe5N5jjXF"),
        ("http://127.0.0.1:8080///", "http://127.0.0.1:8080/contacts/ocQHyuzHvuMOe5N5jjXF"),
        ("https://proxy.example/ghl/v2/", "https://proxy.example/ghl/v2/contacts/ocQHyuzHvuMOe5N5jjXF"),
    ])
    func request(baseURL: String, expectedURL: String) async throws {
        let transport = FakeTransport([expectedURL: .success(HTTPResponse(status: 200, headers: [], body: try FixtureFile.seedContact.bytes()))])
        let configuration = ClientConfiguration(baseURL: baseURL, timeout: .seconds(12), maximumBodyBytes: 4096)
        let client = HighLevelClient(configuration: configuration, token: token, transport: transport)
        let fetch = await client.fetchContact(id: seedID)
        #expect(try fetch.result.get().contact["id"] == .string(seedID.rawValue))
        #expect(await transport.requests == [SentRequest(
            url: expectedURL,
            headers: [
                SentHeader(name: "Authorization", value: "Bearer \(secret)"),
                SentHeader(name: "Version", value: "2021-07-28"),
                SentHeader(name: "Accept", value: "application/json"),
            ],
            timeout: .seconds(12), maximumBodyBytes: 4096
        )])
    }

    @Test("the default configuration: production URL, 30 s, 8 MiB")
    func defaults() async throws {
        let configuration = ClientConfiguration()
        #expect(configuration.baseURL == "https://services.leadconnectorhq.com")
        #expect(ClientConfiguration.apiVersion == "2021-07-28")
        let url = "https://services.leadconnectorhq.com/contacts/ocQHyuzHvuMOe5N5jjXF"
        let transport = FakeTransport([url: .failure(.timedOut)])
        _ = await HighLevelClient(configuration: configuration, token: token, transport: transport).fetchContact(id: seedID)
        let sent = try #require(await transport.requests.first)
        #expect(sent.url == url)
        #expect(sent.timeout == .seconds(30))
        #expect(sent.maximumBodyBytes == 8 * 1024 * 1024)
    }

    @Test("200: the contact, its exact text, the trace id and the rate-limit headers", arguments: FixtureFile.contacts)
    func success(fixture: FixtureFile) async throws {
        let id = try #require(fixture.contactID)
        let body = try fixture.bytes()
        let headers: [(name: String, value: String)] = [
            ("Content-Type", "application/json"), ("X-RateLimit-Max", "100"), ("x-ratelimit-remaining", "42"),
            ("X-RateLimit-Interval-Milliseconds", "10000"), ("X-RateLimit-Limit-Daily", "200000"),
            ("X-RateLimit-Daily-Remaining", "199000"),
        ]
        let transport = FakeTransport(["\(base)/contacts/\(id.rawValue)": .success(HTTPResponse(status: 200, headers: headers, body: body))])
        let fetch = await client(transport).fetchContact(id: id)
        let response = try fetch.result.get()
        let expected = try ContactResponse(body: body, expectedID: id)
        #expect(try response.contact == expected.contact)
        #expect(response.rawJSON == expected.rawJSON)
        #expect(response.traceID == expected.traceID)
        #expect(fetch.rateLimit == RateLimitHeaders(
            max: 100, remaining: 42, intervalMilliseconds: 10_000, dailyLimit: 200_000, dailyRemaining: 199_000
        ))
    }

    @Test("any 2xx with a contact body is a success")
    func otherSuccessStatus() async throws {
        let transport = FakeTransport(["\(base)/contacts/abc": reply(203, #"{"contact": {"id": "abc"}}"#)])
        let fetch = await client(transport).fetchContact(id: ContactID("abc")!)
        #expect(try fetch.result.get().rawJSON == #"{"id": "abc"}"#)
    }

    @Test("non-2xx: .http with the status and the parsed body", arguments: [
        (400, FixtureFile.error400.rawValue, "Contact with id abc not found", "Bad Request"),
        (401, FixtureFile.error401.rawValue, "Invalid token: access token is invalid", "Unauthorized"),
        (422, FixtureFile.error422.rawValue, "contactId must be a valid id", "Unprocessable Entity"),
        (429, #"{"statusCode": 429, "message": "Too Many Requests"}"#, "Too Many Requests", nil),
        (500, "<html>Internal Server Error</html>", nil, nil),
        (503, "", nil, nil),
        (404, #"{"statusCode": 404, "message": "Not Found", "error": "Not Found", "traceId": "t-404"}"#, "Not Found", "Not Found"),
    ] as [(Int, String, String?, String?)])
    func httpErrors(status: Int, body: String, message: String?, errorName: String?) async throws {
        let bytes = try FixtureFile(rawValue: body).map { try $0.bytes() } ?? Array(body.utf8)
        let headers: [(name: String, value: String)] = status == 429
            ? [("Retry-After", "7"), ("X-RateLimit-Remaining", "0")] : [("X-RateLimit-Remaining", "3")]
        let transport = FakeTransport(["\(base)/contacts/abc": .success(HTTPResponse(status: status, headers: headers, body: bytes))])
        let fetch = await client(transport).fetchContact(id: ContactID("abc")!)
        guard case .failure(.http(let sentStatus, let errorBody)) = fetch.result else {
            Issue.record("expected .http, got \(fetch.result)")
            return
        }
        #expect(sentStatus == status)
        #expect(errorBody == APIErrorBody(body: bytes))
        #expect(errorBody.message == message)
        #expect(errorBody.error == errorName)
        #expect(fetch.rateLimit == (status == 429 ? RateLimitHeaders(remaining: 0, retryAfterSeconds: 7) : RateLimitHeaders(remaining: 3)))
        #expect(await transport.requests.count == 1)
    }

    @Test("a transport failure is .transport, with no rate-limit headers", arguments: [
        TransportError.timedOut, .connectionFailed("connection refused"), .bodyTooLarge(limit: 8_388_608), .cancelled,
    ])
    func transportErrors(error: TransportError) async {
        let transport = FakeTransport(["\(base)/contacts/abc": .failure(error)])
        let fetch = await client(transport).fetchContact(id: ContactID("abc")!)
        guard case .failure(.transport(let reported)) = fetch.result else {
            Issue.record("expected .transport, got \(fetch.result)")
            return
        }
        #expect(reported == error)
        #expect(fetch.rateLimit.isEmpty)
        #expect(await transport.requests.count == 1)
    }

    @Test("a 200 whose body cannot be used is .undecodable, and its rate-limit headers are still read", arguments: [
        ("", "invalidJSON"), ("{", "invalidJSON"), ("<html>OK</html>", "invalidJSON"), ("[]", "notAnObject"),
        (#"{"contacts": []}"#, "missingContact"), (#"{"contact": {"id": 1}}"#, "missingContact"),
        (#"{"contact": {"id": "someoneElse"}}"#, "contactIDMismatch"),
    ])
    func undecodable(body: String, kind: String) async {
        let transport = FakeTransport(["\(base)/contacts/abc": reply(200, body, headers: [("X-RateLimit-Remaining", "5")])])
        let fetch = await client(transport).fetchContact(id: ContactID("abc")!)
        guard case .failure(.undecodable(let error)) = fetch.result else {
            Issue.record("expected .undecodable, got \(fetch.result)")
            return
        }
        switch error {
        case .invalidJSON: #expect(kind == "invalidJSON")
        case .notAnObject: #expect(kind == "notAnObject")
        case .missingContact: #expect(kind == "missingContact")
        case .contactIDMismatch(let expected):
            #expect(kind == "contactIDMismatch")
            #expect(expected == "abc")
        case .missingArray(let name), .missingMember(let name): Issue.record("a contact body reported a missing \(name)")
        }
        #expect(fetch.rateLimit == RateLimitHeaders(remaining: 5))
    }

    @Test("concurrent fetches each get their own contact")
    func concurrent() async throws {
        let ids = ["aaa", "bbb", "ccc", "ddd"].map { ContactID($0)! }
        var replies: [String: Result<HTTPResponse, TransportError>] = [:]
        for id in ids { replies["\(base)/contacts/\(id.rawValue)"] = reply(200, #"{"contact":{"id":"\#(id.rawValue)"}}"#) }
        let transport = FakeTransport(replies)
        let client = client(transport)
        let fetched = await withTaskGroup(of: (ContactID, String?).self) { group in
            for id in ids {
                group.addTask { (id, try? await client.fetchContact(id: id).result.get().contact["id"]?.stringValue) }
            }
            var results: [ContactID: String?] = [:]
            for await (id, contactID) in group { results[id] = contactID }
            return results
        }
        #expect(fetched.count == ids.count)
        for id in ids { #expect(fetched[id] == .some(id.rawValue)) }
        #expect(Set(await transport.requests.map(\.url)) == Set(replies.keys))
    }

    @Test("the token appears in no description of the client or of its results")
    func tokenNeverLeaks() async {
        let transport = FakeTransport([
            "\(base)/contacts/abc": reply(401, #"{"statusCode": 401, "message": "Invalid JWT"}"#),
        ])
        let client = client(transport)
        // Rendered before the fetch: afterwards the fake transport's own log holds the Authorization header.
        var dumped = ""
        dump(client, to: &dumped)
        let clientRenderings = [String(describing: client), String(reflecting: client)]
        let fetch = await client.fetchContact(id: ContactID("abc")!)
        dump(fetch, to: &dumped)
        #expect(dumped.contains("<redacted token>"))
        let renderings = clientRenderings + [String(describing: fetch), String(describing: fetch.result), dumped]
        for rendering in renderings { #expect(!token.appears(in: rendering), "leaked in \(rendering)") }
        #expect(fetch.result.failureDescription == "HTTP 401: Invalid JWT")
    }
}

extension Result<ContactResponse, HighLevelAPIError> {
    fileprivate var failureDescription: String? {
        if case .failure(let error) = self { error.description } else { nil }
    }
}
