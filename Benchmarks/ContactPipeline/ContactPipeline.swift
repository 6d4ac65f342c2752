import Benchmark
import ContactNormalization
import ContactStore
import Foundation
import HighLevelAPI
import LeadConnectorSimulator
import LosslessJSON

/// Per-contact costs of the three CPU stages of a sync, on realistic bodies from the simulator's generator
/// (a mix of sizes: typical 1-2.6 KB contacts and about 1 in 40 of 65-292 KB).
let benchmarks: @Sendable () -> Void = {
    let ids = ContactGenerator.ids(count: 2_000, seed: 2026).filter(ContactGenerator.exists)
    let bodies = ids.map { Array(ContactGenerator.responseBody(id: $0)!.utf8) }
    let contactIDs = ids.map { ContactID($0)! }
    let responses = zip(bodies, contactIDs).map { try! ContactResponse(body: $0, expectedID: $1) }
    let normalized = responses.map { ContactNormalizer.normalize(contact: try! $0.contact, rawJSON: $0.rawJSON) }
    let averageBytes = bodies.reduce(0) { $0 + $1.count } / bodies.count

    let metrics: [BenchmarkMetric] = [.wallClock, .cpuTotal, .mallocCountTotal, .throughput, .peakMemoryResident]
    Benchmark.defaultConfiguration = .init(metrics: metrics, scalingFactor: .kilo, maxDuration: .seconds(5))

    Benchmark("decode body -> ContactResponse (avg \(averageBytes) B)") { benchmark in
        for index in benchmark.scaledIterations {
            let slot = index % bodies.count
            blackHole(try ContactResponse(body: bodies[slot], expectedID: contactIDs[slot]))
        }
    }

    Benchmark("normalize ContactResponse -> rows") { benchmark in
        for index in benchmark.scaledIterations {
            let response = responses[index % responses.count]
            blackHole(ContactNormalizer.normalize(contact: try! response.contact, rawJSON: response.rawJSON))
        }
    }

    Benchmark("write to SQLite, 500 contacts per transaction", configuration: .init(metrics: metrics, scalingFactor: .kilo, maxDuration: .seconds(5))) { benchmark in
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ghl-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try ContactStore(path: directory.appendingPathComponent("bench.sqlite").path)
        let run = try store.beginRun()
        benchmark.startMeasurement()
        var batch: [NormalizedContact] = []
        batch.reserveCapacity(500)
        for index in benchmark.scaledIterations {
            // A fresh id per iteration so every write is an insert with its child rows, as in a first sync.
            var contact = normalized[index % normalized.count]
            contact.contact.id = "bench\(index)"
            batch.append(contact)
            if batch.count == 500 {
                try store.save(batch, failures: [], runID: run, counters: RunCounters())
                batch.removeAll(keepingCapacity: true)
            }
        }
        try store.save(batch, failures: [], runID: run, counters: RunCounters())
        benchmark.stopMeasurement()
    }
}
