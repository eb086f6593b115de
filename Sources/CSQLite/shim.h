#ifndef FLINT_CSQLITE_SHIM_H
#define FLINT_CSQLITE_SHIM_H

#include <sqlite3.h>

/// SQLITE_TRANSIENT is a macro casting -1 to a function pointer; Swift cannot import it.
static inline sqlite3_destructor_type flint_sqlite_transient(void) {
    return SQLITE_TRANSIENT;
}

/// `sqlite3_db_config` is variadic; this sets one of its on/off options
/// (`SQLITE_DBCONFIG_DQS_DML`, `SQLITE_DBCONFIG_DEFENSIVE`, ...).
static inline int flint_sqlite3_db_config_flag(sqlite3 *db, int option, int on) {
    return sqlite3_db_config(db, option, on, (int *)0);
}

#endif
