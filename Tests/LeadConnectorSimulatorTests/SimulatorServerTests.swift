import Foundation
import Hummingbird
import HummingbirdTesting
import LeadConnectorSimulator
import Testing

@Suite("Simulator over loopback HTTP")
struct SimulatorServerTests {
    static let existingIDs = ContactGenerator.ids(count: 200).filter(ContactGenerator.exists)
    static let missingIDs = ContactGenerator.ids(count: 400).filter { !ContactGenerator.exists($0) }

    @Test("an existing contact is answered 200 with exactly responseBody(id:) and the rate-limit headers")
    func existingContact() async throws {
        let id = Self.existingIDs[0]
        try await SimulatorClient.with(SimulatorConfiguration()) { client, simulator in
            let response = try await client.get("/contacts/\(id)", headers: SimulatorClient.headers())
            #expect(response.status == .ok)
            #expect(SimulatorClient.body(response) == ContactGenerator.responseBody(id: id))
            #expect(response.headers[.contentType] == "application/json")
            #expect(SimulatorClient.header(response, "X-RateLimit-Max") == "100")
            #expect(SimulatorClient.header(response, "X-RateLimit-Remaining") == "99")
            #expect(SimulatorClient.header(response, "X-RateLimit-Interval-Milliseconds") == "10000")
            #expect(SimulatorClient.header(response, "X-RateLimit-Limit-Daily") == "200000")
            #expect(SimulatorClient.header(response, "X-RateLimit-Daily-Remaining") == "199999")
            #expect(simulator.log.hits(for: id) == 1)
            #expect(simulator.baseURL == "http://127.0.0.1:\(simulator.port)")
        }
    }

    @Test("missing and malformed ids get the generator's status and body")
    func missingContacts() async throws {
        let ids = Array(Self.missingIDs.prefix(6)) + ["not-an-id", String(repeating: "x", count: 65)]
        try await SimulatorClient.with(SimulatorConfiguration()) { client, _ in
            for id in ids {
                let response = try await client.get("/contacts/\(id)", headers: SimulatorClient.headers())
                let expected = ContactGenerator.missingResponse(id: id)
                #expect(Int(response.status.code) == expected.status)
                #expect(SimulatorClient.body(response) == expected.body)
            }
        }
    }

    @Test("wrong token, missing token and wrong Version header are 401; 401s do not use rate-limit budget")
    func authentication() async throws {
        let id = Self.existingIDs[0]
        try await SimulatorClient.with(SimulatorConfiguration()) { client, simulator in
            let cases: [(HTTPFields, String)] = [
                (SimulatorClient.headers(token: "wrong"), "Invalid JWT"),
                ([SimulatorClient.versionHeader: "2021-07-28"], "Invalid JWT"),
                (SimulatorClient.headers(version: nil), "version header is invalid"),
                (SimulatorClient.headers(version: "2021-04-15"), "version header is invalid"),
            ]
            for (headers, message) in cases {
                let response = try await client.get("/contacts/\(id)", headers: headers)
                #expect(response.status == .unauthorized)
                let body =
                    try JSONSerialization.jsonObject(with: Data(SimulatorClient.body(response).utf8)) as? [String: Any]
                #expect(body?["statusCode"] as? Int == 401)
                #expect(body?["message"] as? String == message)
                #expect(SimulatorClient.header(response, "X-RateLimit-Remaining") == "100")
            }
            #expect(simulator.log.hits(for: id) == 4)
            #expect(simulator.log.statusCounts() == [401: 4])
        }
    }

    @Test("other paths and methods are 404 with the API's body, and every raw path is logged")
    func notFound() async throws {
        try await SimulatorClient.with(SimulatorConfiguration()) { client, simulator in
            let paths = ["/x", "/contacts/", "/contacts/a/b", "/contacts", "/contacts/abc?locationId=1"]
            for path in paths.dropLast() {
                let response = try await client.get(path, headers: SimulatorClient.headers())
                #expect(response.status == .notFound)
                #expect(
                    SimulatorClient.body(response)
                        == #"{"statusCode":404,"message":"Cannot GET \#(path)","error":"Not Found"}"#)
                #expect(SimulatorClient.header(response, "X-RateLimit-Max") == "100")
            }
            let post = try await client.post(
                "/contacts/abc", headers: SimulatorClient.headers(), body: ByteBuffer(string: "{}"))
            #expect(
                SimulatorClient.body(post)
                    == #"{"statusCode":404,"message":"Cannot POST /contacts/abc","error":"Not Found"}"#)
            _ = try await client.get(paths[4], headers: SimulatorClient.headers())
            #expect(simulator.log.requestedPaths == Array(paths.dropLast()) + ["/contacts/abc", paths[4]])
            #expect(simulator.log.hits(for: "abc") == 1, "the query string is not part of the id; POST is not a hit")
            #expect(simulator.log.totalRequests == 6)
        }
    }

