package server

import (
	"context"
	"io"
	"iter"
	"net/http"
	"strings"
	"time"

	"breakfast/internal/i18n"
	"breakfast/internal/portal"
	"breakfast/internal/postgres"
	"breakfast/internal/sheet"

	"github.com/go-chi/chi/v5/middleware"
)

// demandExportPageSize is how many demands the export reads from the database at a time.
const demandExportPageSize = 500

func (s *Server) exportDemandsXLSX(w http.ResponseWriter, r *http.Request) {
	s.exportDemands(w, r, xlsxContentType, "xlsx", func(w io.Writer, cols []sheet.Column, rows iter.Seq2[[]any, error]) error {
		return sheet.WriteListXLSX(w, i18n.T(r.Context(), "demand_export.sheet"), cols, rows)
	})
}

func (s *Server) exportDemandsCSV(w http.ResponseWriter, r *http.Request) {
	s.exportDemands(w, r, "text/csv; charset=utf-8", "csv", sheet.WriteListCSV)
}

// exportDemands sends the officials' demand list, with the list page's filters, newest first,
// as a download written by write. The rows stream from the database a keyset page at a time:
// a 100,000-row export never holds more than one page.
func (s *Server) exportDemands(w http.ResponseWriter, r *http.Request, contentType, ext string,
	write func(io.Writer, []sheet.Column, iter.Seq2[[]any, error]) error) {
	ctx := r.Context()
	now := s.now()
	f, typed, err := demandListFilter(r, now)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if len(typed.Problems) > 0 {
		// The list shows what is wrong next to the fields; an export would ignore the period.
		redirect(w, r, "/demands?"+r.URL.RawQuery)
		return
	}
	date := now.In(portal.CST).Format("2006-01-02")
	out := &download{w: w, start: func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", contentType)
		w.Header().Set("Cache-Control", "no-store")
		attachment(w, "demands-"+date+"."+ext, i18n.T(ctx, "demand_export.filename")+"-"+date+"."+ext)
	}}
	err = write(out, demandExportColumns(ctx), s.demandRecords(ctx, f, portal.ViewerOf(currentUser(r))))
	switch {
	case err == nil:
	case !out.started:
		s.renderError(w, r, err)
	default:
		// Half a file has gone out: cut the connection so the browser reports a failed
		// download instead of keeping a truncated list.
		s.log.Error("demand export failed half-way", "err", err, "request_id", middleware.GetReqID(ctx))
		panic(http.ErrAbortHandler)
	}
}

func demandExportColumns(ctx context.Context) []sheet.Column {
	cols := []struct {
		key   string
		width float64
	}{{"id", 8}, {"title", 40}, {"enterprise", 30}, {"category", 10}, {"status", 14}, {"priority", 8}, {"lead", 22},
		{"co", 30}, {"meeting", 30}, {"created", 17}, {"assigned", 17}, {"limit", 10}, {"deadline", 12}, {"answered", 17},
		{"rating", 10}, {"closed", 17}, {"supervised", 6}}
	out := make([]sheet.Column, len(cols))
	for i, c := range cols {
		out[i] = sheet.Column{Header: i18n.T(ctx, "demand_export.col_"+c.key), Width: c.width}
	}
	return out
}

// demandRecords yields the demands v may see that match f as export rows, reading pages of
// demandExportPageSize; it never holds more than one page.
func (s *Server) demandRecords(ctx context.Context, f postgres.DemandFilter, v portal.Viewer) iter.Seq2[[]any, error] {
	lang := i18n.LangOf(ctx)
	stamp := func(t *time.Time) any {
		if t == nil {
			return ""
		}
		return t.In(portal.CST).Format("2006-01-02 15:04")
	}
	return func(yield func([]any, error) bool) {
		f.After, f.Limit = "", demandExportPageSize
		for {
			page, err := s.demands.List(ctx, f, v)
			if err != nil {
				yield(nil, err)
				return
			}
			for _, d := range page.Demands {
				category := d.CategoryZH
				if lang == portal.LangEN {
					category = d.CategoryEN
				}
				var limit, deadline, rating, supervised any = "", "", "", ""
				if d.TimeLimitDays != nil {
					limit = *d.TimeLimitDays
				}
				if d.Deadline != nil {
					deadline = d.Deadline.Format("2006-01-02")
				}
				if d.Rating != nil {
					rating = i18n.T(ctx, "rating."+string(*d.Rating))
				}
				if d.Supervised {
					supervised = i18n.T(ctx, "demand_export.yes")
				}
				created := d.CreatedAt
				row := []any{d.ID, d.Title, d.EnterpriseName, category, i18n.T(ctx, "demand_status."+string(d.Status)),
					i18n.T(ctx, "priority."+string(d.Priority)), d.LeadDepartment, strings.Join(d.CoDepartments, "、"),
					d.MeetingTheme, stamp(&created), stamp(d.AssignedAt), limit, deadline, stamp(d.AnsweredAt), rating,
					stamp(d.ClosedAt), supervised}
				if !yield(row, nil) {
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
