import ContactStore
@testable import GHLToSQLiteCLI
import Testing

/// What `export` says when it refuses its source: the store's reason in the command's own terms.
struct ExportWordingTests {
    @Test(arguments: [
        (ExportRefusal.noSuchRelation(name: "missing", kind: .table), "no table named missing"),
        (.wrongKind(name: "t", actual: .table), "t is a table: use --table t"),
        (.wrongKind(name: "v", actual: .view), "v is a view: use --view v"),
        (.notReadOnly, "must only read"),
        (.multipleStatements, "single statement"),
        (.invalidQuery(SQLiteFailure(code: 1, message: "near \"SELEKT\": syntax error")), "syntax error"),
        (.noColumns, "returns no columns"),
    ])
    func refusalsAreExplainedWithTheFlagToUse(refusal: ExportRefusal, message: String) {
        #expect(ExportCommand.explain(refusal).contains(message), "\(ExportCommand.explain(refusal))")
    }
}
