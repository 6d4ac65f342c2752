/// Exponential backoff with jitter between attempts at one id.
struct RetryPolicy: Sendable {
    let initial: Duration
    let maximum: Duration

    /// The pause before attempt `attempt + 1` (attempt counts from 1), given `unit` uniform in 0..<1:
    /// half the exponential step plus a random share of the other half ("equal jitter").
    func delay(afterAttempt attempt: Int, unit: Double) -> Duration {
        let exponent = min(max(attempt - 1, 0), 20)
        let step = min(initial * (1 << exponent), maximum)
        return step / 2 + step / 2 * unit
    }
}
