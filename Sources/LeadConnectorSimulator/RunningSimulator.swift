/// A simulator that is up and listening.
package struct RunningSimulator: Sendable {
    /// The port it listens on.
    package let port: Int
    /// The base URL to point a client at.
    package var baseURL: String { "http://127.0.0.1:\(port)" }
    /// What it has seen so far.
    package let log: SimulatorLog
    /// The simulated location: its searchable contacts (mark some updated) and custom field definitions.
    package let location: SimulatorLocation
    /// Switches to flip while it runs (outages).
    package let controls: SimulatorControls

    init(port: Int, log: SimulatorLog, location: SimulatorLocation, controls: SimulatorControls) {
        (self.port, self.log) = (port, log)
        (self.location, self.controls) = (location, controls)
    }

    /// The `contact` object `GET /contacts/{id}` answers for an existing id, as it is now (a location contact
    /// carries its current `dateUpdated`); nil for ids that do not exist.
    package func contactJSON(id: String) -> String? {
        guard ContactGenerator.exists(id), !location.isDeleted(id) else { return nil }
        if let updated = location.dateUpdatedMilliseconds(of: id) {
            return ContactGenerator.contactJSON(id: id, dateUpdatedMilliseconds: updated)
        }
        return ContactGenerator.contactJSON(id: id)
    }
}
