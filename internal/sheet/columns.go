// Package sheet reads and writes the portal's spreadsheets: the enterprise list that officials
// keep in Excel (import, its template, export as .xlsx and .csv). It knows the file formats
// and nothing of HTTP or SQL.
//
// The column headers and the words in the cells (规上/规下, 是/否, the registration states) are
// Chinese whatever the reader's language: they are the file format that the import matches,
// like the names of a CSV schema, not user interface text.
package sheet

import (
	"strings"
	"unicode"
)

// DataSheet is the name of the sheet holding the enterprises in the template and the export.
const DataSheet = "企业名录"

// HelpSheet is the name of the template's sheet explaining each column.
const HelpSheet = "说明"

// ExamplePrefix starts the name of the template's example row; rows whose name starts with it
// are skipped by the import, so a left-over example is never imported.
const ExamplePrefix = "【示例】"

// column is one column of the import format.
type column int

const (
	colName column = iota
	colUSCC
	colChains
	colScale
	colOutput
	colKey
	colAddress
	colPark
	colLegalRep
	colContactName
	colContactTitle
	colContactMobile
	colContactEmail
	columnCount
)

// columnSpec describes a column of the import format.
type columnSpec struct {
	header   string   // the header as the template writes it
	aliases  []string // other headers accepted for it
	required bool     // the header row must have it
	width    float64  // column width in the template
	help     string   // catalog key of its explanation in the template's help sheet
}

var columns = [columnCount]columnSpec{
	colName:          {"企业名称", []string{"名称", "企业全称", "单位名称", "enterprise name", "name"}, true, 32, "import.help_name"},
	colUSCC:          {"统一社会信用代码", []string{"信用代码", "社会信用代码", "uscc"}, true, 22, "import.help_uscc"},
	colChains:        {"所属产业链", []string{"产业链", "industry chain", "industry chains", "chains"}, true, 22, "import.help_chains"},
	colScale:         {"规模", []string{"企业规模", "scale"}, true, 8, "import.help_scale"},
	colOutput:        {"年产值（万元）", []string{"年产值", "年产值(万元)", "annual output"}, false, 14, "import.help_output"},
	colKey:           {"重点企业", []string{"是否重点企业", "key enterprise"}, false, 10, "import.help_key"},
	colAddress:       {"注册地址", []string{"地址", "企业地址", "address"}, false, 36, "import.help_address"},
	colPark:          {"所在园区/街道", []string{"园区/街道", "所在园区", "所在街道", "园区", "街道", "park"}, false, 18, "import.help_park"},
	colLegalRep:      {"法定代表人", []string{"法人代表", "法人", "legal representative"}, false, 12, "import.help_legal_rep"},
	colContactName:   {"联系人", []string{"联系人姓名", "contact", "contact name"}, true, 10, "import.help_contact_name"},
	colContactTitle:  {"职务", []string{"联系人职务", "title"}, false, 12, "import.help_contact_title"},
	colContactMobile: {"手机", []string{"手机号", "手机号码", "联系人手机", "联系电话", "mobile"}, true, 14, "import.help_contact_mobile"},
	colContactEmail:  {"邮箱", []string{"电子邮箱", "邮件", "联系人邮箱", "email", "e-mail"}, false, 22, "import.help_contact_email"},
}

// headerIndex maps every normalised header and alias to its column.
var headerIndex = func() map[string]column {
	m := map[string]column{}
	for c, spec := range columns {
		m[normalizeHeader(spec.header)] = column(c)
		for _, a := range spec.aliases {
			m[normalizeHeader(a)] = column(c)
		}
	}
	return m
}()

// normalizeHeader makes headers comparable: full-width letters, digits and punctuation become
// their ASCII forms, white space (the ideographic space included) and the asterisks some
// templates put on required columns are dropped, and letters are lower-cased.
func normalizeHeader(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
		case r == '\u3000' || r == '\u200b' || r == '\ufeff':
			continue
		}
		if unicode.IsSpace(r) || r == '*' {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// exportHeader is the header row of the export, in column order.
var exportHeader = []string{"企业名称", "统一社会信用代码", "所属产业链", "规模", "年产值（万元）", "重点企业",
	"注册地址", "所在园区/街道", "法定代表人", "状态", "联系人", "职务", "手机", "邮箱"}

// exportWidths are the export's column widths, in characters.
var exportWidths = []float64{32, 22, 22, 8, 14, 10, 36, 18, 12, 10, 10, 12, 14, 22}
