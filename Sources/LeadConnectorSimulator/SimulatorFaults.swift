/// Probabilities 0...1, each drawn per request (after auth and rate limit checks pass).
///
/// One uniform number is drawn per request and compared with the cumulative probabilities in declaration
/// order, so each fault happens with exactly its probability as long as they add up to at most 1.
package struct SimulatorFaults: Sendable, Equatable {
    /// Answer 500, 502 or 503 with a JSON error body.
    package var serverError = 0.0
    /// Answer 429 although the window has budget (like real "429 below the limit").
    package var rateLimitBurst = 0.0
    /// Close the connection without sending any response.
    package var dropConnection = 0.0
    /// Send a 200 head with the full `Content-Length`, part of the body, then close the connection.
    package var truncatedBody = 0.0
    /// A complete 200 response whose body is not valid JSON.
    package var malformedBody = 0.0

    /// Faults with the given probabilities (0 by default).
    package init(
        serverError: Double = 0, rateLimitBurst: Double = 0, dropConnection: Double = 0, truncatedBody: Double = 0,
        malformedBody: Double = 0
    ) {
        (self.serverError, self.rateLimitBurst, self.dropConnection) = (serverError, rateLimitBurst, dropConnection)
        (self.truncatedBody, self.malformedBody) = (truncatedBody, malformedBody)
    }
}
