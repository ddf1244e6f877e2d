// Command reliability writes the reliability report (docs/reliability.md) from the figures the
// reliability tests of issue #10 leave in a folder. `make reliability` runs the tests with
// RELIABILITY_REPORT_DIR set to a fresh folder and then this program:
//
//	go run ./cmd/reliability -dir DIR -out docs/reliability.md [-status N]
//
// Each test writes one JSON object of figures (access_matrix.json, hostile_input.json,
// sessions.json, crash.json, restart.json, backup.json); a file that is missing shows as "not
// run". -status is go test's exit status, so the report says whether every test passed.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"time"
)

func main() {
	if err := run(os.Args[1:], time.Now(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "reliability:", err)
		os.Exit(1)
	}
}

// section is one reliability check: the file its test writes, what it proves, the figures to
// show in order with their labels, and the rule the figures must satisfy.
type section struct {
	file, title, proves string
	figures             [][2]string                // key, label
	holds               func(figures) (bool, bool) // (holds, known)
}

// figures is one test's JSON object.
type figures map[string]json.Number

// num returns the figure key and whether it is there.
func (f figures) num(key string) (float64, bool) {
	v, ok := f[key]
	if !ok {
		return 0, false
	}
	n, err := v.Float64()
	return n, err == nil
}

// zero returns a rule: every one of keys is present and 0.
func zero(keys ...string) func(figures) (bool, bool) {
	return func(f figures) (bool, bool) {
		for _, k := range keys {
			n, ok := f.num(k)
			if !ok {
				return false, false
			}
			if n != 0 {
				return false, true
			}
		}
		return true, true
	}
}

var sections = []section{
	{file: "access_matrix.json", title: "Access matrix",
		proves: "Every route of the router is requested by every role (anonymous included), with the ids of objects " +
			"that belong to someone else, and each answer is compared with a table of expected outcomes.",
		figures: [][2]string{{"routes", "routes"}, {"roles", "roles"}, {"requests", "requests (routes × roles)"},
			{"mismatches", "mismatches"}},
		holds: zero("mismatches")},
	{file: "hostile_input.json", title: "Hostile input",
		proves: "Hostile payloads are sent into the fields of every form; none may cause a server error.",
		figures: [][2]string{{"payloads", "payloads tried"}, {"fields", "fields"}, {"requests", "requests"},
			{"server_errors", "server errors (5xx)"}},
		holds: zero("server_errors")},
	{file: "sessions.json", title: "Sessions",
		proves:  "Checks of the session handling (renewal at login, ending sessions, cookies).",
		figures: [][2]string{{"checks", "checks"}, {"failures", "failures"}},
		holds:   zero("failures")},
	{file: "crash.json", title: "Crash safety (SIGKILL mid-run)",
		proves: "Demand submissions and check-ins are sent concurrently to the real server binary, which is SIGKILLed " +
			"when half have been sent and started again on the same database. Every request answered with success " +
			"must be saved exactly once; nothing may be half-written (a demand without its timeline entry or its " +
			"attachment, half a check-in); sending the unanswered requests again with the same submit token " +
			"must save each exactly once.",
		figures: [][2]string{{"requests", "requests under the kill test"}, {"succeeded", "answered with success"},
			{"unanswered", "unanswered (in flight or sent after the kill)"},
			{"in_flight_at_kill", "in flight at the kill"},
			{"committed_unanswered", "saved but unanswered"}, {"retried", "sent again after the restart"},
			{"lost", "lost"}, {"duplicated", "duplicated"}, {"half_written", "half-written"}, {"seconds", "seconds"}},
		holds: zero("lost", "duplicated", "half_written")},
	{file: "restart.json", title: "Database restart under load",
		proves: "Signed-in users keep loading pages while PostgreSQL is stopped and started again. While it is gone " +
			"every page is the friendly 503 page (never a 500 or error text); once it is back the portal must " +
			"answer again by itself within 5 s.",
		figures: [][2]string{{"requests", "requests"}, {"503s", "503 answers"}, {"500s", "500 answers"},
			{"outage_ms", "outage (ms)"}, {"recovered_after_ms", "recovered after PostgreSQL was back (ms)"}},
		holds: func(f figures) (bool, bool) {
			ms, ok := f.num("recovered_after_ms")
			if !ok {
				return false, false
			}
			if n, ok := f.num("500s"); ok && n != 0 {
				return false, true
			}
			return ms <= 5000, true
		}},
	{file: "backup.json", title: "Backup and restore",
		proves:  "A backup is restored into an empty database and compared with the original.",
		figures: [][2]string{{"tables", "tables"}, {"rows_restored", "rows restored"}},
		holds: func(f figures) (bool, bool) {
			n, ok := f.num("rows_restored")
			return n > 0, ok
		}},
}

