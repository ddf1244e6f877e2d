// Package crashtest holds the portal's crash-safety tests (issue #10, item 4). They run the
// real server binary as a separate process on a loopback port and treat it the way an
// operator's bad day would: SIGKILL in the middle of a burst of demand submissions and
// check-ins, and PostgreSQL stopped and started again under load. The package has no code of
// its own; everything is in its _test.go files.
//
// The tests need TEST_DATABASE_URL (as every database test) and the portal binary:
// PORTAL_BIN names it (`make test` and `make reliability` set it), otherwise the tests build
// it once. With RELIABILITY_REPORT_DIR set they write their figures there as crash.json and
// restart.json, which `make reliability` turns into docs/reliability.md.
package crashtest
