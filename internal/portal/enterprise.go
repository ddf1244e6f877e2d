package portal

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// EnterpriseStatus is where an enterprise's registration stands.
type EnterpriseStatus string

// Registration states: only verified enterprises can be invited or submit demands.
const (
	EnterprisePending  EnterpriseStatus = "pending"
	EnterpriseVerified EnterpriseStatus = "verified"
	EnterpriseRejected EnterpriseStatus = "rejected"
)

// EnterpriseStatuses lists every status in display order.
var EnterpriseStatuses = []EnterpriseStatus{EnterprisePending, EnterpriseVerified, EnterpriseRejected}

// Valid reports whether s is a known status.
func (s EnterpriseStatus) Valid() bool {
	return s == EnterprisePending || s == EnterpriseVerified || s == EnterpriseRejected
}

// Scale is an enterprise's size class in statistics: above or below the designated size (规上/规下).
type Scale string

// The two scales.
const (
	ScaleAbove Scale = "above" // 规模以上
	ScaleBelow Scale = "below" // 规模以下
)

// Valid reports whether s is a known scale.
func (s Scale) Valid() bool { return s == ScaleAbove || s == ScaleBelow }

// Enterprise is a registered enterprise.
type Enterprise struct {
	ID           int64
	Name         string
	USCC         string
	Scale        Scale
	AnnualOutput *float64 // 万元
	IsKey        bool
	Address      string
	Park         string
	LegalRep     string
	Status       EnterpriseStatus
	ReviewNote   string
	ReviewedAt   *time.Time
	SubmittedAt  time.Time
	CreatedAt    time.Time
	Chains       []ChainRef
	Contacts     []Contact
}

// ChainRef names an industry chain.
type ChainRef struct {
	ID   int64
	Name string
}

// Contact is a person to reach at an enterprise.
type Contact struct {
	Name   string
	Title  string
	Mobile string
	Email  string
}

// Empty reports whether no field of the contact was filled in.
func (c Contact) Empty() bool {
	return c.Name == "" && c.Title == "" && c.Mobile == "" && c.Email == ""
}

// EnterpriseInput is what an official or a registering entrepreneur enters about an enterprise.
type EnterpriseInput struct {
	Name         string
	USCC         string
	Scale        Scale
	AnnualOutput string // 万元, optional decimal
	IsKey        bool
	Address      string
	Park         string
	LegalRep     string
	ChainIDs     []int64
	Contacts     []Contact
}

// MaxContacts is how many contacts an enterprise keeps.
const MaxContacts = 5

// Normalize trims the input, upper-cases the USCC and drops empty contact rows.
func (in *EnterpriseInput) Normalize() {
	in.Name = strings.TrimSpace(in.Name)
	in.USCC = NormalizeUSCC(in.USCC)
	in.AnnualOutput = strings.TrimSpace(in.AnnualOutput)
	in.Address = strings.TrimSpace(in.Address)
	in.Park = strings.TrimSpace(in.Park)
	in.LegalRep = strings.TrimSpace(in.LegalRep)
	contacts := in.Contacts[:0:0]
	for _, c := range in.Contacts {
		c = Contact{Name: strings.TrimSpace(c.Name), Title: strings.TrimSpace(c.Title),
			Mobile: strings.ReplaceAll(strings.TrimSpace(c.Mobile), " ", ""), Email: strings.TrimSpace(c.Email)}
		if !c.Empty() {
			contacts = append(contacts, c)
		}
	}
	in.Contacts = contacts
	seen := map[int64]bool{}
	ids := in.ChainIDs[:0:0]
	for _, id := range in.ChainIDs {
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	in.ChainIDs = ids
}

// Output returns the annual output value as a number, or nil when none was given.
func (in EnterpriseInput) Output() *float64 {
	if in.AnnualOutput == "" {
		return nil
	}
	v, err := strconv.ParseFloat(in.AnnualOutput, 64)
	if err != nil {
		return nil
	}
	return &v
}

// Validate checks a normalised input. Contact problems are reported on fields named
// contact_name_N, contact_mobile_N and contact_email_N (N counts from 0).
func (in EnterpriseInput) Validate() error {
	p := Problems{}
	checkText(p, "name", in.Name, true, 100)
	if in.USCC == "" {
		p.Add("uscc", "field.required")
	} else if key := USCCProblem(in.USCC); key != "" {
		p.Add("uscc", key)
	}
	if !in.Scale.Valid() {
		p.Add("scale", "enterprise.scale_required")
	}
	if in.AnnualOutput != "" {
		v, err := strconv.ParseFloat(in.AnnualOutput, 64)
		if err != nil || math.IsNaN(v) || v < 0 || v >= 1e12 {
			p.Add("annual_output", "enterprise.output_invalid")
		}
	}
	checkText(p, "address", in.Address, false, 200)
	checkText(p, "park", in.Park, false, 50)
	checkText(p, "legal_rep", in.LegalRep, false, 30)
	if len(in.ChainIDs) == 0 {
		p.Add("chain_ids", "enterprise.chain_required")
	}
	validateContacts(p, in.Contacts)
	return p.Err()
}

// ValidateContacts checks a normalised list of contacts on its own, as when an entrepreneur
// edits only the contacts. Problems are named as in Validate.
func ValidateContacts(contacts []Contact) error {
	p := Problems{}
	validateContacts(p, contacts)
	return p.Err()
}

func validateContacts(p Problems, contacts []Contact) {
	if len(contacts) == 0 {
		p.Add("contact_name_0", "enterprise.contact_required")
	}
	if len(contacts) > MaxContacts {
		p.Add("contacts", "enterprise.too_many_contacts")
	}
	for i, c := range contacts {
		n := strconv.Itoa(i)
		checkText(p, "contact_name_"+n, c.Name, true, 30)
		checkText(p, "contact_title_"+n, c.Title, false, 30)
		if c.Mobile == "" {
			p.Add("contact_mobile_"+n, "field.required")
		} else if !ValidMobile(c.Mobile) {
			p.Add("contact_mobile_"+n, "contact.mobile_invalid")
		}
		if c.Email != "" && !ValidEmail(c.Email) {
			p.Add("contact_email_"+n, "contact.email_invalid")
		}
	}
}

// CST is China Standard Time (UTC+8, no daylight saving since 1991): the zone of every date
// and time the portal shows or plans with.
var CST = time.FixedZone("CST", 8*3600)
