package i18n

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"breakfast/internal/portal"
)

func TestEveryKeyHasBothLanguages(t *testing.T) {
	for key, e := range catalog {
		if strings.TrimSpace(e.zh) == "" {
			t.Errorf("%s: no Chinese text", key)
		}
		if strings.TrimSpace(e.en) == "" {
			t.Errorf("%s: no English text", key)
		}
		if strings.Count(e.zh, "%") != strings.Count(e.en, "%") {
			t.Errorf("%s: the two texts take different arguments", key)
		}
	}
}

// keyLiteral matches string literals shaped like catalog keys ("area.name").
var keyLiteral = regexp.MustCompile(`"([a-z]+\.[a-z_]+(?:\.[a-z_]+)*)"`)

// TestEveryUsedKeyExists reads the portal's source for literals that look like catalog keys
// under a known area and fails on any the catalog lacks, so a typo shows in tests, not pages.
func TestEveryUsedKeyExists(t *testing.T) {
	areas := map[string]bool{}
	for key := range catalog {
		areas[strings.SplitN(key, ".", 2)[0]] = true
	}
	root := filepath.Join("..", "..")
	checked := 0
	for _, dir := range []string{"internal", "web", "cmd"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			if !(strings.HasSuffix(path, ".go") || strings.HasSuffix(path, ".templ")) ||
				strings.HasSuffix(path, "_templ.go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, m := range keyLiteral.FindAllStringSubmatch(string(data), -1) {
				key := m[1]
				if !areas[strings.SplitN(key, ".", 2)[0]] || strings.HasSuffix(key, ".css") || strings.HasSuffix(key, ".js") {
					continue
				}
				checked++
				if strings.HasSuffix(key, "_") || strings.HasSuffix(key, ".") {
					// A prefix that code completes (meeting_status. + state): some key must start with it.
					if !hasPrefix(key) {
						t.Errorf("%s builds keys from %q, but no key starts with it", path, key)
					}
					continue
				}
				if !Has(key) {
					t.Errorf("%s uses %q, which is not in the catalog", path, key)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if checked < 50 {
		t.Fatalf("only %d key uses found: the scan is broken", checked)
	}
}

func TestText(t *testing.T) {
	if got := Text(portal.LangZH, "login.throttled", 3); got != "登录失败次数过多，请 3 分钟后再试。" {
		t.Errorf("zh = %q", got)
	}
	if got := Text(portal.LangEN, "login.throttled", 3); got != "Too many failed logins. Please try again in 3 minutes." {
		t.Errorf("en = %q", got)
	}
	if got := Text(portal.LangEN, "no.such_key"); got != "no.such_key" {
		t.Errorf("unknown key = %q", got)
	}
}

func hasPrefix(prefix string) bool {
	for k := range catalog {
		if strings.HasPrefix(k, prefix) {
			return true
		}
	}
	return false
}
