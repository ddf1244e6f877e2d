package portal

import (
	"strings"
	"time"
)

// Chain is an industry chain (产业链): a group of key enterprises a district leader, the chain
// head (链长), looks after. Inactive chains are kept for history but take no new meetings.
type Chain struct {
	ID          int64
	Name        string
	Description string
	LeaderName  string // 链长姓名
	LeaderTitle string // 链长职务
	Active      bool
	CreatedAt   time.Time
}

// ChainInput is what an official or administrator enters to create or change a chain.
type ChainInput struct {
	Name        string
	Description string
	LeaderName  string
	LeaderTitle string
}

// Normalize trims surrounding white space from every field.
func (in *ChainInput) Normalize() {
	in.Name = strings.TrimSpace(in.Name)
	in.Description = strings.TrimSpace(in.Description)
	in.LeaderName = strings.TrimSpace(in.LeaderName)
	in.LeaderTitle = strings.TrimSpace(in.LeaderTitle)
}

// Validate checks the input and returns an EINVALID *Error naming each bad field, or nil.
// Uniqueness of the name is the store's to check.
func (in ChainInput) Validate() error {
	p := Problems{}
	checkText(p, "name", in.Name, true, 50)
	checkText(p, "description", in.Description, false, 500)
	checkText(p, "leader_name", in.LeaderName, true, 20)
	checkText(p, "leader_title", in.LeaderTitle, false, 50)
	return p.Err()
}

// DepartmentSummary is a department as its list shows it: with how many enabled staff
// accounts it has.
type DepartmentSummary struct {
	Department
	Staff int
}

// DepartmentInput is what an official or administrator enters to create or change a
// responsible department.
type DepartmentInput struct {
	Name         string
	ShortName    string
	ContactName  string
	ContactPhone string
}

// Normalize trims surrounding white space from every field.
func (in *DepartmentInput) Normalize() {
	in.Name = strings.TrimSpace(in.Name)
	in.ShortName = strings.TrimSpace(in.ShortName)
	in.ContactName = strings.TrimSpace(in.ContactName)
	in.ContactPhone = strings.TrimSpace(in.ContactPhone)
}

// Validate checks the input and returns an EINVALID *Error naming each bad field, or nil. The
// contact phone is optional; when given it must pass ValidPhone. Uniqueness of the name is the
// store's to check.
func (in DepartmentInput) Validate() error {
	p := Problems{}
	checkText(p, "name", in.Name, true, 50)
	checkText(p, "short_name", in.ShortName, false, 20)
	checkText(p, "contact_name", in.ContactName, false, 20)
	if in.ContactPhone != "" && !ValidPhone(in.ContactPhone) {
		p.Add("contact_phone", "departments.phone_invalid")
	}
	return p.Err()
}
