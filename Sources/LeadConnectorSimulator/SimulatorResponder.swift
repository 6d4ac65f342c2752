import Hummingbird

/// Answers requests the way `GET https://services.leadconnectorhq.com/contacts/{contactId}` does.
///
/// Checks run in this order: route, revoked token, bearer token, `Version` header, rate limits, then latency
/// and injected faults, and finally the contact lookup. Every answer carries the `X-RateLimit-*` headers;
/// answers given before the rate-limit check report the limits without counting the request.
struct SimulatorResponder: HTTPResponder {
    typealias Context = SimulatorRequestContext

    static let apiVersion = "2021-07-28"
    static let versionHeader = HTTPFields.Element.Name("Version")!

    let configuration: SimulatorConfiguration
    let state: SimulatorState
    let log: SimulatorLog
    let clock = ContinuousClock()

    func respond(to request: Request, context: Context) async throws -> Response {
        let contactID = Self.contactID(in: request)
        let sequenceNumber = log.recordRequest(path: request.head.path ?? request.uri.description, contactID: contactID)
        let (reply, rateLimit) = try await decide(request, contactID: contactID, sequenceNumber: sequenceNumber)
        log.recordResponse(status: reply.loggedStatus)
        if case .dropConnection = reply.delivery {
            context.closeConnection()
        }
        return reply.response(rateLimit: rateLimit)
    }

    private func decide(_ request: Request, contactID: String?, sequenceNumber: Int) async throws -> (SimulatorReply, RateLimitWindow.Status) {
        guard let contactID else {
            let message = "Cannot \(request.method.rawValue) \(request.uri.path)"
            return (.error(404, message: message, error: "Not Found"), state.peek(at: clock.now))
        }
        if let revokeAfter = configuration.revokeTokenAfter, sequenceNumber > revokeAfter {
            let reply = SimulatorReply.error(401, message: "Invalid token: access token is invalid", error: "Unauthorized")
            return (reply, state.peek(at: clock.now))
        }
        guard request.headers[.authorization] == "Bearer " + configuration.token else {
            return (.error(401, message: "Invalid JWT", error: "Unauthorized"), state.peek(at: clock.now))
        }
        guard request.headers[Self.versionHeader] == Self.apiVersion else {
            return (.error(401, message: "version header is invalid", error: "Unauthorized"), state.peek(at: clock.now))
        }
        let rateLimit = state.admit(at: clock.now)
        if rateLimit.isLimited {
            return (tooManyRequests(retryAfter: rateLimit.retryAfterSeconds), rateLimit)
        }
        let delay = state.drawDelay(latency: configuration.latency, jitter: configuration.latencyJitter)
        if delay > .zero {
            try await Task.sleep(for: delay)
        }
        return (answer(contactID: contactID, fault: state.drawFault(configuration.faults), rateLimit: rateLimit), rateLimit)
    }

    private func answer(contactID: String, fault: SimulatorState.Fault, rateLimit: RateLimitWindow.Status) -> SimulatorReply {
        switch fault {
        case .none:
            break
        case .serverError(let status):
            let error = status == 500 ? "Internal Server Error" : (status == 502 ? "Bad Gateway" : "Service Unavailable")
            return .error(status, message: status == 500 ? "Internal server error" : error, error: error)
        case .rateLimitBurst:
            return tooManyRequests(retryAfter: RateLimitWindow.wholeSecondsRoundedUp(.milliseconds(rateLimit.intervalMilliseconds)))
        case .dropConnection:
            return SimulatorReply(status: 0, body: "", delivery: .dropConnection)
        case .truncatedBody(let fraction):
            let body = ContactGenerator.responseBody(id: contactID)
                ?? "{\"contact\":{\"id\":" + JSONValue.quoted(contactID) + ",\"locationId\":\"" + SampleData.locationID + "\"}}"
            let cut = max(1, min(body.utf8.count - 1, Int(Double(body.utf8.count) * fraction)))
            return SimulatorReply(status: 200, body: body, delivery: .truncated(afterBytes: cut))
        case .malformedBody(let variant):
            return Self.malformedReply(variant: variant, contactID: contactID)
        }
        if let body = ContactGenerator.responseBody(id: contactID) {
            return SimulatorReply(status: 200, body: body)
        }
        let (status, body) = ContactGenerator.missingResponse(id: contactID)
        return SimulatorReply(status: status, body: body)
    }

    private func tooManyRequests(retryAfter: Int) -> SimulatorReply {
        var reply = SimulatorReply.error(429, message: "Too Many Requests", error: nil)
        if configuration.sendsRetryAfter { reply.retryAfterSeconds = retryAfter }
        return reply
    }

    /// Complete 200 responses whose bodies are not JSON: cut-off JSON, a proxy's HTML page, or nothing.
    static func malformedReply(variant: Int, contactID: String) -> SimulatorReply {
        switch variant {
        case 0: SimulatorReply(status: 200, body: "{\"contact\": {\"id\": " + JSONValue.quoted(contactID) + ",")
        case 1: SimulatorReply(status: 200, body: "<html>502 Bad Gateway</html>", contentType: "text/html")
        default: SimulatorReply(status: 200, body: "")
        }
    }

    /// The id in `GET /contacts/{id}`, or nil for any other method or path.
    static func contactID(in request: Request) -> String? {
        guard request.method == .get else { return nil }
        let components = request.uri.path.split(separator: "/", omittingEmptySubsequences: false)
        guard components.count == 3, components[0].isEmpty, components[1] == "contacts", !components[2].isEmpty else {
            return nil
        }
        return String(components[2])
    }
}
