package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"breakfast/internal/portal"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// deadDatabaseURL is a PostgreSQL URL on a loopback port nobody listens on.
func deadDatabaseURL(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "postgres://postgres@" + addr + "/breakfast?sslmode=disable&connect_timeout=2"
}

func TestDatabaseUnavailable(t *testing.T) {
	_, connectErr := pgconn.Connect(context.Background(), deadDatabaseURL(t))
	if connectErr == nil {
		t.Fatal("connected to a port nobody listens on")
	}
	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"connection refused", fmt.Errorf("begin: %w", connectErr), true},
		{"server shutting down", &pgconn.PgError{Code: "57P01"}, true},
		{"server starting up", &pgconn.PgError{Code: "57P03"}, true},
		{"connection failure", &pgconn.PgError{Code: "08006"}, true},
		{"connection closed", fmt.Errorf("query: %w", pgconn.ErrConnClosed), true},
		{"connection broke", io.ErrUnexpectedEOF, true},
		{"network error", &net.OpError{Op: "read", Net: "tcp", Err: errors.New("connection reset by peer")}, true},
		{"unique violation", &pgconn.PgError{Code: "23505"}, false},
		{"application error", portal.Errorf(portal.ECONFLICT, "error.conflict"), false},
		{"context canceled", context.Canceled, false},
		{"other", errors.New("boom"), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := databaseUnavailable(tc.err); got != tc.want {
				t.Errorf("databaseUnavailable(%v) = %v, want %v", tc.err, got, tc.want)
			}
		})
	}
}

// TestDatabaseDownIs503 serves a signed-in request with the database unreachable: the
// session middleware cannot load the session, and the user gets the friendly 503 page (not
// a 500, not the driver's error text). internal/crashtest stops and restarts a real
// PostgreSQL under load.
func TestDatabaseDownIs503(t *testing.T) {
	pool, err := pgxpool.New(context.Background(), deadDatabaseURL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	srv := New(slog.New(slog.NewTextHandler(io.Discard, nil)), pool, Options{})
	defer srv.Close()
	for _, path := range []string{"/meetings", "/my/demands", "/"} {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.AddCookie(&http.Cookie{Name: "breakfast_session", Value: "some-session-token"})
		rec := httptest.NewRecorder()
		srv.Handler().ServeHTTP(rec, req)
		body := rec.Body.String()
		if rec.Code != http.StatusServiceUnavailable {
			t.Fatalf("GET %s: status %d, want 503:\n%.400s", path, rec.Code, body)
		}
		if !strings.Contains(body, `data-testid="error-page"`) || !strings.Contains(body, "系统暂时无法访问数据库") {
			t.Errorf("GET %s: not the friendly page:\n%.400s", path, body)
		}
		if strings.Contains(body, "127.0.0.1") || strings.Contains(body, "failed to connect") {
			t.Errorf("GET %s: the page shows the driver's error", path)
		}
		if rec.Header().Get("Retry-After") == "" {
			t.Errorf("GET %s: no Retry-After", path)
		}
	}
}

// TestCheckinJSONDatabaseDown: the check-in page's script gets a 503 with the friendly
// message when the database goes away mid-request, not a 500.
func TestCheckinJSONDatabaseDown(t *testing.T) {
	pool, err := pgxpool.New(context.Background(), deadDatabaseURL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	srv := New(slog.New(slog.NewTextHandler(io.Discard, nil)), pool, Options{})
	defer srv.Close()
	req := httptest.NewRequest(http.MethodPost, "/meetings/1/checkin/2", nil)
	req.Header.Set("Accept", "application/json")
	rec := httptest.NewRecorder()
	srv.renderError(rec, req, fmt.Errorf("check in: %w", pgconn.ErrConnClosed))
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "系统暂时无法访问数据库") ||
		!strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		t.Fatalf("status %d, body %s; want 503 with the friendly message", rec.Code, rec.Body.String())
	}
}
