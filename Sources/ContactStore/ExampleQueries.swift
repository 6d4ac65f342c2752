package import GRDB
import GRDBSQLite

/// The analyst queries the README shows and `demo` runs, so they are exercised, not just documented.
package enum ExampleQueries {
    /// A titled query.
    package struct Query: Sendable {
        package let title: String
        package let sql: String
    }

    /// Contacts per location, for a run over many.
    package static let perLocation = Query(title: "Contacts per location (contact_overview.location_name)", sql: """
        SELECT coalesce(location_name, location_id) AS location, count(*) AS contacts FROM contact_overview
        GROUP BY location_id ORDER BY 1 LIMIT 8
        """)

    package static let all: [Query] = [
        Query(title: "Contacts by type", sql: """
            SELECT coalesce(type, '(none)') AS type, count(*) AS contacts FROM contacts GROUP BY 1 ORDER BY 2 DESC
            """),
        Query(title: "Most used tags", sql: """
            SELECT tag, count(*) AS contacts FROM contact_tags GROUP BY tag ORDER BY 2 DESC, 1 LIMIT 5
            """),
        Query(title: "Outbound DND by channel", sql: Cookbook.dndByChannel.sql),
        Query(title: "Custom fields by name (contact_custom_field_values)", sql: """
            SELECT coalesce(field_name, field_id) AS field, data_type, count(*) AS "values",
                count(DISTINCT value_type) AS value_types
            FROM contact_custom_field_values GROUP BY field_id ORDER BY 3 DESC, 1 LIMIT 8
            """),
        Query(title: "First-touch attribution by source", sql: """
            SELECT coalesce(utm_source, session_source, '(unknown)') AS source, count(*) AS contacts
            FROM contact_attributions WHERE origin = 'attributionSource' GROUP BY 1 ORDER BY 2 DESC LIMIT 5
            """),
        Query(title: "Contacts at a glance (contact_overview)", sql: """
            SELECT name, tags, dnd_sms, dnd_email, first_touch_campaign FROM contact_overview
            WHERE tags IS NOT NULL ORDER BY date_added DESC LIMIT 5
            """),
        Query(title: "Full-text search: smith", sql: """
            SELECT c.name, c.email, c.company_name FROM contacts_fts JOIN contacts AS c ON c.rowid = contacts_fts.rowid
            WHERE contacts_fts MATCH 'smith' ORDER BY rank LIMIT 5
            """),
        Query(title: "Failures of the latest run", sql: """
            SELECT reason, http_status, count(*) AS ids FROM sync_failures
            WHERE run_id = (SELECT max(id) FROM sync_runs) GROUP BY reason, http_status ORDER BY 3 DESC
            """),
    ]

    /// Runs `query` and renders it as an aligned text table (values cut to 40 characters).
    package static func render(_ query: Query, in reader: some DatabaseReader) throws -> String {
        try reader.read { db in
            var statement = SQLStatement(try db.makeStatement(sql: query.sql))
            let columns = (0..<statement.columnCount).map(statement.columnName)
            var rows: [[String]] = []
            while try statement.step() {
                rows.append(columns.indices.map { index -> String in
                    let column = Int32(index)
                    let text = switch statement.columnType(column) {
                    case SQLITE_NULL: "NULL"
                    case SQLITE_INTEGER: String(statement.int64(column))
                    case SQLITE_FLOAT: RowEncoder.formatDouble(statement.double(column))
                    default: statement.text(column) ?? ""
                    }
                    return text.count > 40 ? String(text.prefix(39)) + "…" : text
                })
            }
            var widths = columns.map(\.count)
            for row in rows {
                for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
            }
            func line(_ cells: [String]) -> String {
                cells.enumerated().map { index, cell in
                    cell + String(repeating: " ", count: widths[index] - cell.count)
                }.joined(separator: "  ")
            }
            var lines = ["== \(query.title)", line(columns), line(widths.map { String(repeating: "-", count: $0) })]
            lines += rows.map(line)
            if rows.isEmpty { lines.append("(no rows)") }
            return lines.joined(separator: "\n")
        }
    }
}
