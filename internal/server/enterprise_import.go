package server

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"breakfast/internal/i18n"
	"breakfast/internal/portal"
	"breakfast/internal/postgres"
	"breakfast/internal/sheet"
	"breakfast/web/pages"
)

// maxUploadBytes bounds the body of a spreadsheet upload; routes.go gives the upload route
// this limit instead of maxBodyBytes.
const maxUploadBytes = 20 << 20

// importBatch is how many checked rows are stored, and counted as progress, at a time.
const importBatch = 500

// importWait is how long an upload waits for its check before showing the preview: small
// files are done by then and the preview opens complete; large ones show their progress.
const importWait = 2 * time.Second

const xlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

func (s *Server) importPage(w http.ResponseWriter, r *http.Request) {
	s.renderImportPage(w, r, http.StatusOK, "")
}

func (s *Server) renderImportPage(w http.ResponseWriter, r *http.Request, status int, problem string) {
	recent, err := s.imports.Recent(r.Context(), 10)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.renderPage(w, r, status, pages.ImportUploadPage(s.frame(r), pages.ImportUpload{Problem: problem, Recent: recent}))
}

// importTemplate sends the import template, listing the active industry chains.
func (s *Server) importTemplate(w http.ResponseWriter, r *http.Request) {
	chains, err := s.chains.All(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	var names []string
	for _, c := range chains {
		if c.Active {
			names = append(names, c.Name)
		}
	}
	var buf bytes.Buffer
	t := func(key string, args ...any) string { return i18n.T(r.Context(), key, args...) }
	if err := sheet.EnterpriseTemplate(&buf, names, t); err != nil {
		s.renderError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", xlsxContentType)
	attachment(w, "enterprise-import-template.xlsx", "企业导入模板.xlsx")
	_, _ = buf.WriteTo(w)
}

// uploadImport saves the uploaded spreadsheet, starts checking it in the background and sends
// the browser to its preview.
func (s *Server) uploadImport(w http.ResponseWriter, r *http.Request) {
	// A 20 MiB upload over a slow line takes longer than the server's read timeout, which is
	// sized for forms.
	_ = http.NewResponseController(w).SetReadDeadline(time.Now().Add(5 * time.Minute))
	path, filename, err := saveUpload(r, "file")
	var problems portal.Problems
	if s.formFailed(w, r, err, &problems, func() { s.renderImportPage(w, r, http.StatusUnprocessableEntity, problems["file"]) }) {
		return
	}
	id, err := s.imports.Create(r.Context(), currentUser(r).ID, filename)
	if err != nil {
		_ = os.Remove(path)
		s.renderError(w, r, err)
		return
	}
	done := s.goBackground("check import", func(ctx context.Context) { s.checkImport(ctx, id, path) })
	select {
	case <-done:
	case <-time.After(importWait):
	case <-r.Context().Done():
	}
	redirect(w, r, "/enterprises/import/"+strconv.FormatInt(id, 10))
}

// saveUpload copies the file of the multipart form field to a temporary file, reading the
// body as a stream, and returns the file's path and its name as uploaded. A missing or empty
// file, or one that is not an .xlsx workbook (a zip archive), is EINVALID on the field; a body
// over the route's limit is the *http.MaxBytesError.
func saveUpload(r *http.Request, field string) (path, filename string, err error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return "", "", portal.Problems{field: "import.file_required"}.Err()
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return "", "", portal.Problems{field: "import.file_required"}.Err()
		}
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return "", "", err
		}
		if err != nil {
			return "", "", portal.Errorf(portal.EINVALID, "error.bad_request", "multipart")
		}
		if part.FormName() != field || part.FileName() == "" {
			continue
		}
		tmp, err := os.CreateTemp("", "breakfast-import-*.xlsx")
		if err != nil {
			return "", "", err
		}
		n, err := io.Copy(tmp, part)
		if closeErr := tmp.Close(); err == nil {
			err = closeErr
		}
		if err == nil {
			err = checkZip(tmp.Name(), n, field)
		}
		if err != nil {
			_ = os.Remove(tmp.Name())
			return "", "", err
		}
		return tmp.Name(), uploadName(part.FileName()), nil
	}
}

