package sheet

import (
	"fmt"
	"io"
	"math"
	"strings"
	"unicode/utf8"

	"breakfast/internal/printing"

	"github.com/xuri/excelize/v2"
)

// A meeting's demand list (问题清单) as a spreadsheet: the same columns and rows as its print
// page and PDF (printing.NewDemandTable), headers in the reader's language.

// WriteDemandsXLSX writes the demand list as an .xlsx workbook with one sheet named after the
// document: a bold, frozen header row, column widths like the PDF's, text cells that wrap
// (rows tall enough for their longest cell), and an A4 page set-up fitting the columns on the
// page width, repeating the header row, printing the meeting in the page header and
// "第 N 页 / 共 M 页" in the footer (pageFooter, with Excel's &P and &N codes).
func WriteDemandsXLSX(w io.Writer, t printing.Table, pageFooter string) error {
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
	widths := make([]float64, len(t.Columns))
	for i, c := range t.Columns {
		// Excel measures widths in characters of about 1.9 mm (11 pt Calibri).
		widths[i] = c.Width / 1.9
		if err := sw.SetColWidth(i+1, i+1, widths[i]); err != nil {
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
	for r, row := range t.Rows {
		cells := make([]any, len(row.Cells))
		lines := 1
		for i, v := range row.Cells {
			cells[i] = excelize.Cell{StyleID: body, Value: v}
			lines = max(lines, wrappedLines(v, widths[i]))
		}
		cell, _ := excelize.CoordinatesToCellName(1, r+2)
		// Excel does not grow a row for wrapped text by itself: 15 points a line, and a little air.
		if err := sw.SetRow(cell, cells, excelize.RowOpts{Height: math.Min(float64(lines)*15+5, 409)}); err != nil {
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

// wrappedLines estimates how many lines s takes in a column width characters wide: a Chinese
// character is two characters wide, anything else one.
func wrappedLines(s string, width float64) int {
	n := 0
	for _, para := range strings.Split(s, "\n") {
		w := 0.0
		for _, r := range para {
			if r >= 0x2E80 {
				w += 2
			} else {
				w++
			}
		}
		if utf8.RuneCountInString(para) == 0 {
			n++
			continue
		}
		n += int(math.Ceil(w / math.Max(width-1, 1)))
	}
	return max(n, 1)
}

// WriteDemandsCSV writes the demand list as CSV in UTF-8 with a byte order mark (so Excel
// recognises the encoding), header row first; cells a spreadsheet would run as formulas are
// defused. It is the attendee documents' CSV format.
func WriteDemandsCSV(w io.Writer, t printing.Table) error {
	return WriteAttendeesCSV(w, t)
}
