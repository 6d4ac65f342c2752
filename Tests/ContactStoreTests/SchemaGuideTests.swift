import Foundation
import GRDB
import Testing

@testable import ContactStore
import TestSupport

/// ``SchemaGuide`` and ``Cookbook`` against the database the migrations build and against the README: a
/// column cannot be added, renamed or dropped without its description and the README following.
@Suite struct SchemaGuideTests {
    static let readme = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("README.md")

    /// Every table and view of a migrated database, with its visible columns (generated ones included,
    /// FTS5's hidden ones not), leaving out SQLite's, FTS5's shadow tables and the job's internal tables.
    static func databaseRelations() throws -> [String: (kind: String, columns: [String])] {
        let directory = try TemporaryDirectory()
        let pool = try ContactDatabase.open(path: directory.file("g.sqlite"))
        return try pool.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'
                AND name NOT GLOB 'contacts_fts_*'
                """)
            var relations: [String: (kind: String, columns: [String])] = [:]
            for row in rows {
                let name: String = row["name"]
                guard !SchemaGuide.internalTables.contains(name) else { continue }
                relations[name] = (row["type"], try String.fetchAll(
                    db, sql: "SELECT name FROM pragma_table_xinfo(?) WHERE hidden != 1 ORDER BY cid", arguments: [name]))
            }
            return relations
        }
    }

    @Test func everyTableViewAndColumnIsDescribedInTheDatabasesOrder() throws {
        let database = try Self.databaseRelations()
        #expect(Set(database.keys) == Set(SchemaGuide.relations.map(\.name)))
        for relation in SchemaGuide.relations {
            #expect(relation.columns.map(\.key) == database[relation.name]?.columns, "columns of \(relation.name)")
            #expect(relation.kind.rawValue == database[relation.name]?.kind, "\(relation.name) is a \(relation.kind)")
            for (column, description) in relation.columns {
                #expect(!description.isEmpty, "\(relation.name).\(column) has a description")
            }
            #expect(!relation.description.isEmpty && !relation.row.isEmpty)
            for facet in relation.facets {
                #expect(relation.columns.contains { $0.key == facet }, "facet \(relation.name).\(facet) is a column")
            }
        }
    }

    /// The README's schema tables (in "Schema and queries"): `| name | one row per | columns |` and
    /// `| name | what it is |` rows.
    static func readmeRows() throws -> [String: [String]] {
        let text = try String(contentsOf: readme, encoding: .utf8)
        let start = try #require(text.range(of: "\n## Schema and queries\n"))
        let end = try #require(text.range(of: "\n## ", range: start.upperBound..<text.endIndex))
        var rows: [String: [String]] = [:]
        for line in text[start.upperBound..<end.lowerBound].split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                .map { $0.trimmingCharacters(in: .whitespaces) }
            rows[String(cells[0].dropFirst().dropLast())] = Array(cells.dropFirst())
        }
        return rows
    }

    @Test func readmeSchemaTablesNameEveryRelationAndColumn() throws {
        let rows = try Self.readmeRows()
        #expect(Set(rows.keys) == Set(SchemaGuide.relations.map(\.name)), "the README's schema tables list the relations")
        for relation in SchemaGuide.relations {
            guard let cells = rows[relation.name] else { continue }
            if relation.kind == .table, relation.name != "contacts_fts" {
                #expect(cells.first == relation.row, "README: one \(relation.name) row per \(relation.row)")
            }
            let text = cells.joined(separator: " ")
            for column in relation.columns.map(\.key) {
                #expect(text.contains("`\(column)`"), "README names \(relation.name).\(column)")
            }
        }
    }

    @Test func readmeCookbookIsTheCookbook() throws {
        let text = try String(contentsOf: Self.readme, encoding: .utf8)
        let start = try #require(text.range(of: "Example queries (the analyst cookbook"))
        let open = try #require(text.range(of: "```sql\n", range: start.upperBound..<text.endIndex))
        let close = try #require(text.range(of: "\n```", range: open.upperBound..<text.endIndex))
        #expect(String(text[open.upperBound..<close.lowerBound]) == Cookbook.markdown)
    }

    @Test func everyRecipeIsOneReadOnlyStatementThatRuns() throws {
        let directory = try TemporaryDirectory()
        let pool = try ContactDatabase.open(path: directory.file("r.sqlite"))
        #expect(Set(Cookbook.recipes.map(\.name)).count == Cookbook.recipes.count, "names are unique")
        for recipe in Cookbook.recipes {
            #expect(recipe.name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
            #expect(!recipe.sql.hasSuffix(";"))
            try pool.read { db in
                let statement = try db.makeStatement(sql: recipe.sql)
                #expect(statement.isReadonly, "\(recipe.name) only reads")
                _ = try Row.fetchAll(statement)
            }
        }
    }
}
