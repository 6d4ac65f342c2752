import Foundation
import HighLevelAPI
import TOMLKit

/// A configuration file for a run over many locations (`sync --all --config FILE`), TOML:
///
/// ```toml
/// [agency]                                  # optional: mint location tokens from the agency's
/// company_id = "..."
/// credentials_file = "agency.json"         # client_id, client_secret, refresh_token (kept current)
/// app_id = "..."                           # with installed_locations = true
/// installed_locations = true               # also every location where the app is installed
///
/// [[locations]]
/// id = "ve9EPM428h8vShlRW1KT"
/// name = "Main Street Dental"               # optional label, stored for analysts
/// token_file = "/etc/ghl/main.token"        # or token_env = "GHL_TOKEN_MAIN"; neither: minted by [agency]
/// ```
///
/// Relative paths are read from the file's directory. Unknown keys are refused (a misspelt key must not be
/// quietly ignored).
struct SyncConfigFile: Sendable {
    /// Where a location's token comes from.
    enum TokenSetting: Sendable, Equatable {
        case file(String)
        case environment(String)
        /// Minted by the agency.
        case agency
    }

    struct Location: Sendable, Equatable {
        let id: LocationID
        let name: String?
        let token: TokenSetting
    }

    struct Agency: Sendable, Equatable {
        let companyID: String
        let credentialsFile: String
        let appID: String?
        let installedLocations: Bool
    }

    let path: String
    let locations: [Location]
    let agency: Agency?

    /// Reads and checks the file at `path`; every problem is a usage error naming the file and the key.
    static func load(path: String) throws(CLIError) -> SyncConfigFile {
        func refuse(_ problem: String) -> CLIError { .usage("config \(path): \(problem)") }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw refuse("cannot be read")
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw refuse("not valid TOML at line \(error.source.begin.line): \(error.description)")
        } catch {
            throw refuse("not valid TOML (\(error))")
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        func resolved(_ file: String) -> String {
            file.hasPrefix("/") ? file : directory.appendingPathComponent(file).path
        }
        try check(table.keys, allowed: ["agency", "locations"], in: "the file", refuse)
        var agency: Agency?
        if let value = table["agency"] {
            guard let section = value.table else { throw refuse("[agency] must be a table") }
            try check(section.keys, allowed: ["company_id", "credentials_file", "app_id", "installed_locations"], in: "[agency]", refuse)
            guard let company = section["company_id"]?.string, !company.isEmpty else { throw refuse("[agency] needs company_id") }
            guard let credentials = section["credentials_file"]?.string, !credentials.isEmpty else {
                throw refuse("[agency] needs credentials_file (client_id, client_secret and refresh_token, as JSON)")
            }
            let installed = section["installed_locations"]?.bool ?? false
            let app = section["app_id"]?.string
            if installed, app?.isEmpty ?? true { throw refuse("[agency] installed_locations = true needs app_id") }
            agency = Agency(companyID: company, credentialsFile: resolved(credentials), appID: app, installedLocations: installed)
        }
        var locations: [Location] = []
        if let value = table["locations"] {
            guard let entries = value.array else { throw refuse("locations must be an array of tables: [[locations]]") }
            for (index, entry) in entries.enumerated() {
                let place = "[[locations]] #\(index + 1)"
                guard let section = entry.table else { throw refuse("\(place) must be a table") }
                try check(section.keys, allowed: ["id", "name", "token_file", "token_env"], in: place, refuse)
                guard let text = section["id"]?.string, let id = LocationID(text) else {
                    throw refuse("\(place) needs an id of 1-64 ASCII letters and digits")
                }
                guard !locations.contains(where: { $0.id == id }) else { throw refuse("location \(id) is listed twice") }
                let token: TokenSetting
                switch (section["token_file"]?.string, section["token_env"]?.string) {
                case (let file?, nil): token = .file(resolved(file))
                case (nil, let variable?): token = .environment(variable)
                case (nil, nil):
                    guard agency != nil else { throw refuse("location \(id) needs token_file or token_env (or an [agency] to mint one)") }
                    token = .agency
                case (_?, _?): throw refuse("location \(id) has both token_file and token_env; give one")
                }
                locations.append(Location(id: id, name: section["name"]?.string, token: token))
            }
        }
        guard !locations.isEmpty || agency?.installedLocations == true else {
            throw refuse("lists no location: add [[locations]] entries, or installed_locations = true in [agency]")
        }
        return SyncConfigFile(path: path, locations: locations, agency: agency)
    }

    private static func check(
        _ keys: [String], allowed: Set<String>, in place: String, _ refuse: (String) -> CLIError
    ) throws(CLIError) {
        if let unknown = keys.sorted().first(where: { !allowed.contains($0) }) {
            throw refuse("unknown key \(unknown) in \(place) (known: \(allowed.sorted().joined(separator: ", ")))")
        }
    }
}
