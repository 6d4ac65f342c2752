import ArgumentParser
import ContactStore
import Foundation

extension ExportFormat: ExpressibleByArgument {}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a table, a view or a query's rows as CSV or JSON lines.",
        discussion: """
            Opens the database read-only (safe beside a running sync) and streams rows without holding them \
            in memory. CSV follows RFC 4180 with a header line; in CSV, NULL is an empty field and an empty \
            string is "". JSON lines have one object per row, keys in column order. With --output the file \
            is written beside its final name and renamed into place when complete, mode 0600.
            """
    )

    @Option(help: ArgumentHelp("SQLite database to read.", valueName: "PATH"))
    var db: String = "contacts.sqlite"

    @Option(help: ArgumentHelp("Export every row of this table, e.g. contacts.", valueName: "NAME"))
    var table: String?

    @Option(help: ArgumentHelp("Export every row of this view, e.g. contact_overview.", valueName: "NAME"))
    var view: String?

    @Option(help: ArgumentHelp("Export the rows of this read-only SQL query.", valueName: "SQL"))
    var query: String?

    @Option(help: "csv or jsonl.")
    var format: ExportFormat = .csv

    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "PATH"))
    var output: String?

    func validate() throws {
        let chosen = [table, view, query].compactMap { $0 }
        guard chosen.count == 1 else { throw ValidationError("give exactly one of --table, --view or --query") }
        if let query, query.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("--query is empty")
        }
    }

    func run() throws {
        umask(0o077)
        let source: ExportSource =
            if let table { .table(table) } else if let view { .view(view) } else { .query(query ?? "") }
        let exporter: RowExporter
        do {
            exporter = try RowExporter(path: db)
        } catch {
            throw CLIError.usage(error.description)
        }
        let destination = try ExportDestination(path: output)
        do {
            try exporter.export(source, format: format) { try destination.write($0) }
            try destination.commit()
        } catch {
            destination.discard()
            switch error {
            case let error as CLIError: throw error
            case ContactStoreError.invalidExport(let refusal): throw CLIError.usage("cannot export: \(Self.explain(refusal))")
            default: throw CLIError.aborted("\(error)")
            }
        }
    }

    /// What a refusal means, in terms of this command's flags.
    static func explain(_ refusal: ExportRefusal) -> String {
        switch refusal {
        case .noSuchRelation(let name, let kind): "no \(kind.rawValue) named \(name) in the database"
        case .wrongKind(let name, let actual): "\(name) is a \(actual.rawValue): use --\(actual.rawValue) \(name)"
        case .multipleStatements: "--query must be a single statement"
        case .notReadOnly: "--query must only read (a SELECT, or WITH ... SELECT)"
        case .noColumns: "--query returns no columns"
        case .invalidQuery(let failure): failure.message
        }
    }
}
