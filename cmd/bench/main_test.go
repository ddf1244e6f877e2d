package main

import (
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	for _, tt := range []struct {
		v, unit string
		want    time.Duration
	}{
		{"33.16", "ms", 33160 * time.Microsecond},
		{"910.00", "us", 910 * time.Microsecond},
		{"1.02", "s", 1020 * time.Millisecond},
	} {
		if got := parseDuration(tt.v, tt.unit); got != tt.want {
			t.Errorf("parseDuration(%s, %s) = %s, want %s", tt.v, tt.unit, got, tt.want)
		}
	}
}