func run(args []string, now time.Time, stdout io.Writer) error {
	fl := flag.NewFlagSet("reliability", flag.ContinueOnError)
	dir := fl.String("dir", os.Getenv("RELIABILITY_REPORT_DIR"), "folder with the tests' JSON figures")
	out := fl.String("out", "docs/reliability.md", "report to write")
	status := fl.Int("status", -1, "exit status of the tests (-1: unknown)")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if *dir == "" {
		return errors.New("-dir (or RELIABILITY_REPORT_DIR) is required")
	}
	report, err := render(*dir, now, *status)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(*out, report, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s\n", *out)
	return nil
}

// render makes the report from the JSON files in dir.
func render(dir string, now time.Time, status int) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("# Reliability report\n\n")
	b.WriteString("Generated by `make reliability`, which runs the reliability tests against a real PostgreSQL and " +
		"the real server binary and writes this file from their figures. Do not edit it by hand.\n\n")
	fmt.Fprintf(&b, "- date: %s\n", now.Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(&b, "- machine: %d CPU cores, %s/%s, %s\n", runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, runtime.Version())
	switch {
	case status == 0:
		b.WriteString("- tests: all passed\n")
	case status > 0:
		fmt.Fprintf(&b, "- tests: **FAILED** (go test exit status %d; see its output)\n", status)
	}
	b.WriteString("\n")

	loaded := map[string]figures{}
	lists := map[string]map[string][]string{} // per file: the lists of text a test wrote
	for _, s := range sections {
		f, l, err := load(filepath.Join(dir, s.file))
		if err != nil {
			return nil, err
		}
		if f != nil {
			loaded[s.file], lists[s.file] = f, l
		}
	}

	b.WriteString("## Summary\n\n")
	if line := headline(loaded); line != "" {
		b.WriteString(line + "\n\n")
	}
	b.WriteString("| check | result |\n| --- | --- |\n")
	for _, s := range sections {
		fmt.Fprintf(&b, "| %s | %s |\n", s.title, verdict(s, loaded[s.file]))
	}
	b.WriteString("\n")

	for _, s := range sections {
		fmt.Fprintf(&b, "## %s\n\n%s\n\n", s.title, s.proves)
		f := loaded[s.file]
		if f == nil {
			fmt.Fprintf(&b, "Not run (no `%s`).\n\n", s.file)
			continue
		}
		b.WriteString("| figure | value |\n| --- | --- |\n")
		shown := map[string]bool{}
		for _, kv := range s.figures {
			if v, ok := f[kv[0]]; ok {
				fmt.Fprintf(&b, "| %s | %s |\n", kv[1], v)
				shown[kv[0]] = true
			}
		}
		// Figures a test added that this program does not know yet are shown by their key.
		var extra []string
		for k := range f {
			if !shown[k] {
				extra = append(extra, k)
			}
		}
		sort.Strings(extra)
		for _, k := range extra {
			fmt.Fprintf(&b, "| %s | %s |\n", k, f[k])
		}
		b.WriteString("\n")
		var names []string
		for k := range lists[s.file] {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			fmt.Fprintf(&b, "%s:\n\n", k)
			for _, item := range lists[s.file][k] {
				fmt.Fprintf(&b, "- %s\n", item)
			}
			b.WriteString("\n")
		}
	}

	// Files of tests this program does not know yet.
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".json") || slices.ContainsFunc(sections, func(s section) bool { return s.file == name }) {
			continue
		}
		raw, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&b, "## %s\n\n```json\n%s\n```\n\n", strings.TrimSuffix(name, ".json"), bytes.TrimSpace(raw))
	}
	return b.Bytes(), nil
}

// load reads one test's figures and its lists of text (what it checked, say); nil when the
// file does not exist.
func load(path string) (figures, map[string][]string, error) {
	raw, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	var all map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&all); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	f, lists := figures{}, map[string][]string{}
	for k, v := range all {
		switch v := v.(type) {
		case json.Number:
			f[k] = v
		case []any:
			for _, item := range v {
				lists[k] = append(lists[k], fmt.Sprint(item))
			}
		default:
			f[k] = json.Number(fmt.Sprint(v))
		}
	}
	return f, lists, nil
}

func verdict(s section, f figures) string {
	if f == nil {
		return "not run"
	}
	holds, known := s.holds(f)
	switch {
	case !known:
		return "figures incomplete"
	case holds:
		return "holds"
	default:
		return "**FAILS**"
	}
}

// headline is the report's sentence of the figures issue #10 asks for: routes × roles
// checked, payloads tried, requests under the kill test and how many were lost.
func headline(loaded map[string]figures) string {
	var parts []string
	if f := loaded["access_matrix.json"]; f != nil {
		parts = append(parts, fmt.Sprintf("%s routes × %s roles checked", orQ(f, "routes"), orQ(f, "roles")))
	}
	if f := loaded["hostile_input.json"]; f != nil {
		parts = append(parts, fmt.Sprintf("%s payloads tried", orQ(f, "payloads")))
	}
	if f := loaded["crash.json"]; f != nil {
		parts = append(parts, fmt.Sprintf("%s requests under the kill test, lost = %s", orQ(f, "requests"), orQ(f, "lost")))
	}
	if f := loaded["restart.json"]; f != nil {
		parts = append(parts, fmt.Sprintf("recovered %s ms after PostgreSQL was back", orQ(f, "recovered_after_ms")))
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, "; ") + "."
}

// orQ is figure key of f, or "?" when the test did not write it.
func orQ(f figures, key string) string {
	if v, ok := f[key]; ok {
		return v.String()
	}
	return "?"
}
