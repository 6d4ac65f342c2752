/// The columns one kind of row fills, in order: each column's name and how to bind its value, so a statement's
/// SQL and its binds come from one list and cannot drift apart.
struct ColumnTable<Row> {
    /// One column: its SQL name and the bind of its value.
    struct Column {
        let name: String
        let bind: (inout SQLStatement, Row) -> Void

        static func text(_ name: String, _ value: @escaping (Row) -> String?) -> Column {
            Column(name: name) { $0.bind(value($1)) }
        }

        static func text(_ name: String, _ value: @escaping (Row) -> String) -> Column {
            Column(name: name) { $0.bind(value($1)) }
        }

        static func integer(_ name: String, _ value: @escaping (Row) -> Int) -> Column {
            Column(name: name) { $0.bind(value($1)) }
        }

        static func integer(_ name: String, _ value: @escaping (Row) -> Int?) -> Column {
            Column(name: name) { $0.bind(value($1)) }
        }

        static func integer(_ name: String, _ value: @escaping (Row) -> Int64) -> Column {
            Column(name: name) { $0.bind(value($1)) }
        }

        static func integer(_ name: String, _ value: @escaping (Row) -> Int64?) -> Column {
            Column(name: name) { $0.bind(value($1)) }
        }

        /// A column always written NULL.
        static func null(_ name: String) -> Column {
            Column(name: name) { statement, _ in statement.bind(nil as String?) }
        }

        static func flag(_ name: String, _ value: @escaping (Row) -> Bool?) -> Column {
            Column(name: name) { $0.bind(value($1)) }
        }

        static func real(_ name: String, _ value: @escaping (Row) -> Double?) -> Column {
            Column(name: name) { $0.bind(value($1)) }
        }

        static func code<Value: RawRepresentable>(_ name: String, _ value: @escaping (Row) -> Value) -> Column
        where Value.RawValue == String {
            Column(name: name) { $0.bind(value($1).rawValue) }
        }
    }

    let table: String
    let columns: [Column]
    /// The column names, comma separated.
    let columnList: String
    /// `INSERT INTO table (columns...) VALUES (?, ...)`, built once: the writer asks for it for every row.
    let insertSQL: String

    init(_ table: String, _ columns: [Column]) {
        self.table = table
        self.columns = columns
        columnList = columns.map(\.name).joined(separator: ", ")
        insertSQL = "INSERT INTO \(table) (\(columnList)) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))"
    }

    /// The insert, or on a conflict over `keys` an update of every other column to the new row's values.
    func upsertSQL(conflictOn keys: [String]) -> String {
        let updates = columns.map(\.name).filter { !keys.contains($0) }.map { "\($0) = excluded.\($0)" }
        return "\(insertSQL)\nON CONFLICT (\(keys.joined(separator: ", ")))"
            + " DO UPDATE SET \(updates.joined(separator: ", "))"
    }

    /// Binds every column of `row`, in order.
    func bind(_ row: Row, to statement: inout SQLStatement) {
        for column in columns { column.bind(&statement, row) }
    }
}
