package sheet

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"iter"
	"strconv"
	"strings"

	"breakfast/internal/portal"

	"github.com/xuri/excelize/v2"
)

// Translator renders a catalog key in the reader's language (i18n.T bound to a request).
type Translator func(key string, args ...any) string

// EnterpriseTemplate writes the import template: the enterprise sheet with its header row and
// one example row, and the help sheet explaining every column and listing chainNames, the
// industry chains an enterprise may belong to. The help texts are in t's language; the
// headers are the file format and stay Chinese.
func EnterpriseTemplate(w io.Writer, chainNames []string, t Translator) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", DataSheet); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: headerFill,
		Alignment: &excelize.Alignment{Vertical: "center"}})
	if err != nil {
		return err
	}
	required, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "B8312F"}, Fill: headerFill,
		Alignment: &excelize.Alignment{Vertical: "center"}})
	if err != nil {
		return err
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49}) // "@": cells keep what is typed, e.g. a code's leading zeros
	if err != nil {
		return err
	}
	for c, spec := range columns {
		name, _ := excelize.ColumnNumberToName(c + 1)
		cell := name + "1"
		if err := f.SetCellStr(DataSheet, cell, spec.header); err != nil {
			return err
		}
		style := bold
		if spec.required {
			style = required
		}
		if err := f.SetCellStyle(DataSheet, cell, cell, style); err != nil {
			return err
		}
		if err := f.SetColWidth(DataSheet, name, name, spec.width); err != nil {
			return err
		}
		if column(c) != colOutput {
			if err := f.SetColStyle(DataSheet, name, text); err != nil {
				return err
			}
		}
	}
	chain := "（请填写产业链名称）"
	if len(chainNames) > 0 {
		chain = chainNames[0]
	}
	first17 := "91330106MA2H0K1X7"
	example := []any{ExamplePrefix + "杭州某某智能科技有限公司", first17 + string(portal.USCCCheckChar(first17)), chain,
		"规上", 1200.5, "是", "浙江省杭州市西湖区文三路 100 号", "西湖科技园", "张三", "李四", "总经理", "13800000000", "lisi@example.com"}
	if err := f.SetSheetRow(DataSheet, "A2", &example); err != nil {
		return err
	}
	if err := f.SetPanes(DataSheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	for _, list := range []struct {
		col    column
		values []string
	}{{colScale, []string{"规上", "规下"}}, {colKey, []string{"是", "否"}}} {
		name, _ := excelize.ColumnNumberToName(int(list.col) + 1)
		dv := excelize.NewDataValidation(true)
		dv.Sqref = fmt.Sprintf("%s2:%s%d", name, name, portal.MaxImportRows+1)
		if err := dv.SetDropList(list.values); err != nil {
			return err
		}
		if err := f.AddDataValidation(DataSheet, dv); err != nil {
			return err
		}
	}

	if _, err := f.NewSheet(HelpSheet); err != nil {
		return err
	}
	help := [][]any{{t("import.help_column"), t("import.help_required"), t("import.help_text")}}
	for _, spec := range columns {
		req := ""
		if spec.required {
			req = t("import.help_yes")
		}
		help = append(help, []any{spec.header, req, t(spec.help)})
	}
	help = append(help, []any{}, []any{t("import.help_example", ExamplePrefix)}, []any{},
		[]any{t("import.help_chain_list")})
	for _, name := range chainNames {
		help = append(help, []any{name})
	}
	for i, row := range help {
		if err := f.SetSheetRow(HelpSheet, "A"+strconv.Itoa(i+1), &row); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(HelpSheet, "A1", "C1", bold); err != nil {
		return err
	}
	listTitle := "A" + strconv.Itoa(len(help)-len(chainNames))
	if err := f.SetCellStyle(HelpSheet, listTitle, listTitle, bold); err != nil {
		return err
	}
	for col, width := range map[string]float64{"A": 22, "B": 10, "C": 80} {
		if err := f.SetColWidth(HelpSheet, col, col, width); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)
	_, err = f.WriteTo(w)
	return err
}

var headerFill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8EEF7"}}

// WriteEnterprisesXLSX writes the enterprises of rows as an .xlsx workbook: a bold, frozen
// header row with a filter, fixed column widths, and A4 landscape pages repeating the header.
// Rows are streamed to excelize's buffer (spilled to a temporary file when large) as they
// come, so the caller never holds the whole list. The first error of rows stops the export
// and is returned before anything is written to w.
func WriteEnterprisesXLSX(w io.Writer, rows iter.Seq2[portal.Enterprise, error]) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", DataSheet); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: headerFill,
		Alignment: &excelize.Alignment{Vertical: "center"}})
	if err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(DataSheet)
	if err != nil {
		return err
	}
	for i, width := range exportWidths {
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	header := make([]any, len(exportHeader))
	for i, h := range exportHeader {
		header[i] = excelize.Cell{StyleID: bold, Value: h}
	}
	if err := sw.SetRow("A1", header, excelize.RowOpts{Height: 20}); err != nil {
		return err
	}
	n := 1
	for e, err := range rows {
		if err != nil {
			return err
		}
		n++
		if err := sw.SetRow("A"+strconv.Itoa(n), exportRecord(e, true)); err != nil {
			return err
		}
	}
	last, _ := excelize.ColumnNumberToName(len(exportHeader))
	if err := f.AutoFilter(DataSheet, fmt.Sprintf("A1:%s%d", last, max(n, 2)), nil); err != nil {
		return err
	}
	a4, landscape, one, many := 9, "landscape", 1, 0
	if err := f.SetPageLayout(DataSheet, &excelize.PageLayoutOptions{Size: &a4, Orientation: &landscape,
		FitToWidth: &one, FitToHeight: &many}); err != nil {
		return err
	}
	fit := true
	if err := f.SetSheetProps(DataSheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles",
		RefersTo: "'" + DataSheet + "'!$1:$1", Scope: DataSheet}); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

