package sheet

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"breakfast/internal/printing"

	"github.com/xuri/excelize/v2"
)

// WriteReportXLSX writes a report (the monthly bulletin) as an .xlsx workbook with one sheet
// per section, named after its heading: the report's title and subtitle on top, then the
// section's bold header row (frozen, and repeated on every printed page) and its rows, then
// its notes. Whole numbers are numeric cells, so they add up; every other cell is text
// (percentages such as "66.7%" keep their "—" when undefined, nothing becomes a formula). The
// page set-up is A4 portrait fitting the columns on the page width, with "第 N 页 / 共 M 页"
// in the footer (pageFooter, with Excel's &P and &N).
func WriteReportXLSX(w io.Writer, rep printing.Report, pageFooter string) error {
	f := excelize.NewFile()
	defer f.Close()
	titleStyle, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	if err != nil {
		return err
	}
	subStyle, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Color: "555555"}})
	if err != nil {
		return err
	}
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: headerFill, Border: attendeeBorders,
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	if err != nil {
		return err
	}
	text, err := f.NewStyle(&excelize.Style{Border: attendeeBorders, NumFmt: 49,
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}})
	if err != nil {
		return err
	}
	number, err := f.NewStyle(&excelize.Style{Border: attendeeBorders, Alignment: &excelize.Alignment{Vertical: "center"}})
	if err != nil {
		return err
	}
	used := map[string]bool{}
	for i, sec := range rep.Sections {
		name := uniqueSheetName(attendeeSheetName(sec.Heading), used)
		if i == 0 {
			err = f.SetSheetName("Sheet1", name)
		} else {
			_, err = f.NewSheet(name)
		}
		if err != nil {
			return err
		}
		if err := writeSection(f, name, rep, sec, styles{titleStyle, subStyle, head, text, number}, pageFooter); err != nil {
			return err
		}
	}
	if len(rep.Sections) == 0 {
		if err := f.SetCellStr("Sheet1", "A1", rep.Title); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)
	_, err = f.WriteTo(w)
	return err
}

type styles struct{ title, sub, head, text, number int }

// sectionHeaderRow is the row of a section sheet's header: after the title, the subtitle
// and an empty row.
const sectionHeaderRow = 4

func writeSection(f *excelize.File, name string, rep printing.Report, sec printing.Section, st styles, pageFooter string) error {
	cols := max(len(sec.Columns), 1)
	last, _ := excelize.ColumnNumberToName(cols)
	if err := f.SetCellStr(name, "A1", rep.Title+" · "+sec.Heading); err != nil {
		return err
	}
	if err := f.SetCellStyle(name, "A1", "A1", st.title); err != nil {
		return err
	}
	if err := f.SetCellStr(name, "A2", strings.Join(rep.Subtitle, "　")); err != nil {
		return err
	}
	if err := f.SetCellStyle(name, "A2", "A2", st.sub); err != nil {
		return err
	}
	for i, c := range sec.Columns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(name, col, col, max(c.Width/1.9, 6)); err != nil {
			return err
		}
		cell := col + strconv.Itoa(sectionHeaderRow)
		if err := f.SetCellStr(name, cell, c.Header); err != nil {
			return err
		}
		if err := f.SetCellStyle(name, cell, cell, st.head); err != nil {
			return err
		}
	}
	row := sectionHeaderRow + 1
	for _, cells := range sec.Rows {
		for i, v := range cells {
			cell, _ := excelize.CoordinatesToCellName(i+1, row)
			if n, err := strconv.Atoi(v); err == nil && v == strconv.Itoa(n) {
				if err := f.SetCellInt(name, cell, int64(n)); err != nil {
					return err
				}
				if err := f.SetCellStyle(name, cell, cell, st.number); err != nil {
					return err
				}
				continue
			}
			if err := f.SetCellStr(name, cell, v); err != nil {
				return err
			}
			if err := f.SetCellStyle(name, cell, cell, st.text); err != nil {
				return err
			}
		}
		row++
	}
	if len(sec.Rows) == 0 {
		cell := "A" + strconv.Itoa(row)
		if err := f.SetCellStr(name, cell, sec.Empty); err != nil {
			return err
		}
		row++
	}
	row++
	for _, note := range sec.Notes {
		if err := f.SetCellStr(name, "A"+strconv.Itoa(row), note); err != nil {
			return err
		}
		row++
	}
	if err := f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: sectionHeaderRow,
		TopLeftCell: "A" + strconv.Itoa(sectionHeaderRow+1), ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	for _, d := range []excelize.DefinedName{
		{Name: "_xlnm.Print_Area", RefersTo: fmt.Sprintf("'%s'!$A$1:$%s$%d", name, last, max(row-1, sectionHeaderRow)), Scope: name},
		{Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("'%s'!$%d:$%d", name, sectionHeaderRow, sectionHeaderRow), Scope: name},
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
	return f.SetHeaderFooter(name, &excelize.HeaderFooterOptions{
		OddHeader: "&C&11" + attendeeHeaderText(rep.Title, 200),
		OddFooter: "&L&9" + attendeeHeaderText(rep.PrintedAt, 60) + "&C&9" + pageFooter,
	})
}

// uniqueSheetName returns name, or name with a number when a sheet already has it.
func uniqueSheetName(name string, used map[string]bool) string {
	out := name
	for i := 2; used[out]; i++ {
		suffix := "(" + strconv.Itoa(i) + ")"
		r := []rune(name)
		if len(r)+len(suffix) > 31 {
			r = r[:31-len(suffix)]
		}
		out = string(r) + suffix
	}
	used[out] = true
	return out
}
