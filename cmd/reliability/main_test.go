package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestReportFromFigures(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("crash.json", `{"requests": 200, "succeeded": 61, "lost": 0, "duplicated": 0, "half_written": 0, "new_figure": 7}`)
	write("restart.json", `{"requests": 700, "503s": 450, "500s": 0, "recovered_after_ms": 6200}`)
	write("audit.json", `{"events": 12}`)
	write("sessions.json", `{"checks": 3, "failures": 0, "proven": ["logout ends the session", "id renewed at login"]}`)
	out := filepath.Join(dir, "docs", "reliability.md")
	var stdout strings.Builder
	now := time.Date(2026, 5, 4, 9, 30, 0, 0, time.UTC)
	if err := run([]string{"-dir", dir, "-out", out, "-status", "1"}, now, &stdout); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	report := string(b)
	for _, want := range []string{
		"2026-05-04 09:30 UTC", "CPU cores", "**FAILED** (go test exit status 1",
		"200 requests under the kill test, lost = 0",
		"| Crash safety (SIGKILL mid-run) | holds |",
		"| Database restart under load | **FAILS** |", // 6.2 s is over the 5 s limit
		"| Access matrix | not run |", "Not run (no `access_matrix.json`)",
		"| requests under the kill test | 200 |", "| new_figure | 7 |",
		"## audit", `"events": 12`,
		"| Sessions | holds |", "proven:\n\n- logout ends the session\n- id renewed at login\n",
	} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
}

func TestReportNeedsDir(t *testing.T) {
	t.Setenv("RELIABILITY_REPORT_DIR", "")
	if err := run(nil, time.Now(), &strings.Builder{}); err == nil {
		t.Error("no error without -dir")
	}
}
