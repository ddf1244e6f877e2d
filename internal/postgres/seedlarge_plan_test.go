package postgres

import (
	"testing"
	"time"
)

// TestSeedSeriesAreAsLongAtAnySize: a province's data has more breakfast series than a
// district's, not longer ones, so that a meeting page (which lists its series) shows as much at
// both sizes of the benchmark. Every series belongs to one chain and has about seriesLength
// meetings.
func TestSeedSeriesAreAsLongAtAnySize(t *testing.T) {
	for _, demands := range []int{10_000, 1_000_000} {
		g := newSeedGen(SeedLargeOptions{Demands: demands, Now: time.Now()})
		for i := range seedChainNames {
			g.chains = append(g.chains, int64(i+1))
		}
		for i := range 40 {
			g.departments = append(g.departments, int64(i+1))
		}
		g.categories = []int64{1, 2, 3, 4, 5, 6, 7, 8}
		g.plan()
		meetings := map[int64]int{}
		chainOf := map[int64]int64{}
		for _, m := range g.meetings {
			meetings[m.series]++
			if c, ok := chainOf[m.series]; ok && c != m.chain {
				t.Errorf("%d demands: series %d has meetings of chains %d and %d", demands, m.series, c, m.chain)
			}
			chainOf[m.series] = m.chain
		}
		if want := g.nHosts * len(g.chains); len(meetings) != want {
			t.Errorf("%d demands: %d series hold meetings, want %d", demands, len(meetings), want)
		}
		for series, n := range meetings {
			if n < seriesLength-1 || n > seriesLength+1 {
				t.Errorf("%d demands: series %d has %d meetings, want about %d", demands, series, n, seriesLength)
			}
		}
	}
}
