import ContactNormalization
import ContactStore
import HighLevelAPI

/// Fetches and normalizes one id with retries, paced by the shared limiter. Never touches the database.
struct ContactFetcher<C: Clock>: Sendable where C.Duration == Duration {
    let client: HighLevelClient
    let limiter: RateLimiter<C>
    let retryPolicy: RetryPolicy
    let maximumAttempts: Int
    let clock: C
    /// Receives the time spent waiting for each permit.
    let progress: SyncProgress

    func fetch(_ id: ContactID, line: Int) async -> FetchOutcome {
        var requests = 0
        var rateLimited = 0
        var lastError: HighLevelAPIError?
        func outcome(_ kind: FetchOutcome.Kind) -> FetchOutcome {
            FetchOutcome(id: id, line: line, kind: kind, requests: requests, rateLimited: rateLimited)
        }
        for attempt in 1...maximumAttempts {
            let sentAt: Duration
            let asked = clock.now
            do {
                sentAt = try await limiter.waitForPermit()
                progress.addLimiterWait(asked.duration(to: clock.now))
            } catch is DailyQuotaExhausted {
                return outcome(.quotaExhausted)
            } catch {
                return outcome(.cancelled)
            }
            let fetch = await client.fetchContact(id: id)
            requests += 1
            progress.addRequest(isRetry: attempt > 1, isRateLimited: fetch.result.isRateLimited)
            await limiter.record(status: fetch.result.httpStatus, headers: fetch.rateLimit, sentAt: sentAt)
            switch fetch.result {
            case .success(let response):
                let normalized = ContactNormalizer.normalize(response)
                progress.addFetched()
                return outcome(.fetched(normalized))
            case .failure(let error):
                if error.isRateLimited { rateLimited += 1 }
                if error == .transport(.cancelled) || Task.isCancelled { return outcome(.cancelled) }
                if error.isFatalForRun { return outcome(.fatal(error)) }
                lastError = error
                guard error.isRetryable, attempt < maximumAttempts else { break }
                if !error.isRateLimited {
                    // A 429 already holds every worker in the limiter; other errors back off per id.
                    let delay = retryPolicy.delay(afterAttempt: attempt, unit: Double.random(in: 0..<1))
                    do {
                        try await clock.sleep(for: delay, tolerance: nil)
                    } catch {
                        return outcome(.cancelled)
                    }
                }
                continue
            }
            break
        }
        guard let error = lastError else { return outcome(.cancelled) }
        let reason: String
        if !error.isRetryable {
            reason = error.failureReason
        } else if case .undecodable = error {
            reason = "undecodable"
        } else {
            reason = "retries_exhausted"
        }
        let record = FailureRecord(
            contactID: id.rawValue, reason: reason, httpStatus: error.httpStatus, message: error.description,
            traceID: error.traceID, attempts: requests, lineNumber: line
        )
        return outcome(.failed(record))
    }
}

extension Result where Failure == HighLevelAPIError {
    /// Whether the answer was a 429.
    var isRateLimited: Bool {
        if case .failure(let error) = self { return error.isRateLimited }
        return false
    }

    /// The HTTP status of the response, when there was one.
    var httpStatus: Int? {
        switch self {
        case .success: 200
        case .failure(let error): error.httpStatus
        }
    }
}
