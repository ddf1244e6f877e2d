package pages

import (
	"strconv"
	"strings"
	"time"

	"breakfast/internal/portal"
)

func formatTime(t time.Time) string { return t.In(portal.CST).Format("2006-01-02 15:04") }

// formatDate is a calendar date, such as a deadline (read from a date column, so already the
// day in China), or "" for none.
func formatDate(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format(time.DateOnly)
}

func formatOutput(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func chainNames(chains []portal.ChainRef) string {
	names := make([]string, len(chains))
	for i, c := range chains {
		names[i] = c.Name
	}
	return strings.Join(names, "、")
}
