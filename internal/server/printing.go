package server

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"breakfast/internal/i18n"
	"breakfast/internal/portal"
	"breakfast/internal/printing"
	"breakfast/internal/sheet"
	"breakfast/web/pages"

	"github.com/go-chi/chi/v5"
)

// printSetup is the meeting staff's print page: the documents with their options, and the
// seat assignment.
func (s *Server) printSetup(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.renderPrintSetup(w, r, http.StatusOK, id, pages.SeatForm{})
}

func (s *Server) renderPrintSetup(w http.ResponseWriter, r *http.Request, status int, id int64, seats pages.SeatForm) {
	m, err := s.meetings.ByID(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	attendees, err := s.prints.Attendees(r.Context(), id, printing.OrderEnterprise)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.renderPage(w, r, status, pages.PrintSetup(s.frame(r), pages.PrintSetupView{Meeting: m, Attendees: attendees,
		Options: printing.DefaultOptions(), Seats: seats,
		SeatsLocked: m.Status == portal.MeetingClosed || m.Status == portal.MeetingCancelled}))
}

// saveSeats stores the seats typed for every attendee, all or none. A bad label shows the
// page again with 422, the message beside its field and every typed seat kept.
func (s *Server) saveSeats(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	var form pages.SeatForm
	problems, err := decodeForm(r, &form)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	seats, ok := form.Map()
	if !ok {
		s.renderError(w, r, portal.Errorf(portal.EINVALID, "error.bad_request", "seat"))
		return
	}
	if err = problems.Err(); err == nil {
		err = s.prints.SaveSeats(r.Context(), id, seats)
	}
	if s.formFailed(w, r, err, &form.Problems, func() {
		s.renderPrintSetup(w, r, http.StatusUnprocessableEntity, id, form)
	}) {
		return
	}
	s.flash(r, "print.seats_saved")
	redirect(w, r, "/meetings/"+strconv.FormatInt(id, 10)+"/print#seats")
}

// printFormats are the file types a document downloads as, by extension.
var printFormats = map[string]string{
	"pdf":  "application/pdf",
	"xlsx": xlsxContentType,
	"csv":  "text/csv; charset=utf-8",
}

// printDocument shows a document's print page (/print/signin) or sends it as a file
// (/print/signin.pdf, .xlsx, .csv), with the options of the query (see printing.ParseOptions).
// Mobile numbers are masked unless the query asks for them in full; none is ever logged.
func (s *Server) printDocument(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	name, ext, _ := strings.Cut(chi.URLParam(r, "doc"), ".")
	doc, ok := printing.ParseDoc(name)
	contentType, known := printFormats[ext]
	if !ok || ext != "" && !known {
		s.renderError(w, r, portal.Errorf(portal.ENOTFOUND, "error.not_found"))
		return
	}
	ctx := r.Context()
	m, err := s.meetings.ByID(ctx, id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	opts := printing.ParseOptions(r.URL.Query())
	attendees, err := s.prints.Attendees(ctx, id, opts.Order)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	tr := func(key string, args ...any) string { return i18n.T(ctx, key, args...) }
	table := printing.NewTable(doc, pages.PrintHeader(ctx, m, doc, s.now()), attendees, opts, tr)
	var buf bytes.Buffer
	switch ext {
	case "":
		base := "/meetings/" + strconv.FormatInt(id, 10) + "/print/" + string(doc)
		s.renderPage(w, r, http.StatusOK, pages.PrintDocument(pages.PrintDocumentView{Table: table, Base: base,
			Query: opts.Query(doc)}))
		return
	case "pdf":
		err = s.printer.WritePDF(&buf, table, tr)
	case "xlsx":
		err = sheet.WriteAttendeesXLSX(&buf, table, i18n.T(ctx, "print.page_of_excel"))
	case "csv":
		err = sheet.WriteAttendeesCSV(&buf, table)
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	date := m.StartsAt.In(portal.CST).Format("2006-01-02")
	attachment(w, date+"-meeting-"+strconv.FormatInt(id, 10)+"-"+string(doc)+"."+ext,
		pages.PrintFileName(ctx, m, doc, ext))
	_, _ = buf.WriteTo(w)
}
