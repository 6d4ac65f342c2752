#include "CSQLiteTuning.h"

#include <sqlite3.h>

int ghl_sqlite_set_statement_journal_spill(int bytes) {
    return sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, bytes) == SQLITE_OK ? 1 : 0;
}
