import Hummingbird

/// Answers requests the way `GET https://services.leadconnectorhq.com/contacts/{contactId}`,
/// `POST /contacts/search` and `GET /locations/{locationId}/customFields` do.
///
/// Checks run in this order: route, revoked token, bearer token, `Version` header, rate limits, then latency
/// and injected faults, and finally the endpoint's own answer (the contact lookup or the oversize body configured
/// for the id; the search page; the field definitions). Every answer carries the `X-RateLimit-*` headers; answers
/// given before the rate-limit check report the limits without counting the request. Every endpoint shares the
/// same limits, faults and hits log.
struct SimulatorResponder: HTTPResponder {
    typealias Context = SimulatorRequestContext

    static let apiVersion = "2021-07-28"
    static let versionHeader = HTTPFields.Element.Name("Version")!
    /// The largest search request body read.
    static let maximumRequestBodyBytes = 64 * 1024

    let configuration: SimulatorConfiguration
    let state: SimulatorState
    let world: SimulatorWorld
    let log: SimulatorLog
    let hitsLog: SimulatorHitsLog?
    let controls: SimulatorControls
    let clock = ContinuousClock()

    func respond(to request: Request, context: Context) async throws -> Response {
        let route = SimulatorRoute(request)
        var contactID: String?
        if case .contact(let id)? = route { contactID = id }
        let sequenceNumber = log.recordRequest(path: request.head.path ?? request.uri.description, contactID: contactID)
        if let touchAfter = configuration.touchAfterRequests, sequenceNumber > touchAfter {
            world.defaultLocation.touchOnce(count: configuration.touchCount)
        }
        if let outageAfter = configuration.outageAfterRequests, sequenceNumber == outageAfter + 1 {
            controls.setOutage(configuration.outageMode, for: configuration.outageDuration)
        }
        var body: [UInt8] = []
        if route?.hasBody == true {
            var request = request
            var buffer = try await request.collectBody(upTo: Self.maximumRequestBodyBytes)
            body = buffer.readBytes(length: buffer.readableBytes) ?? []
        }
        let reply = try await decide(request, route: route, body: body, sequenceNumber: sequenceNumber)
        log.recordResponse(status: reply.loggedStatus)
        if let route {
            hitsLog?.append(contactID: route.hitsLogKey, status: reply.loggedStatus, fault: reply.fault.logName)
        }
        if case .dropConnection = reply.delivery {
            context.closeConnection()
        }
        return reply.response(rateLimit: reply.rateLimit ?? state.peek(at: clock.now))
    }

    /// The answer; it carries rate-limit figures only once the request has been counted against the limits.
    private func decide(
        _ request: Request, route: SimulatorRoute?, body: [UInt8], sequenceNumber: Int
    ) async throws -> SimulatorReply {
        guard let route else {
            return .error(404, message: "Cannot \(request.method.rawValue) \(request.uri.path)", error: "Not Found")
        }
        switch controls.outage(at: clock.now) {
        case .unavailable?:
            var reply = SimulatorReply.error(503, message: "Service Unavailable", error: "Service Unavailable")
            reply.fault = .outage
            return reply
        case .closeConnections?:
            return SimulatorReply(status: 0, body: "", delivery: .dropConnection, fault: .outage)
        case nil:
            break
        }
        if let revokeAfter = configuration.revokeTokenAfter, sequenceNumber > revokeAfter {
            return .error(401, message: "Invalid token: access token is invalid", error: "Unauthorized")
        }
        let resource: String
        switch authorize(route, bearer: request.headers[.authorization], body: body) {
        case .success(let granted): resource = granted
        case .failure(let refusal):
            var reply = refusal.reply
            if let resource = refusal.countsAgainst { reply.rateLimit = state.admit(resource: resource, at: clock.now) }
            return reply
        }
        guard route == .oauthToken || request.headers[Self.versionHeader] == Self.apiVersion else {
            return .error(401, message: "version header is invalid", error: "Unauthorized")
        }
        let rateLimit = state.admit(resource: resource, at: clock.now)
        var reply: SimulatorReply
        if rateLimit.isLimited {
            reply = tooManyRequests(retryAfter: rateLimit.retryAfterSeconds)
        } else {
            // The configured latency is the response time a client sees: the answer is computed first and
            // only the rest of the delay is slept, so generating a large body does not lengthen it.
            let delay = state.drawDelay(latency: configuration.latency, jitter: configuration.latencyJitter)
            let deadline = clock.now.advanced(by: delay)
            let fault = state.drawFault(configuration.faults)
            switch route {
            case .contact(let contactID):
                reply = answer(contactID: contactID, fault: fault, rateLimit: rateLimit)
            case .search:
                reply = faultReply(fault, rateLimit: rateLimit, key: "search") ?? searchReply(body: body)
            case .customFields(let locationID, let model):
                reply =
                    faultReply(fault, rateLimit: rateLimit, key: locationID)
                    ?? customFieldsReply(locationID: locationID, model: model)
            case .oauthToken, .locationToken, .installedLocations:
                reply = oauthReply(route, body: body)
            }
            reply.fault = fault
            if delay > .zero {
                try await Task.sleep(until: deadline, clock: clock)
            }
        }
        reply.rateLimit = rateLimit
        return reply
    }

    /// The reply an injected fault calls for at a list endpoint; nil for none.
    private func faultReply(_ fault: SimulatorState.Fault, rateLimit: RateLimitWindow.Status, key: String) -> SimulatorReply? {
        switch fault {
        case .none:
            return nil
        case .truncatedBody(let fraction):
            let body = "{\"contacts\":[],\"total\":0,\"traceId\":\"" + ContactGenerator.traceID(for: key) + "\"}"
            let cut = max(1, min(body.utf8.count - 1, Int(Double(body.utf8.count) * fraction)))
            return SimulatorReply(status: 200, body: body, delivery: .truncated(afterBytes: cut))
        default:
            return answer(contactID: key, fault: fault, rateLimit: rateLimit)
        }
    }

    private func answer(
        contactID: String,
        fault: SimulatorState.Fault,
        rateLimit: RateLimitWindow.Status
    ) -> SimulatorReply {
        switch fault {
        case .none, .outage:
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
        let location = world.location(ofContact: contactID)
        if location.isDeleted(contactID) {
            let message = JSONValue.quoted("Contact with id \(contactID) not found")
            return SimulatorReply(status: 400, body: #"{"statusCode":400,"message":"# + message + #","error":"Bad Request"}"#)
        }
        if let updated = location.dateUpdatedMilliseconds(of: contactID),
            let body = ContactGenerator.responseBody(id: contactID, dateUpdatedMilliseconds: updated, locationID: location.id)
        {
            return SimulatorReply(status: 200, body: body)
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
}
