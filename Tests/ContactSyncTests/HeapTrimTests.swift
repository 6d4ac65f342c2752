import CHeapTrim
import ContactSync
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
import LosslessJSON
import TestSupport

/// The writer's `malloc_trim` call must really be compiled in on glibc (an earlier C header's guard made it an
/// empty function) and must give back free pages between live allocations, which glibc alone never does.
struct HeapTrimTests {
    @Test func trimIsCompiledInOnGlibc() {
        #expect(ghl_heap_trim_supported() == 1)
    }

    @Test func trimReturnsFreePagesBetweenLiveAllocations() throws {
        // 24 MiB in 64 KiB blocks (under glibc's mmap threshold, so they come from this thread's arena), each
        // written so its pages are resident; every 16th stays live, so freeing the others leaves 960 KiB holes
        // between live blocks, which glibc never gives back by itself.
        let blockSize = 64 * 1024
        var live: [UnsafeMutableRawPointer] = []
        var freed: [UnsafeMutableRawPointer] = []
        for index in 0..<384 {
            let block = try #require(malloc(blockSize))
            memset(block, 0x5A, blockSize)
            if index % 16 == 15 { live.append(block) } else { freed.append(block) }
        }
        defer { for block in live { free(block) } }
        for block in freed { free(block) }

        let before = try Self.residentAnonymousKiB()
        #expect(ghl_trim_heap() == 1)
        let after = try Self.residentAnonymousKiB()
        // Other tests run alongside and allocate too; 22.5 MiB freed leaves ample margin over 12.
        #expect(before - after >= 12 * 1024, "RssAnon \(before) → \(after) KiB")
    }

    private static func residentAnonymousKiB() throws -> Int {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("RssAnon:") })
        return try #require(Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]))
    }
}
#endif

/// The writer trims before its first commit, then once per interval of contact JSON, not before every batch.
struct HeapTrimScheduleTests {
    @Test func trimsFirstThenOncePerInterval() {
        var schedule = HeapTrimSchedule(interval: 100)
        #expect(schedule.commits(bytes: 40) == true, "the first commit trims")
        #expect(schedule.commits(bytes: 40) == false)  // 40 since the trim
        #expect(schedule.commits(bytes: 19) == false)  // 80
        #expect(schedule.commits(bytes: 30) == false)  // 99, still under
        #expect(schedule.commits(bytes: 5) == true, "129 committed since the last trim")
        #expect(schedule.commits(bytes: 0) == false, "the count starts again with the batch committed after it")
    }

    @Test func aBatchLargerThanTheIntervalTrimsBeforeTheNextOne() {
        var schedule = HeapTrimSchedule(interval: 100)
        _ = schedule.commits(bytes: 0)
        #expect(schedule.commits(bytes: 500) == false)
        #expect(schedule.commits(bytes: 1) == true)
        #expect(HeapTrimSchedule().interval == 16 << 20)
    }
}
