@testable import GHLToSQLiteCLI
import HighLevelAPI
import TestSupport
import Testing

/// The config file of a run over many locations: what it accepts, and how it refuses the rest.
struct SyncConfigFileTests {
    static func load(_ text: String) throws -> SyncConfigFile {
        let directory = try TemporaryDirectory()
        return try withExtendedLifetime(directory) {
            try SyncConfigFile.load(path: try directory.write("ghl-to-sqlite.toml", lines: [text]))
        }
    }

    @Test func locationsWithTokenFilesEnvironmentVariablesOrTheAgency() throws {
        let config = try Self.load("""
            [agency]
            company_id = "Company1"
            credentials_file = "agency.json"

            [[locations]]
            id = "LocationA"
            name = "Main Street Dental"
            token_file = "tokens/a.token"

            [[locations]]
            id = "LocationB"
            token_env = "GHL_TOKEN_B"

            [[locations]]
            id = "LocationC"
            """)
        #expect(config.locations.map(\.id.rawValue) == ["LocationA", "LocationB", "LocationC"])
        #expect(config.locations[0].name == "Main Street Dental")
        guard case .file(let path) = config.locations[0].token else { Issue.record("expected a token file"); return }
        #expect(path.hasSuffix("/tokens/a.token") && path.hasPrefix("/"), "relative to the config file: \(path)")
        #expect(config.locations[1].token == .environment("GHL_TOKEN_B"))
        #expect(config.locations[2].token == .agency)
        #expect(config.agency?.companyID == "Company1")
        #expect(config.agency?.credentialsFile.hasSuffix("/agency.json") == true)
        #expect(config.agency?.installedLocations == false)
    }

    @Test(arguments: [
        ("[[locations]]\nid = \"A1\"\ntokenfile = \"x\"", "unknown key tokenfile"),
        ("[[locations]]\nid = \"../x\"\ntoken_file = \"x\"", "needs an id"),
        ("[[locations]]\nid = \"A1\"", "needs token_file or token_env"),
        ("[[locations]]\nid = \"A1\"\ntoken_file = \"x\"\ntoken_env = \"Y\"", "both token_file and token_env"),
        ("[[locations]]\nid = \"A1\"\ntoken_file = \"x\"\n[[locations]]\nid = \"A1\"\ntoken_file = \"y\"", "listed twice"),
        ("[agency]\ncompany_id = \"C\"\ncredentials_file = \"a.json\"\ninstalled_locations = true", "needs app_id"),
        ("[agency]\ncredentials_file = \"a.json\"", "needs company_id"),
        ("[agency]\ncompany_id = \"C\"\ncredentials_file = \"a.json\"", "lists no location"),
        ("locations = [", "not valid TOML at line 1"),
        ("", "lists no location"),
    ])
    func refusesWhatItCannotUseWithAClearMessage(text: String, message: String) throws {
        let error = #expect(throws: CLIError.self) { try Self.load(text) }
        #expect(error?.exitCode == ExitStatus.usage)
        #expect(error?.message?.contains(message) == true, "\(error?.message ?? "nil")")
    }
}
