import Synchronization

/// A cap on the requests in flight across every location of a run, shared fairly: when it is reached, the
/// locations waiting get the slots that free up in turn, one each, so one big location cannot starve the rest.
package final class RequestSlots: Sendable {
    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var inUse = 0
        /// Waiters by owner, and the owners in the order they get the next free slot.
        var queues: [Int: [Waiter]] = [:]
        var turns: [Int] = []
        var nextID: UInt64 = 0
        /// Waiters cancelled before they were queued.
        var cancelled: Set<UInt64> = []
    }

    /// Requests that may be in flight at once.
    package let capacity: Int
    private let state = Mutex(State())

    package init(capacity: Int) {
        self.capacity = max(capacity, 1)
    }

    /// Waits for a slot for `owner` (a location's number). Throws `CancellationError` when cancelled first.
    package func acquire(owner: Int) async throws {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                enum Decision { case granted, cancelled, queued }
                let decision = state.withLock { state -> Decision in
                    if state.cancelled.remove(id) != nil { return .cancelled }
                    if state.inUse < capacity, state.turns.isEmpty {
                        state.inUse += 1
                        return .granted
                    }
                    state.queues[owner, default: []].append(Waiter(id: id, continuation: continuation))
                    if !state.turns.contains(owner) { state.turns.append(owner) }
                    return .queued
                }
                switch decision {
                case .granted: continuation.resume()
                case .cancelled: continuation.resume(throwing: CancellationError())
                case .queued: break
                }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                for (owner, queue) in state.queues {
                    guard let index = queue.firstIndex(where: { $0.id == id }) else { continue }
                    var remaining = queue
                    let waiter = remaining.remove(at: index)
                    state.queues[owner] = remaining.isEmpty ? nil : remaining
                    if remaining.isEmpty { state.turns.removeAll { $0 == owner } }
                    return waiter
                }
                state.cancelled.insert(id)
                return nil
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Takes a slot for `owner` when one is free and nobody waits; false otherwise (nothing taken).
    package func tryAcquire(owner: Int) -> Bool {
        state.withLock { state in
            guard state.inUse < capacity, state.turns.isEmpty else { return false }
            state.inUse += 1
            return true
        }
    }

    /// Frees a slot: the next waiting owner in turn gets it.
    package func release() {
        let next = state.withLock { state -> Waiter? in
            guard !state.turns.isEmpty else {
                state.inUse -= 1
                return nil
            }
            let owner = state.turns.removeFirst()
            var queue = state.queues[owner] ?? []
            let waiter = queue.removeFirst()
            if queue.isEmpty {
                state.queues[owner] = nil
            } else {
                state.queues[owner] = queue
                state.turns.append(owner)
            }
            return waiter
        }
        next?.continuation.resume()
    }

    /// Slots taken now (for tests).
    package var inUse: Int { state.withLock { $0.inUse } }
}
