package server

import (
	"net/http"
	"strconv"

	"breakfast/internal/i18n"
	"breakfast/internal/portal"
	"breakfast/internal/postgres"
	"breakfast/web/pages"
)

// Demand categories (诉求类别): administrators add, rename (Chinese and English), reorder and
// deactivate them. A deactivated category is no longer offered on the intake form; demands
// that have it keep showing it. Categories are never deleted.

const categoriesPath = "/admin/categories"

// listCategories shows every category in the order the intake form offers them, with how
// many demands use each.
func (s *Server) listCategories(w http.ResponseWriter, r *http.Request) {
	list, err := s.demands.CategoryUses(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	days, err := s.settings.RatingWindowDays(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.renderPage(w, r, http.StatusOK, pages.Categories(s.frame(r), list, days))
}

func (s *Server) newCategoryPage(w http.ResponseWriter, r *http.Request) {
	s.renderPage(w, r, http.StatusOK, pages.CategoryEdit(s.frame(r), pages.CategoryForm{}))
}

func (s *Server) createCategory(w http.ResponseWriter, r *http.Request) {
	var form pages.CategoryForm
	problems, err := decodeForm(r, &form)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	form.Problems = problems
	var saved *postgres.DemandCategory
	if err = problems.Err(); err == nil {
		saved, err = s.demands.CreateCategory(r.Context(), portal.CategoryInput{NameZH: form.NameZH, NameEN: form.NameEN})
	}
	if s.categoryFormFailed(w, r, err, form) {
		return
	}
	s.flash(r, "categories.created_ok", saved.Name(i18n.LangOf(r.Context())))
	redirect(w, r, categoriesPath)
}

func (s *Server) editCategoryPage(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	c, err := s.demands.Category(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.renderPage(w, r, http.StatusOK, pages.CategoryEdit(s.frame(r), pages.CategoryForm{ID: c.ID, NameZH: c.NameZH, NameEN: c.NameEN}))
}

func (s *Server) updateCategory(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if _, err := s.demands.Category(r.Context(), id); err != nil {
		s.renderError(w, r, err)
		return
	}
	var form pages.CategoryForm
	problems, err := decodeForm(r, &form)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	form.ID, form.Problems = id, problems
	var saved *postgres.DemandCategory
	if err = problems.Err(); err == nil {
		saved, err = s.demands.RenameCategory(r.Context(), id, portal.CategoryInput{NameZH: form.NameZH, NameEN: form.NameEN})
	}
	if s.categoryFormFailed(w, r, err, form) {
		return
	}
	s.flash(r, "categories.updated_ok", saved.Name(i18n.LangOf(r.Context())))
	redirect(w, r, categoriesPath)
}

// moveCategory moves a category one place up or down (direction=up|down).
func (s *Server) moveCategory(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	var form struct {
		Direction string `form:"direction"`
	}
	if _, err := decodeForm(r, &form); err != nil {
		s.renderError(w, r, err)
		return
	}
	delta := 1
	switch form.Direction {
	case "up":
		delta = -1
	case "down":
	default:
		s.renderError(w, r, portal.Errorf(portal.EINVALID, "error.bad_request", "direction"))
		return
	}
	if err := s.demands.MoveCategory(r.Context(), id, delta); err != nil {
		s.renderError(w, r, err)
		return
	}
	redirect(w, r, categoriesPath+"#category-"+strconv.FormatInt(id, 10))
}

// setCategoryActive sets the active flag to the posted value rather than flipping it, so a
// double-submitted form cannot undo itself.
func (s *Server) setCategoryActive(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	var form struct {
		Active bool `form:"active"`
	}
	if _, err := decodeForm(r, &form); err != nil {
		s.renderError(w, r, err)
		return
	}
	c, err := s.demands.SetCategoryActive(r.Context(), id, form.Active)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if c.Active {
		s.flash(r, "categories.activated_ok", c.Name(i18n.LangOf(r.Context())))
	} else {
		s.flash(r, "categories.deactivated_ok", c.Name(i18n.LangOf(r.Context())))
	}
	redirect(w, r, categoriesPath)
}

// categoryFormFailed re-renders the category form after a failed save; see formFailed.
func (s *Server) categoryFormFailed(w http.ResponseWriter, r *http.Request, err error, form pages.CategoryForm) bool {
	return s.formFailed(w, r, err, &form.Problems, func() {
		s.renderPage(w, r, http.StatusUnprocessableEntity, pages.CategoryEdit(s.frame(r), form))
	})
}

// settingsPage shows the settings an administrator changes: the rating window.
func (s *Server) settingsPage(w http.ResponseWriter, r *http.Request) {
	days, err := s.settings.RatingWindowDays(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.renderPage(w, r, http.StatusOK, pages.SettingsEdit(s.frame(r), pages.SettingsForm{RatingWindowDays: strconv.Itoa(days)}))
}

// saveSettings saves the rating window; a bad number re-renders the form with 422.
func (s *Server) saveSettings(w http.ResponseWriter, r *http.Request) {
	var form pages.SettingsForm
	problems, err := decodeForm(r, &form)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	form.Problems = problems
	days, convErr := strconv.Atoi(form.RatingWindowDays)
	if convErr != nil {
		form.Problems.Add("rating_window_days", "settings.rating_window_invalid")
	}
	if err = form.Problems.Err(); err == nil {
		err = s.settings.SetRatingWindowDays(r.Context(), days)
	}
	if s.formFailed(w, r, err, &form.Problems, func() {
		s.renderPage(w, r, http.StatusUnprocessableEntity, pages.SettingsEdit(s.frame(r), form))
	}) {
		return
	}
	s.flash(r, "settings.saved_ok", days)
	redirect(w, r, "/admin/settings")
}
