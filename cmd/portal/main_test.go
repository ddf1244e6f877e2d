package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"breakfast/internal/postgres"
	"breakfast/internal/postgres/pgtest"
)

func TestUserCreateCommand(t *testing.T) {
	pool, url := pgtest.New(t)
	env := func(key string) string {
		if key == "DATABASE_URL" {
			return url
		}
		return ""
	}
	var out bytes.Buffer
	err := run(context.Background(), []string{"user", "create", "-username", "Admin", "-name", "管理员", "-role", "admin"},
		env, strings.NewReader("first-admin-2026\n"), &out)
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "created admin (admin)") {
		t.Errorf("output: %s", out.String())
	}
	if _, err := postgres.NewUserStore(pool).Authenticate(context.Background(), "admin", "first-admin-2026"); err != nil {
		t.Errorf("the new admin cannot log in: %v", err)
	}

	// A weak password is refused with the reason, and nothing is created.
	err = run(context.Background(), []string{"user", "create", "-username", "second", "-name", "x", "-role", "admin"},
		env, strings.NewReader("short\n"), &out)
	if err == nil || !strings.Contains(err.Error(), "password") {
		t.Errorf("weak password: %v", err)
	}
}

func TestUnknownCommand(t *testing.T) {
	err := run(context.Background(), []string{"frobnicate"}, func(string) string { return "" }, strings.NewReader(""), &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "unknown command") {
		t.Errorf("err = %v", err)
	}
}

func TestParseProxies(t *testing.T) {
	got, err := parseProxies(" 10.0.0.5, 172.16.0.0/12 ,::1,")
	if err != nil {
		t.Fatal(err)
	}
	var s []string
	for _, p := range got {
		s = append(s, p.String())
	}
	if strings.Join(s, " ") != "10.0.0.5/32 172.16.0.0/12 ::1/128" {
		t.Errorf("parsed %v", s)
	}
	if got, err := parseProxies(""); err != nil || len(got) != 0 {
		t.Errorf("empty: %v %v", got, err)
	}
	// A typo must stop the server rather than leave the throttle behind the proxy for everyone.
	if _, err := parseProxies("10.0.0.5,nginx"); err == nil || !strings.Contains(err.Error(), `"nginx"`) {
		t.Errorf("a bad entry: %v", err)
	}
}
