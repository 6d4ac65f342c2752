import Foundation

/// The API simulator (`ghl-simulator`, built beside `ghl-to-sqlite`) running as a child process on 127.0.0.1,
/// for the demo.
final class SimulatorProcess {
    private let process: Process
    /// Where it listens, e.g. `http://127.0.0.1:40123`.
    let baseURL: String

    /// The simulator executable: `$GHL_SIMULATOR`, else `ghl-simulator` in this executable's directory.
    static func executablePath() throws(CLIError) -> String {
        if let path = ProcessInfo.processInfo.environment["GHL_SIMULATOR"], !path.isEmpty { return path }
        let own = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        let path = URL(fileURLWithPath: own).deletingLastPathComponent().appendingPathComponent("ghl-simulator").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw .usage(
                "the demo runs the API simulator, and there is no \(path): build it with "
                    + "`swift build -c release --product ghl-simulator`, or set GHL_SIMULATOR to its path")
        }
        return path
    }

    /// Starts the simulator with `arguments`, accepting `token` (passed in its environment, never in argv), and
    /// waits until it says where it listens.
    init(arguments: [String], token: String) throws(CLIError) {
        let path = try Self.executablePath()
        process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["--port", "0"] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["GHL_ACCESS_TOKEN"] = token
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        do {
            try process.run()
        } catch {
            throw .aborted("cannot start the simulator \(path): \(error)")
        }
        // The first line it prints is `simulator listening on http://127.0.0.1:PORT`.
        var line: [UInt8] = []
        let descriptor = output.fileHandleForReading.fileDescriptor
        var byte: UInt8 = 0
        while line.count < 4096, read(descriptor, &byte, 1) == 1, byte != 0x0A { line.append(byte) }
        let text = String(decoding: line, as: UTF8.self)
        guard let start = text.range(of: "http://") else {
            process.terminate()
            process.waitUntilExit()
            throw .aborted("the simulator did not start (it printed: \(text.isEmpty ? "nothing" : text))")
        }
        baseURL = String(text[start.lowerBound...])
    }

    /// Stops the simulator (SIGTERM: it shuts down gracefully) and waits for it.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    deinit { stop() }
}
