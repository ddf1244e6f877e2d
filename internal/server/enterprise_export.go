package server

import (
	"context"
	"io"
	"iter"
	"net/http"

	"breakfast/internal/portal"
	"breakfast/internal/postgres"
	"breakfast/internal/sheet"

	"github.com/go-chi/chi/v5/middleware"
)

// exportPageSize is how many enterprises the export reads from the database at a time.
const exportPageSize = 500

func (s *Server) exportEnterprisesXLSX(w http.ResponseWriter, r *http.Request) {
	s.exportEnterprises(w, r, xlsxContentType, "xlsx", sheet.WriteEnterprisesXLSX)
}

func (s *Server) exportEnterprisesCSV(w http.ResponseWriter, r *http.Request) {
	s.exportEnterprises(w, r, "text/csv; charset=utf-8", "csv", sheet.WriteEnterprisesCSV)
}

// exportEnterprises sends the enterprise list, filtered and sorted like the list page, as a
// download written by write. The rows stream from the database a page at a time.
func (s *Server) exportEnterprises(w http.ResponseWriter, r *http.Request, contentType, ext string,
	write func(io.Writer, iter.Seq2[portal.Enterprise, error]) error) {
	f, err := enterpriseFilter(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	date := s.now().In(portal.CST).Format("2006-01-02")
	out := &download{w: w, start: func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", contentType)
		w.Header().Set("Cache-Control", "no-store")
		attachment(w, "enterprises-"+date+"."+ext, "企业名录-"+date+"."+ext)
	}}
	err = write(out, s.allEnterprises(r.Context(), f))
	switch {
	case err == nil:
	case !out.started:
		s.renderError(w, r, err)
	default:
		// Half a file has gone out: cut the connection so the browser reports a failed
		// download instead of keeping a truncated list.
		s.log.Error("export failed half-way", "err", err, "request_id", middleware.GetReqID(r.Context()))
		panic(http.ErrAbortHandler)
	}
}

// allEnterprises yields every enterprise matching f, in f's order, reading pages of
// exportPageSize with their first contacts; it never holds more than one page.
func (s *Server) allEnterprises(ctx context.Context, f postgres.EnterpriseFilter) iter.Seq2[portal.Enterprise, error] {
	return func(yield func(portal.Enterprise, error) bool) {
		f.After, f.Limit = "", exportPageSize
		for {
			page, err := s.enterprises.List(ctx, f)
			if err != nil {
				yield(portal.Enterprise{}, err)
				return
			}
			ids := make([]int64, len(page.Enterprises))
			for i, e := range page.Enterprises {
				ids[i] = e.ID
			}
			contacts, err := s.enterprises.FirstContacts(ctx, ids)
			if err != nil {
				yield(portal.Enterprise{}, err)
				return
			}
			for _, e := range page.Enterprises {
				if c, ok := contacts[e.ID]; ok {
					e.Contacts = []portal.Contact{c}
				}
				if !yield(e, nil) {
					return
				}
			}
			if page.Next == "" {
				return
			}
			f.After = page.Next
		}
	}
}

// download writes a file to the client, setting its headers with the first byte, so that an
// error before any byte is written can still become an error page.
type download struct {
	w       http.ResponseWriter
	start   func(http.ResponseWriter)
	started bool
}

func (d *download) Write(p []byte) (int, error) {
	if !d.started {
		d.started = true
		d.start(d.w)
		d.w.WriteHeader(http.StatusOK)
	}
	return d.w.Write(p)
}
