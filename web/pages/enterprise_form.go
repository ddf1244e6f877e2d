package pages

import (
	"context"
	"strconv"

	"breakfast/internal/i18n"
	"breakfast/internal/portal"
)

// EnterpriseFormMode says who fills in the enterprise form and so which fields it shows.
type EnterpriseFormMode int

// The enterprise form's modes.
const (
	FormRegister     EnterpriseFormMode = iota // an entrepreneur registering
	FormOfficialNew                            // an official adding an enterprise
	FormOfficialEdit                           // an official changing one
	FormOwner                                  // an entrepreneur changing their own
)

// EnterpriseForm is the enterprise form as typed. Contacts come as parallel columns.
type EnterpriseForm struct {
	Mode       EnterpriseFormMode
	ID         int64
	Status     portal.EnterpriseStatus
	ReviewNote string

	Name           string   `form:"name"`
	USCC           string   `form:"uscc"`
	Scale          string   `form:"scale"`
	AnnualOutput   string   `form:"annual_output"`
	IsKey          bool     `form:"is_key"`
	Address        string   `form:"address"`
	Park           string   `form:"park"`
	LegalRep       string   `form:"legal_rep"`
	ChainIDs       []int64  `form:"chain_ids"`
	ContactNames   []string `form:"contact_name"`
	ContactTitles  []string `form:"contact_title"`
	ContactMobiles []string `form:"contact_mobile"`
	ContactEmails  []string `form:"contact_email"`

	Chains   []portal.ChainRef // the chains to choose from
	Problems portal.Problems
}

// ContactRow is one row of the contacts table with its values and problems.
type ContactRow struct {
	N                          string
	Name, Title, Mobile, Email string
	NameProblem, MobileProblem string
	TitleProblem, EmailProblem string
}

// ContactRows returns the rows to show: every typed row, padded to three, at most MaxContacts.
// Problems are matched to the rows the domain numbered, which skip rows left empty.
func (f EnterpriseForm) ContactRows() []ContactRow {
	n := max(len(f.ContactNames), 3)
	n = min(n, portal.MaxContacts)
	rows := make([]ContactRow, n)
	filled := 0
	for i := range rows {
		r := ContactRow{N: strconv.Itoa(i), Name: at(f.ContactNames, i), Title: at(f.ContactTitles, i),
			Mobile: at(f.ContactMobiles, i), Email: at(f.ContactEmails, i)}
		empty := r.Name == "" && r.Title == "" && r.Mobile == "" && r.Email == ""
		if !empty {
			k := strconv.Itoa(filled)
			r.NameProblem = f.Problems["contact_name_"+k]
			r.TitleProblem = f.Problems["contact_title_"+k]
			r.MobileProblem = f.Problems["contact_mobile_"+k]
			r.EmailProblem = f.Problems["contact_email_"+k]
			filled++
		}
		rows[i] = r
	}
	if filled == 0 && len(rows) > 0 {
		rows[0].NameProblem = f.Problems["contact_name_0"]
	}
	return rows
}

func at(values []string, i int) string {
	if i < len(values) {
		return values[i]
	}
	return ""
}

// HasChain reports whether the chain is ticked.
func (f EnterpriseForm) HasChain(id int64) bool {
	for _, x := range f.ChainIDs {
		if x == id {
			return true
		}
	}
	return false
}

// Official reports whether an official fills in the form.
func (f EnterpriseForm) Official() bool {
	return f.Mode == FormOfficialNew || f.Mode == FormOfficialEdit
}

// Action is the URL the form posts to.
func (f EnterpriseForm) Action() string {
	switch f.Mode {
	case FormRegister:
		return "/register"
	case FormOfficialNew:
		return "/enterprises/new"
	case FormOfficialEdit:
		return "/enterprises/" + strconv.FormatInt(f.ID, 10) + "/edit"
	default:
		return "/my/enterprise/edit"
	}
}

// RegisterForm is the self-registration form: the account and the enterprise.
type RegisterForm struct {
	Username    string `form:"username"`
	DisplayName string `form:"display_name"`
	Password    string `form:"password"`
	Enterprise  EnterpriseForm
	Problems    portal.Problems
}

// RejectForm is an official's reason for rejecting a registration.
type RejectForm struct {
	Reason   string `form:"reason"`
	Problems portal.Problems
}

func enterpriseFormTitle(ctx context.Context, f EnterpriseForm) string {
	switch f.Mode {
	case FormOfficialNew:
		return i18n.T(ctx, "enterprise.new")
	case FormOfficialEdit:
		return i18n.T(ctx, "enterprise.edit")
	default:
		return i18n.T(ctx, "enterprise.edit_own")
	}
}

func enterpriseSubmitKey(f EnterpriseForm) string {
	if f.Mode == FormOwner && f.Status == portal.EnterpriseRejected {
		return "enterprise.resubmit"
	}
	return "form.save"
}

func enterpriseCancelHref(f EnterpriseForm) string {
	switch f.Mode {
	case FormOfficialNew:
		return "/enterprises"
	case FormOfficialEdit:
		return "/enterprises/" + strconv.FormatInt(f.ID, 10)
	default:
		return "/my/enterprise"
	}
}
