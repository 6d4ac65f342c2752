import Hummingbird

/// Answers requests the way `GET https://services.leadconnectorhq.com/contacts/{contactId}` does.
///
/// Checks run in this order: route, revoked token, bearer token, `Version` header, rate limits, then latency
/// and injected faults, and finally the contact lookup (or the oversize body configured for the id). Every answer
/// carries the `X-RateLimit-*` headers; answers given before the rate-limit check report the limits without
/// counting the request.
struct SimulatorResponder: HTTPResponder {
    typealias Context = SimulatorRequestContext

    static let apiVersion = "2021-07-28"
    static let versionHeader = HTTPFields.Element.Name("Version")!

    let configuration: SimulatorConfiguration
    let state: SimulatorState
    let log: SimulatorLog
    let hitsLog: SimulatorHitsLog?
    let clock = ContinuousClock()

    func respond(to request: Request, context: Context) async throws -> Response {
        let contactID = Self.contactID(in: request)
        let sequenceNumber = log.recordRequest(path: request.head.path ?? request.uri.description, contactID: contactID)
        let reply = try await decide(request, contactID: contactID, sequenceNumber: sequenceNumber)
        log.recordResponse(status: reply.loggedStatus)
        if let contactID {
            hitsLog?.append(contactID: contactID, status: reply.loggedStatus, fault: reply.fault.logName)
        }
        if case .dropConnection = reply.delivery {
            context.closeConnection()
        }
        return reply.response(rateLimit: reply.rateLimit ?? state.peek(at: clock.now))
    }

    /// The answer; it carries rate-limit figures only once the request has been counted against the limits.
    private func decide(_ request: Request, contactID: String?, sequenceNumber: Int) async throws -> SimulatorReply {
        guard let contactID else {
            return .error(404, message: "Cannot \(request.method.rawValue) \(request.uri.path)", error: "Not Found")
        }
        if let revokeAfter = configuration.revokeTokenAfter, sequenceNumber > revokeAfter {
            return .error(401, message: "Invalid token: access token is invalid", error: "Unauthorized")
        }
        guard request.headers[.authorization] == "Bearer " + configuration.token else {
            return .error(401, message: "Invalid JWT", error: "Unauthorized")
        }
        guard request.headers[Self.versionHeader] == Self.apiVersion else {
            return .error(401, message: "version header is invalid", error: "Unauthorized")
        }
        let rateLimit = state.admit(at: clock.now)
        var reply: SimulatorReply
        if rateLimit.isLimited {
            reply = tooManyRequests(retryAfter: rateLimit.retryAfterSeconds)
        } else {
            let delay = state.drawDelay(latency: configuration.latency, jitter: configuration.latencyJitter)
            if delay > .zero {
                try await Task.sleep(for: delay)
            }
            let fault = state.drawFault(configuration.faults)
            reply = answer(contactID: contactID, fault: fault, rateLimit: rateLimit)
            reply.fault = fault
        }
        reply.rateLimit = rateLimit
        return reply
    }

    private func answer(
        contactID: String,
        fault: SimulatorState.Fault,
        rateLimit: RateLimitWindow.Status
    ) -> SimulatorReply {
        switch fault {
        case .none:
            break
        case .serverError(let status):
            let (message, error) =
                switch status {
                case 502: ("Bad Gateway", "Bad Gateway")
                case 503: ("Service Unavailable", "Service Unavailable")
                default: ("Internal server error", "Internal Server Error")
                }
            return .error(status, message: message, error: error)
        case .rateLimitBurst:
            let interval = Duration.milliseconds(rateLimit.intervalMilliseconds)
            return tooManyRequests(retryAfter: RateLimitWindow.wholeSecondsRoundedUp(interval))
        case .dropConnection:
            return SimulatorReply(status: 0, body: "", delivery: .dropConnection)
        case .truncatedBody(let fraction):
            let body = ContactGenerator.responseBody(id: contactID) ?? Self.minimalContactBody(contactID: contactID)
            let cut = max(1, min(body.utf8.count - 1, Int(Double(body.utf8.count) * fraction)))
            return SimulatorReply(status: 200, body: body, delivery: .truncated(afterBytes: cut))
        case .malformedBody(let variant):
            return Self.malformedReply(variant: variant, contactID: contactID)
        }
        if configuration.oversizeBodyIDs.contains(contactID) {
            return .oversize(
                contactID: contactID, bytes: configuration.oversizeBodyBytes,
                announcesLength: configuration.oversizeBodyAnnouncesLength
            )
        }
        if let body = ContactGenerator.responseBody(id: contactID) {
            return SimulatorReply(status: 200, body: body)
        }
        let (status, body) = ContactGenerator.missingResponse(id: contactID)
        return SimulatorReply(status: status, body: body)
    }

    /// A small contact body, cut short when a missing id draws the truncated-body fault.
    static func minimalContactBody(contactID: String) -> String {
        "{\"contact\":{\"id\":" + JSONValue.quoted(contactID) + ",\"locationId\":\"" + SampleData.locationID + "\"}}"
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
