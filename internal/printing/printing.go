// Package printing lays out what meeting staff print the evening before a breakfast meeting:
// the attendee list (参会人员名单), the sign-in sheet (签到表) and the table name cards (桌牌).
//
// One Table describes a document's columns and rows, so that the print page, the PDF, the
// Excel workbook and the CSV file of a document always show the same columns in the same
// order. The package writes the PDF itself (with fonts embedded in the binary, see fonts/); it
// knows nothing of HTTP or SQL.
package printing

import (
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"breakfast/internal/portal"
)

// Doc is a document the meeting staff print.
type Doc string

// The documents.
const (
	DocList   Doc = "list"   // 参会人员名单: who comes, with position, mobile and seat
	DocSignIn Doc = "signin" // 签到表: the same people with a wide column to sign in, and blank rows for walk-ins
	DocCards  Doc = "cards"  // 桌牌: one folded name card per attendee
)

// Docs lists every document in the order the print setup page offers them.
var Docs = []Doc{DocList, DocSignIn, DocCards}

// ParseDoc returns the document named s, or false.
func ParseDoc(s string) (Doc, bool) {
	for _, d := range Docs {
		if string(d) == s {
			return d, true
		}
	}
	return "", false
}

// TitleKey is the catalog key of the document's title.
func (d Doc) TitleKey() string { return "print.doc_" + string(d) }

// Order is the order the attendees are printed in.
type Order string

// The orders.
const (
	OrderEnterprise Order = "enterprise" // by enterprise name in pinyin order, then by name
	OrderSeat       Order = "seat"       // by seat, numbers compared as numbers (2桌 before 10桌); no seat last
	OrderReply      Order = "reply"      // by when the enterprise accepted; walk-ins last
)

// Orders lists every order in the order the print setup page offers them.
var Orders = []Order{OrderEnterprise, OrderSeat, OrderReply}

// LabelKey is the catalog key of the order's name.
func (o Order) LabelKey() string { return "print.order_" + string(o) }

// Blank rows for walk-ins at the end of a sign-in sheet.
const (
	DefaultBlankRows = 5
	MaxBlankRows     = 50
)

// Options say how a document is printed.
type Options struct {
	Order Order
	// FullMobile prints mobile numbers in full; otherwise they are masked (138****1234).
	FullMobile bool
	// BlankRows is how many empty rows a sign-in sheet ends with, for walk-ins.
	BlankRows int
	// MarkCheckedIn notes on a sign-in sheet who has already checked in, and when.
	MarkCheckedIn bool
}

// DefaultOptions are the options of a document printed without choosing any.
func DefaultOptions() Options {
	return Options{Order: OrderEnterprise, BlankRows: DefaultBlankRows}
}

// ParseOptions reads the options from a print link's query: order=enterprise|seat|reply,
// mobile=full|masked, blank=N, checked=1. Missing or unknown values take their defaults, and
// the number of blank rows is kept between 0 and MaxBlankRows, so a hand-edited link still
// prints something sensible.
func ParseOptions(q url.Values) Options {
	o := DefaultOptions()
	for _, order := range Orders {
		if q.Get("order") == string(order) {
			o.Order = order
		}
	}
	o.FullMobile = q.Get("mobile") == "full"
	if n, err := strconv.Atoi(strings.TrimSpace(q.Get("blank"))); err == nil {
		o.BlankRows = min(max(n, 0), MaxBlankRows)
	}
	switch q.Get("checked") {
	case "1", "on", "true":
		o.MarkCheckedIn = true
	}
	return o
}

// Query is the options as a print link's query string, without the leading "?"; ParseOptions
// reads it back. Only the options that matter for doc are written.
func (o Options) Query(doc Doc) string {
	q := url.Values{}
	q.Set("order", string(o.Order))
	if doc != DocCards {
		mobile := "masked"
		if o.FullMobile {
			mobile = "full"
		}
		q.Set("mobile", mobile)
	}
	if doc == DocSignIn {
		q.Set("blank", strconv.Itoa(o.BlankRows))
		if o.MarkCheckedIn {
			q.Set("checked", "1")
		}
	}
	return q.Encode()
}

// Attendee is a person expected at the meeting, as the printed documents show them.
// Enterprise is the registry's name, or the name a walk-in gave.
type Attendee struct {
	ID          int64
	Name        string
	Title       string
	Mobile      string
	Seat        string
	Enterprise  string
	WalkIn      bool
	CheckedInAt *time.Time
	RepliedAt   *time.Time // when the enterprise accepted; nil for walk-ins
}

// Header is what every page of a document repeats at its top, already formatted in the
// reader's language.
type Header struct {
	Title     string // the document: 签到表
	Theme     string
	When      string // 2026年12月18日（星期五）07:30–09:00
	Venue     string
	Host      string // 张伟（区长）
	PrintedAt string // 打印时间：2026-12-17 18:05
}

// Column is one column of a document's table. Width is its width in millimetres on an A4
// portrait page with 12 mm margins (186 mm in all); the spreadsheet derives its widths from it.
type Column struct {
	Key    string // list: no, enterprise, name, title, mobile, seat, signature
	Header string
	Width  float64
}

