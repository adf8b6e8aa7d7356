package store

import (
	"database/sql/driver"
	"strings"

	msqlite "modernc.org/sqlite"
)

// SQLite's own LOWER folds only ASCII letters: "ВЕЛОСИПЕД" would stay in
// capitals and a search for "велосипед" would miss it, while PostgreSQL
// folds every script. So the store replaces SQLite's LOWER with Go's
// Unicode-aware strings.ToLower, for every connection the driver opens:
// the same SQL then folds the same way on both engines. It must be
// registered before the first connection, hence init.
func init() {
	msqlite.MustRegisterDeterministicScalarFunction("lower", 1, func(_ *msqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		switch v := args[0].(type) {
		case string:
			return strings.ToLower(v), nil
		case []byte:
			return strings.ToLower(string(v)), nil
		default: // NULL stays NULL; numbers are their own lower case
			return v, nil
		}
	})
}
