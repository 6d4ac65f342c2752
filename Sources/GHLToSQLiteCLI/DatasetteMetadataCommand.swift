import ArgumentParser
import ContactStore
import Foundation
import LosslessJSON

struct DatasetteMetadataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "datasette-metadata",
        abstract: "Write a Datasette metadata file: what every table, view and column means, facets, and the cookbook as canned queries.",
        discussion: """
            Use it as `datasette contacts.sqlite --metadata metadata.json`. Datasette names a database after \
            its file (contacts.sqlite is "contacts"), so give the same --db you open; the file itself is not \
            read. The descriptions are the ones the README's schema tables are checked against.
            """
    )

    @Option(help: ArgumentHelp("The database the metadata is for (only its name is used).", valueName: "PATH"))
    var db: String = "contacts.sqlite"

    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "PATH"))
    var output: String?

    func run() throws {
        let destination = try ExportDestination(path: output)
        var text = DatasetteMetadata.json(databaseName: DatasetteMetadata.databaseName(path: db)).indentedJSONText + "\n"
        do {
            try text.withUTF8 { try destination.write(UnsafeRawBufferPointer($0)) }
            try destination.commit()
        } catch {
            destination.discard()
            throw error
        }
    }
}

/// The Datasette metadata of a database, from ``SchemaGuide`` and ``Cookbook``.
enum DatasetteMetadata {
    /// The name Datasette gives the database at `path`: its file name without the extension.
    static func databaseName(path: String) -> String {
        ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    }

    static func json(databaseName: String) -> JSONValue {
        var tables: [JSONObject.Member] = SchemaGuide.relations.map { relation in
            var members: [JSONObject.Member] = [
                .init(key: "description", value: .string(relation.description)),
                .init(key: "columns", value: .object(JSONObject(members: relation.columns.map {
                    .init(key: $0.key, value: .string($0.value))
                }))),
            ]
            if !relation.facets.isEmpty {
                members.append(.init(key: "facets", value: .array(relation.facets.map(JSONValue.string))))
            }
            return .init(key: relation.name, value: .object(JSONObject(members: members)))
        }
        tables += SchemaGuide.internalTables.map { .init(key: $0, value: .object(["hidden": .bool(true)])) }
        let queries = Cookbook.recipes.map { recipe in
            JSONObject.Member(key: recipe.name, value: .object(["title": .string(recipe.title), "sql": .string(recipe.sql)]))
        }
        let database: JSONValue = .object([
            "description": .string(SchemaGuide.description),
            "tables": .object(JSONObject(members: tables)),
            "queries": .object(JSONObject(members: queries)),
        ])
        return .object([
            "title": .string(SchemaGuide.title),
            "description": .string(SchemaGuide.description),
            "databases": .object([databaseName: database]),
        ])
    }
}