// WriteEnterprisesCSV writes the enterprises of rows as CSV in UTF-8 with a byte order mark
// (so Excel recognises the encoding), with the same columns as the .xlsx export. Rows are
// written as they come; an error of rows stops the export half-way and is returned.
func WriteEnterprisesCSV(w io.Writer, rows iter.Seq2[portal.Enterprise, error]) error {
	bw := bufio.NewWriter(w)
	if _, err := bw.WriteString("\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	if err := cw.Write(exportHeader); err != nil {
		return err
	}
	record := make([]string, len(exportHeader))
	for e, err := range rows {
		if err != nil {
			return err
		}
		for i, v := range exportRecord(e, false) {
			record[i] = csvSafe(fmt.Sprint(v))
		}
		if err := cw.Write(record); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// exportRecord is an enterprise as a row of the export. The annual output is a number in an
// .xlsx (numeric) and decimal text in CSV.
func exportRecord(e portal.Enterprise, numeric bool) []any {
	chains := make([]string, len(e.Chains))
	for i, c := range e.Chains {
		chains[i] = c.Name
	}
	var output any = ""
	if e.AnnualOutput != nil {
		output = strconv.FormatFloat(*e.AnnualOutput, 'f', -1, 64)
		if numeric {
			output = *e.AnnualOutput
		}
	}
	var contact portal.Contact
	if len(e.Contacts) > 0 {
		contact = e.Contacts[0]
	}
	return []any{e.Name, e.USCC, strings.Join(chains, "、"), scaleWord(e.Scale), output, yesNo(e.IsKey),
		e.Address, e.Park, e.LegalRep, statusWord(e.Status), contact.Name, contact.Title, contact.Mobile, contact.Email}
}

func scaleWord(s portal.Scale) string {
	switch s {
	case portal.ScaleAbove:
		return "规上"
	case portal.ScaleBelow:
		return "规下"
	}
	return string(s)
}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

func statusWord(s portal.EnterpriseStatus) string {
	switch s {
	case portal.EnterprisePending:
		return "待审核"
	case portal.EnterpriseVerified:
		return "已认证"
	case portal.EnterpriseRejected:
		return "已退回"
	}
	return string(s)
}

// csvSafe defuses a cell that a spreadsheet program would run as a formula (CSV injection):
// text entered by entrepreneurs ends up in officials' Excel. A leading apostrophe makes
// Excel show the text as typed.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
