package postgres

import "time"

// SetSlowDashboard makes s treat every dashboard computation that took at least d as slow
// (refreshed in the background), so tests can reach that path with small data.
func SetSlowDashboard(s *DashboardStore, d time.Duration) { s.slowAfter = d }
