package postgres

import (
	"strconv"
	"strings"
)

// DefaultPageSize is how many rows a list page shows when the caller does not say.
const DefaultPageSize = 50

// limitSQL is a LIMIT clause with n written into the statement, not passed as a parameter.
// For LIMIT $n PostgreSQL's generic plan assumes a tenth of the rows are wanted, so the
// generic plan never wins and every execution of a prepared list statement is planned again:
// 2.8 ms of the demand list's 6 ms at 10,000 demands. n comes from clampLimit, never from input.
func limitSQL(n int) string { return " LIMIT " + strconv.Itoa(n) }

// sqlList writes fixed strings (never input) as an SQL list: ('a', 'b'). In a prepared
// statement a constant list, unlike = ANY ($n), is something the generic plan can estimate;
// with the parameter the generic plan looked dearer than a custom one, so PostgreSQL planned
// the statement again on every execution (1 to 2 ms for the list queries).
func sqlList[S ~string](values []S) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = "'" + strings.ReplaceAll(string(v), "'", "''") + "'"
	}
	return "(" + strings.Join(quoted, ", ") + ")"
}

func clampLimit(n int) int {
	if n <= 0 || n > 500 {
		return DefaultPageSize
	}
	return n
}

// escapeLike escapes LIKE's wildcards so user input matches literally.
func escapeLike(s string) string { return likeEscaper.Replace(strings.TrimSpace(s)) }

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
