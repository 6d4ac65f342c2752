package import HighLevelAPI

/// How one paced, retried call ended.
package enum CallOutcome<Value: Sendable>: Sendable {
    /// The API answered 2xx with a usable body.
    case success(Value)
    /// 401/403: every later request would fail too; the run must stop.
    case fatal(HighLevelAPIError)
    /// The day's request quota is used up; nothing was (or will be) sent.
    case quotaExhausted
    /// The task was cancelled (a signal); the call may be repeated by a later run.
    case cancelled
    /// Still failing after the last attempt, or failing in a way retrying does not help: the last error.
    case gaveUp(HighLevelAPIError)
    /// The API as a whole stopped answering for longer than the outage timeout; this call is not to blame.
    case unavailable(OutageGivenUp)

    /// The same outcome with a success's value transformed.
    package func map<Other: Sendable>(_ transform: (Value) -> Other) -> CallOutcome<Other> {
        switch self {
        case .success(let value): .success(transform(value))
        case .fatal(let error): .fatal(error)
        case .quotaExhausted: .quotaExhausted
        case .cancelled: .cancelled
        case .gaveUp(let error): .gaveUp(error)
        case .unavailable(let outage): .unavailable(outage)
        }
    }
}

/// A call's outcome and how many requests it took. A named struct (never a tuple): Swift 6.3.1 `-O`
/// miscompiles task-group results that are tuples built around an `await` (see TOOLCHAIN-NOTES).
package struct CallResult<Value: Sendable>: Sendable {
    package let outcome: CallOutcome<Value>
    /// Requests sent for this call, retries included (0 when none was sent).
    package let attempts: Int
}

/// The one path every request takes: wait while the API is down (``OutageGate``), wait for the rate limiter's
/// permit, send, tell the limiter and the gate what the answer said, classify it, and back off and try again
/// while that can help.
///
/// Requests, retries, 429s and the time spent waiting for permits are counted in ``SyncProgress`` as they
/// happen: progress and the run's summary read the same counters. 429s hold every worker in the limiter;
/// other retryable errors (5xx, 408, timeouts, dropped connections, unusable bodies) back off per call with
/// exponential backoff and jitter. Attempts that fail while an outage is declared do not use up the call's
/// attempts: the gate holds it and probes, and gives up for the whole run after the outage timeout.
package struct PacedCall<C: Clock>: Sendable where C.Duration == Duration {
    let limiter: RateLimiter<C>
    let gate: OutageGate<C>
    /// The run's cap on requests in flight, and whose requests these are (a run over many locations).
    let slots: (slots: RequestSlots, owner: Int)?
    let retryPolicy: RetryPolicy
    let maximumAttempts: Int
    let clock: C
    let progress: SyncProgress

    /// A call pacing with `limiter`, held by `gate` during outages, and retrying as `configuration` says,
    /// counting into `progress`.
    package init(
        limiter: RateLimiter<C>, gate: OutageGate<C>, slots: (slots: RequestSlots, owner: Int)? = nil,
        configuration: SyncConfiguration, clock: C, progress: SyncProgress
    ) {
        self.limiter = limiter
        self.gate = gate
        self.slots = slots
        retryPolicy = RetryPolicy(initial: configuration.initialBackoff, maximum: configuration.maximumBackoff)
        maximumAttempts = max(configuration.maximumAttempts, 1)
        self.clock = clock
        self.progress = progress
    }

    /// Sends `request` until it succeeds, fails for good, or the run must stop. A 401 is sent again (twice at
    /// most) when `tokens` can renew the token it carried (an expired minted token).
    package func perform<Value: Sendable>(
        renewing tokens: (any AccessTokenSource)? = nil, _ request: () async -> APIExchange<Value>
    ) async -> CallResult<Value> {
        let call = gate.newCall()
        var attempts = 0
        var failed = 0
        var renewals = 0
        func result(_ outcome: CallOutcome<Value>) -> CallResult<Value> {
            CallResult(outcome: outcome, attempts: attempts)
        }
        while true {
            let asked = clock.now
            let sentAt: Duration
            do {
                try await gate.admit(call: call)
                sentAt = try await limiter.waitForPermit()
            } catch let outage as OutageGivenUp {
                return result(.unavailable(outage))
            } catch is DailyQuotaExhausted {
                gate.abandon(call: call)
                return result(.quotaExhausted)
            } catch {
                gate.abandon(call: call)
                return result(.cancelled)
            }
            progress.addLimiterWait(asked.duration(to: clock.now))
            if let slots {
                do {
                    try await slots.slots.acquire(owner: slots.owner)
                } catch {
                    gate.abandon(call: call)
                    return result(.cancelled)
                }
            }
            let exchange = await request()
            slots?.slots.release()
            attempts += 1
            let isRateLimited = exchange.httpStatus == 429
            progress.addRequest(isRetry: attempts > 1, isRateLimited: isRateLimited)
            await limiter.record(status: exchange.httpStatus, headers: exchange.rateLimit, sentAt: sentAt)
            let error: HighLevelAPIError
            switch exchange.result {
            case .success(let value):
                gate.record(call: call, error: nil)
                return result(.success(value))
            case .failure(let failure):
                error = failure
            }
            if error == .transport(.cancelled) || Task.isCancelled {
                gate.abandon(call: call)
                return result(.cancelled)
            }
            let isOutage = gate.record(call: call, error: error)
            if isOutage, OutageState.isEvidence(error) { continue }
            if error.httpStatus == 401, renewals < 2, let tokens, let token = exchange.token, await tokens.renew(after: token) {
                renewals += 1
                continue
            }
            if error.isFatalForRun { return result(.fatal(error)) }
            failed += 1
            guard error.isRetryable, failed < maximumAttempts else { return result(.gaveUp(error)) }
            if !isRateLimited {
                // A 429 already holds every worker in the limiter; other errors back off per call.
                let delay = retryPolicy.delay(afterAttempt: failed, unit: Double.random(in: 0..<1))
                do {
                    try await clock.sleep(for: delay, tolerance: nil)
                } catch {
                    return result(.cancelled)
                }
            }
        }
    }
}
