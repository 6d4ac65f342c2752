/// How many of a location's stored contacts one full listing may leave out before the run refuses to believe
/// they were all deleted (a listing cut short by the API would otherwise mark live contacts deleted).
///
/// Marking is allowed while the contacts left out are at most ``maximumShare`` of the location's live stored
/// contacts, or at most ``alwaysAllowed`` of them (a small location losing a few contacts is not suspicious).
package struct DeletionGuard: Sendable, Equatable, CustomStringConvertible {
    /// The share of live contacts one run may mark deleted.
    package var maximumShare = 0.10
    /// However many live contacts there are, this many may always be marked.
    package var alwaysAllowed = 10

    package init() {}

    /// Whether marking `candidates` of `live` contacts is believable.
    package func allows(_ candidates: Int, of live: Int) -> Bool {
        candidates <= alwaysAllowed || Double(candidates) <= Double(live) * maximumShare
    }

    package var description: String {
        "\(Int((maximumShare * 100).rounded())) % of them (or \(alwaysAllowed) contacts)"
    }
}
