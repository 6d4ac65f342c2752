#ifndef C_SQLITE_TUNING_H
#define C_SQLITE_TUNING_H

// No <sqlite3.h> here: Swift code that imports this module also imports GRDB's SQLite module, and the same C
// declarations seen through two modules would be ambiguous.

/// Sets how large a statement journal grows in memory before SQLite spills it to a temporary file
/// (SQLITE_CONFIG_STMTJRNL_SPILL; SQLite's default is 64 KiB). Returns 1 when SQLite took the setting, 0 when
/// it refused it: the setting is process-wide and is only taken before SQLite is initialized, that is, before
/// the process opens its first database. sqlite3_config is variadic, which Swift cannot call, hence this target.
int ghl_sqlite_set_statement_journal_spill(int bytes);

#endif
