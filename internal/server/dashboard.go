package server

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"time"

	"breakfast/internal/i18n"
	"breakfast/internal/portal"
	"breakfast/internal/postgres"
	"breakfast/internal/sheet"
	"breakfast/web/pages"
)

// dashboardFilter turns the dashboard's form into the store's filter at now. Empty dates
// take the defaults (1 January of this year up to today); a date that does not parse, or an
// end before the start, is a problem on its field, and the defaults are used for the figures
// meanwhile.
func dashboardFilter(form pages.DashboardForm, problems portal.Problems, now time.Time) postgres.DashboardFilter {
	today := now.In(portal.CST)
	yearStart := time.Date(today.Year(), 1, 1, 0, 0, 0, 0, portal.CST)
	todayStart := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, portal.CST)
	f := postgres.DashboardFilter{Now: now, From: yearStart, To: todayStart, Sort: postgres.RankingSort(form.Sort),
		Reverse: form.Dir == "reverse"}
	start, end := dayRange(form.From, form.To, problems)
	if start != nil {
		f.From = *start
	}
	if end != nil {
		f.To = end.AddDate(0, 0, -1) // the dashboard's To is the period's last day
	}
	if f.To.Before(f.From) {
		problems.Add("to", "field.range_invalid")
		f.From, f.To = yearStart, todayStart
	}
	for field, s := range map[string]string{"chain": form.Chain, "department": form.Department} {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			problems.Add(field, "field.bad_number")
			continue
		}
		if field == "chain" {
			f.ChainID = &id
		} else {
			f.DepartmentID = &id
		}
	}
	if !f.Sort.Valid() {
		f.Sort = postgres.RankByOnTime
	}
	return f
}

// showDashboard is the supervision dashboard: officials and administrators see every
// department, department staff their own department's figures (the store enforces it).
// A filter that does not parse shows its message with 422, the typed values kept, and the
// figures of the default period.
func (s *Server) showDashboard(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var form pages.DashboardForm
	problems, err := decodeForm(r, &form)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	now := s.now()
	filter := dashboardFilter(form, problems, now)
	u := currentUser(r)
	d, err := s.dashboards.Dashboard(ctx, filter, portal.ViewerOf(u))
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	chains, err := s.chains.All(ctx)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	view := pages.DashboardView{D: d, Form: form, Chains: chains,
		BulletinMonth: previousMonth(now).Format("2006-01")}
	if u.Is(portal.RoleDepartment) {
		view.OwnDepartment = u.Department
		view.Form.Department = ""
	} else if view.Departments, err = s.departments.All(ctx); err != nil {
		s.renderError(w, r, err)
		return
	}
	// The form shows the period the figures are for: the defaults when nothing was typed.
	if strings.TrimSpace(view.Form.From) == "" {
		view.Form.From = d.Filter.From.Format("2006-01-02")
	}
	if strings.TrimSpace(view.Form.To) == "" {
		view.Form.To = d.Filter.To.Format("2006-01-02")
	}
	status := http.StatusOK
	if len(problems) > 0 {
		view.Form.Problems = problems
		status = http.StatusUnprocessableEntity
	}
	s.renderPage(w, r, status, pages.Dashboard(s.frame(r), view))
}

// previousMonth is the first day of the month before now's, in China time: the month a
// bulletin is usually issued for.
func previousMonth(now time.Time) time.Time {
	t := now.In(portal.CST)
	return time.Date(t.Year(), t.Month()-1, 1, 0, 0, 0, 0, portal.CST)
}

// bulletinMonth reads ?month=2026-11; without it, the previous month.
func bulletinMonth(r *http.Request, now time.Time) (time.Time, error) {
	v := strings.TrimSpace(r.URL.Query().Get("month"))
	if v == "" {
		return previousMonth(now), nil
	}
	t, err := time.ParseInLocation("2006-01", v, portal.CST)
	if err != nil || t.Year() < 2000 || t.Year() > 2100 {
		return time.Time{}, portal.Errorf(portal.EINVALID, "bulletin.month_invalid")
	}
	return t, nil
}

// showBulletin is the monthly bulletin of ?month= as a print page (/dashboard/bulletin), a PDF
// (/dashboard/bulletin.pdf) or a workbook (/dashboard/bulletin.xlsx), named like
// "2026年11月 政企早餐会月度通报.pdf". Department staff get their own department's bulletin.
func (s *Server) showBulletin(ext string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		now := s.now()
		month, err := bulletinMonth(r, now)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		u := currentUser(r)
		b, err := s.dashboards.Bulletin(ctx, month, now, portal.ViewerOf(u))
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		department := ""
		if u.Is(portal.RoleDepartment) {
			department = u.Department
		}
		report := pages.BulletinReport(ctx, b, department, now)
		tr := func(key string, args ...any) string { return i18n.T(ctx, key, args...) }
		var buf bytes.Buffer
		switch ext {
		case "":
			s.renderPage(w, r, http.StatusOK, pages.Bulletin(pages.BulletinView{Report: report, Month: b.Month.Format("2006-01")}))
			return
		case "pdf":
			err = s.printer.WriteReportPDF(&buf, report, tr)
		case "xlsx":
			err = sheet.WriteReportXLSX(&buf, report, i18n.T(ctx, "print.page_of_excel"))
		}
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		w.Header().Set("Content-Type", printFormats[ext])
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
		attachment(w, "bulletin-"+b.Month.Format("2006-01")+"."+ext, pages.BulletinFileName(ctx, b, ext))
		_, _ = buf.WriteTo(w)
	}
}
