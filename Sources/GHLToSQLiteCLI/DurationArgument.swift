import ArgumentParser

/// A duration on the command line: seconds (`900`), or a number with `s`, `m` or `h` (`90s`, `15m`, `1h`).
struct DurationArgument: ExpressibleByArgument, Sendable, CustomStringConvertible {
    let duration: Duration
    private let text: String

    init?(argument: String) {
        let units: [(suffix: String, seconds: Double)] = [("h", 3600), ("m", 60), ("s", 1)]
        var number = Substring(argument)
        var scale = 1.0
        if let unit = units.first(where: { argument.hasSuffix($0.suffix) }) {
            number = number.dropLast()
            scale = unit.seconds
        }
        guard let value = Double(number), value.isFinite, value >= 0, value * scale <= 7 * 86_400 else { return nil }
        duration = .milliseconds(Int64((value * scale * 1000).rounded()))
        text = argument
    }

    init(_ duration: Duration, text: String) {
        self.duration = duration
        self.text = text
    }

    var description: String { text }
    var defaultValueDescription: String { text }
}
