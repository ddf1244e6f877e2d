package server

import (
	"bytes"
	"net/http"
	"strconv"

	"breakfast/internal/i18n"
	"breakfast/internal/portal"
	"breakfast/internal/printing"
	"breakfast/internal/sheet"
	"breakfast/web/pages"

	"github.com/go-chi/chi/v5"
)

// meetingDemands is a meeting's demand list (问题清单) for officials.
func (s *Server) meetingDemands(w http.ResponseWriter, r *http.Request) {
	m, err := s.meetingFromPath(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	list, err := s.demandReports.MeetingDemands(r.Context(), m.ID, portal.ViewerOf(currentUser(r)))
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.renderPage(w, r, http.StatusOK, pages.MeetingDemands(s.frame(r), pages.MeetingDemandsView{Meeting: m, Demands: list, Now: s.now()}))
}

// demandListFormats are the file types the demand list downloads as, by extension; "print"
// is its print page.
var demandListFormats = map[string]string{
	"pdf":  "application/pdf",
	"xlsx": xlsxContentType,
	"csv":  "text/csv; charset=utf-8",
}

// meetingDemandsPrint is the demand list's print page.
func (s *Server) meetingDemandsPrint(w http.ResponseWriter, r *http.Request) {
	s.meetingDemandsDocument(w, r, "")
}

// meetingDemandsFile sends the demand list as a PDF, Excel or CSV file
// (/meetings/{id}/demands.pdf, .xlsx, .csv), named after the meeting's date and theme.
func (s *Server) meetingDemandsFile(w http.ResponseWriter, r *http.Request) {
	ext := chi.URLParam(r, "ext")
	if _, ok := demandListFormats[ext]; !ok {
		s.renderError(w, r, portal.Errorf(portal.ENOTFOUND, "error.not_found"))
		return
	}
	s.meetingDemandsDocument(w, r, ext)
}

func (s *Server) meetingDemandsDocument(w http.ResponseWriter, r *http.Request, ext string) {
	ctx := r.Context()
	m, err := s.meetingFromPath(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	list, err := s.demandReports.MeetingDemands(ctx, m.ID, portal.ViewerOf(currentUser(r)))
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	now := s.now()
	tr := func(key string, args ...any) string { return i18n.T(ctx, key, args...) }
	items := pages.DemandItems(ctx, list, now)
	table := printing.NewDemandTable(pages.DemandListHeader(ctx, m, now), items, tr)
	base := "/meetings/" + strconv.FormatInt(m.ID, 10) + "/demands"
	var buf bytes.Buffer
	switch ext {
	case "":
		overdue := make([]bool, len(items))
		for i, it := range items {
			overdue[i] = it.Overdue
		}
		s.renderPage(w, r, http.StatusOK, pages.DemandListPrint(pages.DemandListPrintView{Table: table, Overdue: overdue, Base: base}))
		return
	case "pdf":
		err = s.printer.WriteDemandsPDF(&buf, table, tr)
	case "xlsx":
		err = sheet.WriteDemandsXLSX(&buf, table, i18n.T(ctx, "print.page_of_excel"))
	case "csv":
		err = sheet.WriteDemandsCSV(&buf, table)
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", demandListFormats[ext])
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	date := m.StartsAt.In(portal.CST).Format("2006-01-02")
	attachment(w, date+"-meeting-"+strconv.FormatInt(m.ID, 10)+"-demands."+ext, pages.DemandListFileName(ctx, m, ext))
	_, _ = buf.WriteTo(w)
}

// enterpriseActivity collects an enterprise page's meetings and demands sections.
func (s *Server) enterpriseActivity(r *http.Request, enterpriseID int64) (pages.EnterpriseActivityView, error) {
	a := pages.EnterpriseActivityView{EnterpriseID: enterpriseID, Now: s.now()}
	var err error
	if a.Meetings, err = s.demandReports.EnterpriseMeetings(r.Context(), enterpriseID); err != nil {
		return a, err
	}
	a.Demands, a.DemandTotal, err = s.demandReports.EnterpriseDemands(r.Context(), enterpriseID, portal.ViewerOf(currentUser(r)))
	return a, err
}