    @Test("after max requests in a window the next are 429, counted in the log, with Retry-After when asked")
    func rateLimit() async throws {
        var configuration = SimulatorConfiguration()
        configuration.rateLimit = SimulatorRateLimit(max: 5, interval: .seconds(60))
        configuration.sendsRetryAfter = true
        let ids = Self.existingIDs
        try await SimulatorClient.with(configuration) { client, simulator in
            var remaining: [String?] = []
            for id in ids.prefix(5) {
                let response = try await client.get("/contacts/\(id)", headers: SimulatorClient.headers())
                #expect(response.status == .ok)
                remaining.append(SimulatorClient.header(response, "X-RateLimit-Remaining"))
            }
            #expect(remaining == ["4", "3", "2", "1", "0"])
            for id in ids.dropFirst(5).prefix(3) {
                let response = try await client.get("/contacts/\(id)", headers: SimulatorClient.headers())
                #expect(response.status == .tooManyRequests)
                #expect(SimulatorClient.body(response) == #"{"statusCode":429,"message":"Too Many Requests"}"#)
                #expect(SimulatorClient.header(response, "X-RateLimit-Remaining") == "0")
                let retryAfter = try #require(SimulatorClient.header(response, "Retry-After").flatMap(Int.init))
                #expect((1...60).contains(retryAfter))
            }
            #expect(simulator.log.rateLimitedResponses == 3)
            #expect(simulator.log.statusCounts() == [200: 5, 429: 3])
        }
    }

    @Test("without sendsRetryAfter a 429 has no Retry-After; the daily limit also gives 429")
    func dailyLimit() async throws {
        var configuration = SimulatorConfiguration()
        configuration.rateLimit = nil
        configuration.dailyLimit = 2
        let id = Self.existingIDs[0]
        try await SimulatorClient.with(configuration) { client, simulator in
            let statuses = try await (0..<4).asyncMap { _ in
                try await client.get("/contacts/\(id)", headers: SimulatorClient.headers())
            }
            #expect(statuses.map(\.status.code) == [200, 200, 429, 429])
            #expect(statuses.allSatisfy { SimulatorClient.header($0, "Retry-After") == nil })
            #expect(statuses.map { SimulatorClient.header($0, "X-RateLimit-Daily-Remaining") } == ["1", "0", "0", "0"])
            #expect(SimulatorClient.header(statuses[0], "X-RateLimit-Max") == "1000000")
            #expect(simulator.log.hits(for: id) == 4)
        }
    }

    @Test("revokeTokenAfter: after N requests everything is 401")
    func revokedToken() async throws {
        var configuration = SimulatorConfiguration()
        configuration.revokeTokenAfter = 3
        let ids = Self.existingIDs
        try await SimulatorClient.with(configuration) { client, simulator in
            let responses = try await ids.prefix(6).asyncMap { id in
                try await client.get("/contacts/\(id)", headers: SimulatorClient.headers())
            }
            #expect(responses.map(\.status.code) == [200, 200, 200, 401, 401, 401])
            #expect(SimulatorClient.body(responses[3]).contains("\"statusCode\":401"))
            #expect(simulator.log.statusCounts() == [200: 3, 401: 3])
        }
    }

    @Test("hits count every request per id, concurrently from several connections")
    func hitsUnderConcurrency() async throws {
        var configuration = SimulatorConfiguration()
        configuration.rateLimit = nil
        let ids = Array(Self.existingIDs.prefix(4))
        try await LeadConnectorSimulator.withRunning(configuration, logger: SimulatorClient.quietLogger) { simulator in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, id) in ids.enumerated() {
                    group.addTask {
                        try await TestClient.withClient(host: "127.0.0.1", port: simulator.port) { client in
                            for _ in 0...index {
                                let response = try await client.get(
                                    "/contacts/\(id)", headers: SimulatorClient.headers())
                                #expect(response.status == .ok)
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(ids.map { simulator.log.hits(for: $0) } == [1, 2, 3, 4])
            #expect(simulator.log.totalRequests == 10)
            #expect(simulator.log.hits(for: "never-asked") == 0)
        }
    }

    @Test("a configured latency still yields correct answers")
    func latency() async throws {
        var configuration = SimulatorConfiguration()
        configuration.latency = .milliseconds(20)
        configuration.latencyJitter = .milliseconds(10)
        let id = Self.existingIDs[0]
        try await SimulatorClient.with(configuration) { client, _ in
            let response = try await client.get("/contacts/\(id)", headers: SimulatorClient.headers())
            #expect(SimulatorClient.body(response) == ContactGenerator.responseBody(id: id))
        }
    }
}
