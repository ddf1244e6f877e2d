package localdb

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// Program returns the path of PostgreSQL's program name (pg_dump, pg_restore, psql): the one of
// the newest installed PostgreSQL, which is the version the local cluster runs and which can
// read dumps of any older server, else the one on PATH.
func Program(name string) (string, error) {
	if dir, ok := findBinDir(); ok {
		p := filepath.Join(dir, name)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	return "", fmt.Errorf("localdb: %s not found; install PostgreSQL's client programs "+
		"(e.g. `sudo apt-get install -y postgresql-client`)", name)
}
