import ContactSync
import GHLToSQLiteCLI
import LosslessJSON
import TestSupport
import Testing

@Suite struct ProgressRendererTests {
    static func snapshot(total: Int?, synced: Int, failed: Int = 0, skipped: Int = 0) -> SyncProgress.Snapshot {
        var snapshot = SyncProgress.Snapshot(total: total)
        snapshot.fetched = synced
        snapshot.counters.contactsSynced = synced
        snapshot.counters.failures = failed
        snapshot.skipped = skipped
        snapshot.counters.retries = 7
        snapshot.counters.rateLimited = 2
        snapshot.limiterWait = .milliseconds(12_340)
        return snapshot
    }

    @Test func rateCountsCommittedAndFailedIdsOverElapsedTime() {
        let snapshot = Self.snapshot(total: 1000, synced: 90, failed: 10, skipped: 50)
        #expect(ProgressRenderer.rate(snapshot, elapsed: .seconds(4)) == 25)
        #expect(snapshot.done == 150)
    }

    @Test func etaIsTheRemainingLinesAtTheRunsRate() {
        // 150 of 1000 done, 100 processed in 4 s: 25/s, 850 left: 34 s.
        let snapshot = Self.snapshot(total: 1000, synced: 90, failed: 10, skipped: 50)
        #expect(ProgressRenderer.remaining(snapshot, elapsed: .seconds(4)) == .seconds(34))
        let text = ProgressRenderer().text(snapshot, elapsed: .seconds(4))
        #expect(text == "150/1000 (15%) 25.0/s ETA 34s, 10 failed, 7 retries, 2 rate-limited, limiter wait 12.3s")
    }

    @Test func longEtasReadAsMinutesAndHours() {
        let snapshot = Self.snapshot(total: 100_000, synced: 10)
        #expect(ProgressRenderer().text(snapshot, elapsed: .seconds(1)).contains("ETA 2h46m"))
        let minutes = Self.snapshot(total: 2000, synced: 10)
        #expect(ProgressRenderer().text(minutes, elapsed: .seconds(1)).contains("ETA 3m19s"))
    }

    @Test func zeroElapsedTimeHasNoRateAndNoETA() {
        let snapshot = Self.snapshot(total: 400, synced: 0)
        #expect(ProgressRenderer.rate(snapshot, elapsed: .zero) == 0)
        #expect(ProgressRenderer.remaining(snapshot, elapsed: .zero) == nil)
        #expect(ProgressRenderer().text(snapshot, elapsed: .zero).hasPrefix("0/400 (0%) 0.0/s ETA ?,"))
        let metadata = ProgressRenderer.metadata(snapshot, elapsed: .zero)
        #expect(metadata["eta_seconds"] == nil)
        #expect(metadata["rate_per_second"] == "0.0")
    }

    @Test func withoutATotalOnlyDoneIsShown() {
        let snapshot = Self.snapshot(total: nil, synced: 30, failed: 2)
        let text = ProgressRenderer().text(snapshot, elapsed: .seconds(2))
        #expect(text == "32 done 16.0/s, 2 failed, 7 retries, 2 rate-limited, limiter wait 12.3s")
        #expect(!text.contains("ETA"))
        #expect(ProgressRenderer.metadata(snapshot, elapsed: .seconds(2))["total"] == nil)
    }

    @Test func aFinishedRunHasNothingLeft() {
        let snapshot = Self.snapshot(total: 100, synced: 95, failed: 5)
        #expect(ProgressRenderer.remaining(snapshot, elapsed: .seconds(10)) == .zero)
        #expect(ProgressRenderer().text(snapshot, elapsed: .seconds(10)).hasPrefix("100/100 (100%) 10.0/s ETA 0s"))
    }

    @Test func theTerminalLineRedrawsInPlaceAndFitsTheWidth() {
        let snapshot = Self.snapshot(total: 1000, synced: 90, failed: 10, skipped: 50)
        let full = ProgressRenderer().text(snapshot, elapsed: .seconds(4))
        #expect(ProgressRenderer().terminalLine(snapshot, elapsed: .seconds(4)) == "\r" + full + "\u{1B}[K")
        let narrow = ProgressRenderer(width: 20).terminalLine(snapshot, elapsed: .seconds(4))
        #expect(narrow == "\r150/1000 (15%) 25.0\u{1B}[K", "cut to one column less than the width")
        let wide = ProgressRenderer(width: 500).terminalLine(snapshot, elapsed: .seconds(4))
        #expect(wide == "\r" + full + "\u{1B}[K")
    }

    @Test func logMetadataCarriesTheSameFigures() {
        let snapshot = Self.snapshot(total: 1000, synced: 90, failed: 10, skipped: 50)
        let metadata = ProgressRenderer.metadata(snapshot, elapsed: .seconds(4))
        #expect(metadata["done"] == "150")
        #expect(metadata["total"] == "1000")
        #expect(metadata["failed"] == "10")
        #expect(metadata["retries"] == "7")
        #expect(metadata["rate_limited"] == "2")
        #expect(metadata["rate_per_second"] == "25.0")
        #expect(metadata["eta_seconds"] == "34")
        #expect(metadata["limiter_wait_seconds"] == "12.3")
        #expect(ProgressRenderer().logMessage(snapshot, elapsed: .seconds(4)).description.hasPrefix("progress 150/1000 (15%)"))
    }

    @Test func progressCountsATotalSetLater() {
        let progress = SyncProgress()
        #expect(progress.snapshot().total == nil)
        progress.setTotal(42)
        #expect(progress.snapshot().total == 42)
        progress.setTotal(nil)
        #expect(progress.snapshot().total == nil)
    }
}
