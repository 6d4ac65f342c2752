import Foundation

/// Which contacts of a location a run asks for.
public enum ChangedSince: Sendable, Equatable {
    /// Every contact.
    case all
    /// Those updated since the start of the latest succeeded whole-location run for the location (every contact
    /// when there is none).
    case lastSuccessfulRun
    /// Those updated at or after this time (ISO-8601 UTC with milliseconds).
    case time(String)

    /// Parses `--changed-since`: `last`, or an ISO-8601 date-time with a zone (`2026-11-01T00:00:00Z`,
    /// `2026-11-01T00:00:00.5+01:00`) or a plain date (`2026-11-01`, midnight UTC). Nil for anything else.
    public init?(parsing text: String) {
        if text == "last" {
            self = .lastSuccessfulRun
            return
        }
        let styles: [Date.ISO8601FormatStyle] = [
            Date.ISO8601FormatStyle(includingFractionalSeconds: true),
            Date.ISO8601FormatStyle(),
            Date.ISO8601FormatStyle().year().month().day(),
        ]
        for style in styles {
            if let date = try? style.parse(text) {
                self = .time(Self.format(date))
                return
            }
        }
        return nil
    }

    /// ISO-8601 UTC with milliseconds, the format the store writes times in.
    static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
