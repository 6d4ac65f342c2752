import ContactStore
import ContactSync
import LosslessJSON

extension AgencySummary: RunReport {
    /// `run 5 partial: 50 locations (47 succeeded, 1 partial, 2 aborted); 9400 ids, …; 9512 requests, …`.
    package var line: String {
        var counts: [String] = []
        for status in [RunStatus.succeeded, .partial, .aborted, .interrupted, .running] {
            let count = parts.filter { $0.status == status }.count
            if count > 0 { counts.append("\(count) \(status.rawValue)") }
        }
        var text = "run \(runID) \(status.rawValue): \(parts.count) locations (\(counts.joined(separator: ", "))); "
        text += SyncSummary.figures(run) + "; " + SyncSummary.pace(thisInvocation, elapsed: elapsed)
        if let message { text += "; \(message)" }
        return text
    }

    /// One line per location: id, status, its figures, its label, and why it did not succeed.
    var detailLines: [String] {
        parts.map { part in
            var text = "  \(part.locationID) \(part.status.rawValue): " + SyncSummary.figures(part.counters)
            if let name = part.name { text += " — \(name)" }
            if let message = part.message { text += "; \(message)" }
            return text
        }
    }

    /// The summary as one JSON object: the run's figures as for one location, and `locations`, an entry per
    /// location with its status, figures, watermark and message.
    func json(started: Timestamp, finished: Timestamp) -> String {
        var members = SyncSummary.jsonMembers(
            runID: runID, status: status, exitCode: exitCode, run: run, thisInvocation: thisInvocation,
            elapsed: elapsed, message: message, started: started, finished: finished)
        members["locations"] = .array(parts.map { part in
            .sortedObject([
                "location_id": .string(part.locationID), "name": .text(part.name), "status": .string(part.status.rawValue),
                "counters": SyncSummary.json(part.counters), "changed_since": .text(part.changedSince),
                "message": .text(part.message),
            ])
        })
        return JSONValue.sortedObject(members).jsonText
    }

    func writeJSON(toFile path: String, started: Timestamp, finished: Timestamp) throws(CLIError) {
        try SyncSummary.write(json(started: started, finished: finished), toFile: path)
    }
}
