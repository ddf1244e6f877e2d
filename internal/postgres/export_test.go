package postgres

import (
	"time"

	"breakfast/internal/portal"
)

// SetSlowDashboard makes s treat every dashboard computation that took at least d as slow
// (refreshed in the background), so tests can reach that path with small data.
func SetSlowDashboard(s *DashboardStore, d time.Duration) { s.slowAfter = d }

// ListSQL is List's statement, for tests of its plan.
func ListSQL(f DemandFilter, v portal.Viewer, limit int) (string, []any, error) {
	return listSQL(f, v, limit)
}

// MigrateURL is the URL golang-migrate is given for url.
func MigrateURL(url string) string { return migrateURL(url) }