// Row is one printed row. Blank rows are the empty lines at the end of a sign-in sheet.
type Row struct {
	Cells     []string
	Blank     bool
	CheckedIn bool
}

// Table is a document ready to print: its header, columns and rows.
type Table struct {
	Doc     Doc
	Header  Header
	Columns []Column
	Rows    []Row
}

// Translator renders a catalog key in the reader's language (i18n.T bound to a request).
type Translator func(key string, args ...any) string

// columnSets are each document's columns: key, catalog key of the header, width in mm.
var columnSets = map[Doc][]struct {
	key, label string
	width      float64
}{
	DocList: {
		{"no", "print.col_no", 12}, {"enterprise", "print.col_enterprise", 58}, {"name", "print.col_name", 24},
		{"title", "print.col_title", 32}, {"mobile", "print.col_mobile", 30}, {"seat", "print.col_seat", 30},
	},
	DocSignIn: {
		{"no", "print.col_no", 11}, {"enterprise", "print.col_enterprise", 44}, {"name", "print.col_name", 20},
		{"title", "print.col_title", 22}, {"mobile", "print.col_mobile", 30}, {"seat", "print.col_seat", 20},
		{"signature", "print.col_signature", 39},
	},
	DocCards: {
		{"no", "print.col_no", 12}, {"name", "print.col_name", 34}, {"enterprise", "print.col_enterprise", 80},
		{"title", "print.col_title", 34}, {"seat", "print.col_seat", 26},
	},
}

// NewTable lays out doc for the attendees, in the order given, with the options' mobile
// masking, blank rows and check-in marks.
func NewTable(doc Doc, h Header, attendees []Attendee, o Options, t Translator) Table {
	tab := Table{Doc: doc, Header: h}
	for _, c := range columnSets[doc] {
		tab.Columns = append(tab.Columns, Column{Key: c.key, Header: t(c.label), Width: c.width})
	}
	for i, a := range attendees {
		row := Row{CheckedIn: a.CheckedInAt != nil}
		for _, c := range tab.Columns {
			row.Cells = append(row.Cells, cell(c.Key, i+1, a, o, t))
		}
		tab.Rows = append(tab.Rows, row)
	}
	if doc == DocSignIn {
		for i := 0; i < o.BlankRows; i++ {
			row := Row{Blank: true, Cells: make([]string, len(tab.Columns))}
			row.Cells[0] = strconv.Itoa(len(attendees) + i + 1)
			tab.Rows = append(tab.Rows, row)
		}
	}
	return tab
}

func cell(key string, n int, a Attendee, o Options, t Translator) string {
	switch key {
	case "no":
		return strconv.Itoa(n)
	case "enterprise":
		return a.Enterprise
	case "name":
		return a.Name
	case "title":
		return a.Title
	case "mobile":
		if o.FullMobile {
			return a.Mobile
		}
		return MaskMobile(a.Mobile)
	case "seat":
		return a.Seat
	case "signature":
		if o.MarkCheckedIn && a.CheckedInAt != nil {
			return t("print.checked_in_at", a.CheckedInAt.In(portal.CST).Format("15:04"))
		}
	}
	return ""
}

// Column returns the index of the column with key, or -1.
func (t Table) Column(key string) int {
	for i, c := range t.Columns {
		if c.Key == key {
			return i
		}
	}
	return -1
}

// Value returns the row's cell of the column with key, or "".
func (t Table) Value(row Row, key string) string {
	if i := t.Column(key); i >= 0 && i < len(row.Cells) {
		return row.Cells[i]
	}
	return ""
}

// MaskMobile hides the middle of a mobile number, 138****1234, as portal.MaskMobile does;
// numbers written with +86 or 86- keep the prefix, and other numbers of 7 or more digits keep
// only their first three and last four.
func MaskMobile(s string) string {
	for _, prefix := range []string{"+86", "86-"} {
		if rest, ok := strings.CutPrefix(s, prefix); ok && len(rest) == 11 {
			return prefix + portal.MaskMobile(rest)
		}
	}
	if len(s) == 11 {
		return portal.MaskMobile(s)
	}
	if len(s) >= 7 {
		return s[:3] + strings.Repeat("*", len(s)-7) + s[len(s)-4:]
	}
	return s
}

// MaxSeatLength is the longest seat label, in characters: 1桌3号, A-03, 主桌（左）.
const MaxSeatLength = 20

// NormalizeSeat trims a typed seat label, full-width spaces included.
func NormalizeSeat(s string) string {
	return strings.TrimFunc(s, unicode.IsSpace)
}

// CheckSeat returns the catalog key of what is wrong with a normalized seat label, or "".
// An empty label is allowed: the attendee has no seat yet.
func CheckSeat(s string) string {
	switch {
	case !utf8.ValidString(s) || strings.ContainsFunc(s, unicode.IsControl):
		return "print.seat_invalid"
	case utf8.RuneCountInString(s) > MaxSeatLength:
		return "print.seat_too_long"
	}
	return ""
}
