/// A simulator that is up and listening.
package struct RunningSimulator: Sendable {
    /// The port it listens on.
    package let port: Int
    /// The base URL to point a client at.
    package var baseURL: String { "http://127.0.0.1:\(port)" }
    /// What it has seen so far.
    package let log: SimulatorLog
    /// Every location, the tokens, the agency.
    package let world: SimulatorWorld
    /// Switches to flip while it runs (outages).
    package let controls: SimulatorControls

    /// The default location: its searchable contacts (mark some updated) and custom field definitions.
    package var location: SimulatorLocation { world.defaultLocation }

    init(port: Int, log: SimulatorLog, world: SimulatorWorld, controls: SimulatorControls) {
        (self.port, self.log) = (port, log)
        (self.world, self.controls) = (world, controls)
    }

    /// The `contact` object `GET /contacts/{id}` answers for an existing id, as it is now (a location contact
    /// carries its current `dateUpdated`); nil for ids that do not exist.
    package func contactJSON(id: String) -> String? {
        let location = world.location(ofContact: id)
        guard ContactGenerator.exists(id), !location.isDeleted(id) else { return nil }
        return location.contactJSON(id: id) ?? ContactGenerator.contactJSON(id: id)
    }
}
