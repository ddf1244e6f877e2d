package postgres

import "strings"

// DefaultPageSize is how many rows a list page shows when the caller does not say.
const DefaultPageSize = 50

func clampLimit(n int) int {
	if n <= 0 || n > 500 {
		return DefaultPageSize
	}
	return n
}

// escapeLike escapes LIKE's wildcards so user input matches literally.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(strings.TrimSpace(s))
}
