// Package web holds the portal's user interface: templ layouts, pages and components, and the
// static files (CSS, JavaScript) embedded into the binary.
package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"strings"
	"sync"
)

//go:embed static
var staticFiles embed.FS

// StaticFS is the static folder's contents, rooted at the folder itself.
func StaticFS() fs.FS {
	sub, err := fs.Sub(staticFiles, "static")
	if err != nil {
		panic(err) // the folder is embedded at build time, so this cannot happen
	}
	return sub
}

// assetVersions maps each static file to a short hash of its content, so AssetPath can hand
// out URLs that change whenever the file does and browsers may cache them for a year.
var assetVersions = sync.OnceValue(func() map[string]string {
	versions := map[string]string{}
	_ = fs.WalkDir(StaticFS(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(StaticFS(), path)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		versions[path] = hex.EncodeToString(sum[:])[:10]
		return nil
	})
	return versions
})

// AssetPath returns the URL of a static file, with its content hash as the version.
func AssetPath(name string) string {
	return "/static/" + name + "?v=" + assetVersions()[name]
}

// StaticHandler serves the static files under /static/. Versioned URLs are cached for a year;
// unversioned ones for an hour.
func StaticHandler() http.Handler {
	files := http.StripPrefix("/static/", http.FileServerFS(StaticFS()))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") {
			http.NotFound(w, r)
			return
		}
		if r.URL.Query().Get("v") != "" {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "public, max-age=3600")
		}
		files.ServeHTTP(w, r)
	})
}
