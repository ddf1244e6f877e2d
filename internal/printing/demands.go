package printing

import (
	"io"
	"strconv"
	"strings"
)

// DocDemands is a meeting's demand list (问题清单, also called 责任清单): every demand raised
// for the meeting with its enterprise, lead and co-handling departments, deadline and state.
// It is not one of the attendee documents of Docs: it has no print options and comes from
// the demands, not the attendees.
const DocDemands Doc = "demands"

// DemandItem is one demand as the demand list prints it, already in the reader's language.
type DemandItem struct {
	Enterprise string
	Title      string
	Category   string
	Lead       string   // the lead department (主办); "" before triage
	Co         []string // the co-handling departments (协办)
	Deadline   string   // 2026-12-30; "" when none was set
	Overdue    bool     // the deadline passed while a department still works on it
	Status     string
	Supervised bool // flagged for supervision (督办)
}

// demandColumns are the demand list's columns: key, catalog key of the header, width in mm
// (186 mm in all, like the attendee documents).
var demandColumns = []struct {
	key, label string
	width      float64
}{
	{"no", "demandreport.col_no", 10}, {"enterprise", "demandreport.col_enterprise", 34},
	{"demand", "demandreport.col_demand", 54}, {"lead", "demandreport.col_lead", 21},
	{"co", "demandreport.col_co", 21}, {"deadline", "demandreport.col_deadline", 26},
	{"status", "demandreport.col_status", 20},
}

// NewDemandTable lays out the demand list of items, numbered in the order given. An overdue
// deadline says so in its cell, and a supervised demand in its state's, so paper and
// spreadsheets show what the screen highlights.
func NewDemandTable(h Header, items []DemandItem, t Translator) Table {
	tab := Table{Doc: DocDemands, Header: h}
	for _, c := range demandColumns {
		tab.Columns = append(tab.Columns, Column{Key: c.key, Header: t(c.label), Width: c.width})
	}
	for i, d := range items {
		deadline := d.Deadline
		if d.Overdue && deadline != "" {
			deadline = t("demandreport.deadline_overdue", deadline)
		}
		status := d.Status
		if d.Supervised {
			status = t("demandreport.status_supervised", status)
		}
		demand := d.Title
		if d.Category != "" {
			demand = t("demandreport.title_category", d.Title, d.Category)
		}
		tab.Rows = append(tab.Rows, Row{Cells: []string{strconv.Itoa(i + 1), d.Enterprise, demand, d.Lead,
			strings.Join(d.Co, t("demandreport.list_sep")), deadline, status}})
	}
	return tab
}

// WriteDemandsPDF writes a demand list made by NewDemandTable as an A4 PDF, like the
// attendee list: the meeting's header and the table's header row on every page, no row split
// across pages, page numbers in the footer. An empty list says that no demand was raised.
func (r *Renderer) WriteDemandsPDF(w io.Writer, t Table, tr Translator) error {
	return r.WritePDF(w, t, func(key string, args ...any) string {
		if key == "print.no_attendees" { // the table machinery's note for an empty table
			key = "demandreport.empty"
		}
		return tr(key, args...)
	})
}
