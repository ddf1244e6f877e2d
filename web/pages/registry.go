package pages

import (
	"context"

	"breakfast/internal/i18n"
	"breakfast/internal/portal"
)

// ChainForm is the create/edit form of an industry chain as typed.
type ChainForm struct {
	ID          int64
	Name        string `form:"name"`
	Description string `form:"description"`
	LeaderName  string `form:"leader_name"`
	LeaderTitle string `form:"leader_title"`
	Problems    portal.Problems
}

// DepartmentList is the list of responsible departments with its keyset pager.
type DepartmentList struct {
	Departments []portal.DepartmentSummary
	NextHref    string
	FirstHref   string
	OnFirst     bool
}

// DepartmentForm is the create/edit form of a responsible department as typed.
type DepartmentForm struct {
	ID           int64
	Name         string `form:"name"`
	ShortName    string `form:"short_name"`
	ContactName  string `form:"contact_name"`
	ContactPhone string `form:"contact_phone"`
	Problems     portal.Problems
}

func chainFormTitle(ctx context.Context, form ChainForm) string {
	if form.ID == 0 {
		return i18n.T(ctx, "chains.new")
	}
	return i18n.T(ctx, "chains.edit")
}

func departmentFormTitle(ctx context.Context, form DepartmentForm) string {
	if form.ID == 0 {
		return i18n.T(ctx, "departments.new")
	}
	return i18n.T(ctx, "departments.edit")
}
