package import LosslessJSON

/// Which contacts of a location a run asks for.
package enum ChangedSince: Sendable, Equatable {
    /// Every contact.
    case all
    /// Those updated since the start of the latest succeeded whole-location run for the location (every contact
    /// when there is none).
    case lastSuccessfulRun
    /// Those updated at or after this time.
    case time(Timestamp)

    /// Parses `--changed-since`: `last`, or an ISO-8601 date-time with a zone (`2026-11-01T00:00:00Z`,
    /// `2026-11-01T00:00:00.5+01:00`) or a plain date (`2026-11-01`, midnight UTC). Nil for anything else.
    package init?(parsing text: String) {
        if text == "last" {
            self = .lastSuccessfulRun
        } else if let time = Timestamp(iso8601: text) {
            self = .time(time)
        } else {
            return nil
        }
    }
}