// checkZip refuses an empty file and one that does not start like a zip archive, which every
// .xlsx workbook is.
func checkZip(path string, size int64, field string) error {
	if size == 0 {
		return portal.Problems{field: "import.file_required"}.Err()
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	magic := make([]byte, 4)
	if _, err := io.ReadFull(f, magic); err != nil || string(magic) != "PK\x03\x04" {
		return portal.Problems{field: "import.not_xlsx"}.Err()
	}
	return nil
}

// uploadName is an uploaded file's name made safe to keep and show.
func uploadName(name string) string {
	name = strings.TrimSpace(strings.ToValidUTF8(name, ""))
	if utf8.RuneCountInString(name) > 200 {
		name = string([]rune(name)[:200])
	}
	return name
}

// checkImport checks the spreadsheet at path for import id and deletes the file. It runs in
// the background; a failure is recorded on the import for the preview to show.
func (s *Server) checkImport(ctx context.Context, id int64, path string) {
	defer os.Remove(path)
	select {
	case s.parseSlots <- struct{}{}:
		defer func() { <-s.parseSlots }()
	case <-ctx.Done():
		s.failImport(id, ctx.Err())
		return
	}
	if err := s.parseImport(ctx, id, path); err != nil {
		s.failImport(id, err)
	}
}

func (s *Server) parseImport(ctx context.Context, id int64, path string) error {
	chains, err := s.chains.All(ctx)
	if err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	file, err := sheet.OpenEnterprises(f)
	if err != nil {
		return err
	}
	defer file.Close()
	if err := s.imports.SetEstimate(ctx, id, file.EstimatedRows()); err != nil {
		return err
	}
	checker := portal.NewImportChecker(chains)
	batch := make([]portal.ImportRow, 0, importBatch)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := s.imports.AddRows(ctx, id, batch)
		batch = batch[:0]
		return err
	}
	err = file.Each(func(row portal.ImportRow) error {
		checker.Check(&row)
		batch = append(batch, row)
		if len(batch) == importBatch {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return err
	}
	return s.imports.Finish(ctx, id)
}

// failImport records why checking import id failed: the message of an application error (an
// unreadable file), import.interrupted when the server is shutting down, or an internal
// error, which is logged.
func (s *Server) failImport(id int64, cause error) {
	key, arg := "import.failed_internal", ""
	var appErr *portal.Error
	switch {
	case errors.As(cause, &appErr):
		key = appErr.Key
		if len(appErr.Args) > 0 {
			arg, _ = appErr.Args[0].(string)
		}
		s.log.Info("import refused", "import_id", id, "reason", cause)
	case errors.Is(cause, context.Canceled):
		key = "import.interrupted"
		s.log.Warn("import interrupted", "import_id", id)
	default:
		s.log.Error("import failed", "import_id", id, "err", cause)
	}
	// The background context may be cancelled already (shutdown); the mark must still be made.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(s.background), 10*time.Second)
	defer cancel()
	if err := s.imports.Fail(ctx, id, key, arg); err != nil {
		s.log.Error("import: recording the failure", "import_id", id, "err", err)
	}
}

// importPreview shows an import: progress, failure, or one page of its checked rows.
func (s *Server) importPreview(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	im, err := s.imports.ByID(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	q := r.URL.Query()
	filter := postgres.ImportRowFilter{OnlyInvalid: q.Get("show") == "invalid", Limit: 100}
	filter.After, _ = strconv.Atoi(q.Get("after"))
	view := pages.ImportPreview{Import: im, OnlyInvalid: filter.OnlyInvalid, OnFirst: filter.After == 0,
		FirstHref: pageHref(r, "after", "")}
	if (im.Status == portal.ImportReady || im.Status == portal.ImportImported) && im.RowsPurgedAt == nil {
		var more bool
		view.Rows, more, err = s.imports.Rows(r.Context(), id, filter)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		if more {
			view.NextHref = pageHref(r, "after", strconv.Itoa(view.Rows[len(view.Rows)-1].Number))
		}
	}
	s.renderPage(w, r, http.StatusOK, pages.ImportPreviewPage(s.frame(r), view))
}

// importStatus answers the preview page's script with how far checking has come.
func (s *Server) importStatus(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	im, err := s.imports.ByID(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, struct {
		Status    portal.ImportStatus `json:"status"`
		Processed int                 `json:"processed"`
		Total     int                 `json:"total"`
		Done      bool                `json:"done"`
		Text      string              `json:"text"`
	}{im.Status, im.ProcessedRows, im.TotalRows, im.Status != portal.ImportParsing,
		pages.ImportProgressText(r.Context(), im)})
}

// confirmImport imports the valid rows of a checked import, all or nothing.
func (s *Server) confirmImport(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	n, err := s.imports.Confirm(r.Context(), id, currentUser(r).ID)
	var appErr *portal.Error
	if errors.As(err, &appErr) && appErr.Key == "import.confirm_stale" {
		// Rows were marked: show them, with the reason, rather than an error page.
		s.flash(r, appErr.Key, appErr.Args...)
		redirect(w, r, "/enterprises/import/"+strconv.FormatInt(id, 10)+"?show=invalid")
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.flash(r, "import.imported_ok", n)
	redirect(w, r, "/enterprises")
}
