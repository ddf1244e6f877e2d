package sheet

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"breakfast/internal/printing"

	"github.com/xuri/excelize/v2"
)

// The printed attendee documents (attendee list, sign-in sheet, name cards) as spreadsheets:
// the same columns and rows as their print page and PDF, for staff who edit them in Excel or
// merge them into their own templates. Unlike the enterprise export, the headers are in the
// reader's language: they are a document, not an import format.

// WriteAttendeesXLSX writes the table as an .xlsx workbook with one sheet named after the
// document: a bold, frozen header row, column widths like the PDF's, text cells (mobile
// numbers keep their digits, nothing becomes a formula), and an A4 portrait page set-up that
// fits the columns on the page width, repeats the header row on every page, prints the
// meeting in the page header and "第 N 页 / 共 M 页" in the footer (pageFooter is that text
// with &P and &N, Excel's page codes). Sign-in rows are 1.2 cm high.
func WriteAttendeesXLSX(w io.Writer, t printing.Table, pageFooter string) error {
	f := excelize.NewFile()
	defer f.Close()
	name := attendeeSheetName(t.Header.Title)
	if err := f.SetSheetName("Sheet1", name); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: headerFill,
		Border: attendeeBorders, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	if err != nil {
		return err
	}
	body, err := f.NewStyle(&excelize.Style{Border: attendeeBorders, NumFmt: 49,
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}})
	if err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	for i, c := range t.Columns {
		// Excel measures widths in characters of about 1.9 mm (11 pt Calibri).
		if err := sw.SetColWidth(i+1, i+1, c.Width/1.9); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	header := make([]any, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = excelize.Cell{StyleID: bold, Value: c.Header}
	}
	if err := sw.SetRow("A1", header, excelize.RowOpts{Height: 22}); err != nil {
		return err
	}
	height := 20.0
	if t.Doc == printing.DocSignIn {
		height = 34 // 1.2 cm in points
	}
	for r, row := range t.Rows {
		cells := make([]any, len(row.Cells))
		for i, v := range row.Cells {
			cells[i] = excelize.Cell{StyleID: body, Value: v}
		}
		cell, _ := excelize.CoordinatesToCellName(1, r+2)
		if err := sw.SetRow(cell, cells, excelize.RowOpts{Height: height}); err != nil {
			return err
		}
	}
	last, _ := excelize.ColumnNumberToName(max(len(t.Columns), 1))
	area := fmt.Sprintf("'%s'!$A$1:$%s$%d", name, last, len(t.Rows)+1)
	for _, d := range []excelize.DefinedName{
		{Name: "_xlnm.Print_Area", RefersTo: area, Scope: name},
		{Name: "_xlnm.Print_Titles", RefersTo: "'" + name + "'!$1:$1", Scope: name},
	} {
		if err := f.SetDefinedName(&d); err != nil {
			return err
		}
	}
	a4, portrait, one, many := 9, "portrait", 1, 0
	if err := f.SetPageLayout(name, &excelize.PageLayoutOptions{Size: &a4, Orientation: &portrait,
		FitToWidth: &one, FitToHeight: &many}); err != nil {
		return err
	}
	fit := true
	if err := f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	margin, top := 0.47, 0.9 // inches: 12 mm at the sides, room for the page header at the top
	if err := f.SetPageMargins(name, &excelize.PageLayoutMarginsOptions{Left: &margin, Right: &margin,
		Top: &top, Bottom: &top}); err != nil {
		return err
	}
	meeting := t.Header.Theme + " " + t.Header.Title
	if t.Header.When != "" {
		meeting += "\n" + t.Header.When
	}
	if err := f.SetHeaderFooter(name, &excelize.HeaderFooterOptions{
		OddHeader: "&C&12" + attendeeHeaderText(meeting, 200),
		OddFooter: "&L&9" + attendeeHeaderText(t.Header.PrintedAt, 60) + "&C&9" + pageFooter,
	}); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

var attendeeBorders = []excelize.Border{
	{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
	{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1},
}

// attendeeSheetName makes title a valid worksheet name: at most 31 characters, none of []:*?/\.
func attendeeSheetName(title string) string {
	name := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '_'
		}
		return r
	}, title)
	if r := []rune(name); len(r) > 31 {
		name = string(r[:31])
	}
	if name == "" {
		name = "Sheet1"
	}
	return name
}

// attendeeHeaderText cuts s to at most max characters (Excel allows 255 in a page header or
// footer, codes included) and escapes &, Excel's code character.
func attendeeHeaderText(s string, max int) string {
	if r := []rune(s); len(r) > max {
		s = string(r[:max-1]) + "…"
	}
	return strings.ReplaceAll(s, "&", "&&")
}

// WriteAttendeesCSV writes the table as CSV in UTF-8 with a byte order mark (so Excel
// recognises the encoding): the header row, then one record per row. Cells that a spreadsheet
// would run as formulas are defused.
func WriteAttendeesCSV(w io.Writer, t printing.Table) error {
	bw := bufio.NewWriter(w)
	if _, err := bw.WriteString("\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	record := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		record[i] = c.Header
	}
	if err := cw.Write(record); err != nil {
		return err
	}
	for _, row := range t.Rows {
		for i, v := range row.Cells {
			record[i] = csvSafe(v)
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
