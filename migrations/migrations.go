// Package migrations embeds the SQL migrations so the binary and the test helper apply the
// same files.
package migrations

import "embed"

// FS holds every NNNNNN_name.up.sql / .down.sql file of this folder.
//
//go:embed *.sql
var FS embed.FS
