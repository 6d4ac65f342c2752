import ContactSync
import Synchronization
import Testing

/// The cap on requests in flight across locations, and its fairness.
struct RequestSlotsTests {
    @Test func neverMoreThanTheCapacityInFlightAndFreedSlotsGoToLocationsInTurn() async throws {
        let slots = RequestSlots(capacity: 2)
        let order = Recorded()
        try await slots.acquire(owner: 0)
        try await slots.acquire(owner: 0)
        #expect(slots.inUse == 2)
        await withThrowingTaskGroup(of: Void.self) { group in
            // Owner 0 queues three more, then owners 1 and 2 one each: they must not wait behind all of 0's.
            for owner in [0, 0, 0, 1, 2] {
                group.addTask {
                    try await slots.acquire(owner: owner)
                    order.append(owner)
                    slots.release()
                }
                try? await Task.sleep(for: .milliseconds(20))
            }
            slots.release()
            slots.release()
            try? await group.waitForAll()
        }
        #expect(order.values == [0, 1, 2, 0, 0], "one slot each in turn, not 0, 0, 0 first")
        #expect(slots.inUse == 0)
    }

    @Test func aCancelledWaiterLeavesTheQueue() async throws {
        let slots = RequestSlots(capacity: 1)
        try await slots.acquire(owner: 0)
        let outcome = Recorded()
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    try await slots.acquire(owner: 1)
                    outcome.append(1)
                } catch {
                    outcome.append(error is CancellationError ? -1 : -2)
                }
            }
            try? await Task.sleep(for: .milliseconds(20))
            group.cancelAll()
        }
        #expect(outcome.values == [-1], "the waiter was cancelled, not granted")
        slots.release()
        #expect(slots.inUse == 0, "the freed slot went to no one")
    }
}

/// Values appended from several tasks.
final class Recorded: Sendable {
    private let storage = Mutex<[Int]>([])

    var values: [Int] { storage.withLock { $0 } }

    func append(_ value: Int) { storage.withLock { $0.append(value) } }
}
