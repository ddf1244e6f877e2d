package printing

import (
	"bytes"
	"fmt"
	"io"
	"time"

	"github.com/signintech/gopdf"
)

// Report is a document of several titled tables, such as the monthly bulletin (月度通报): its
// print page, PDF and workbook show the same sections with the same columns in the same
// order. Every text is already in the reader's language.
type Report struct {
	Title     string   // 2026年11月 政企早餐会月度通报
	Subtitle  []string // lines under the title: the period, whose figures, when
	PrintedAt string   // 打印时间：2026-12-01 09:00
	Sections  []Section
}

// Section is one table of a report. Column widths are millimetres of an A4 portrait page with
// 12 mm margins (186 mm in all), as for Table.
type Section struct {
	Key     string // a stable name: figures, ranking, closed, overdue, meetings
	Heading string
	Columns []Column
	Rows    [][]string // one cell per column
	Empty   string     // what the table says when it has no rows
	Notes   []string   // lines printed under the table: definitions, limits
}

// Report layout sizes in points.
const (
	reportSubSize     = 9.5
	reportHeadingSize = 12.5
	reportNoteSize    = 8.5
	reportRowHeight   = 7.0
)

// WriteReportPDF writes the report as an A4 PDF: the title and subtitle on the first page,
// each section's heading followed by its table, the table's header row repeated when it goes
// on over a page (under the heading marked as continued), no row split across pages, and a
// footer with the print time, "第 N 页 / 共 M 页" and the title. tr gives the page footer and
// the continued mark (print.page_of, bulletin.continued) in the reader's language. The PDF
// is built in memory and written to w only when complete.
func (r *Renderer) WriteReportPDF(w io.Writer, rep Report, tr Translator) error {
	if err := r.load(); err != nil {
		return err
	}
	d := &pdfDoc{pdf: &gopdf.GoPdf{}, latin: map[rune]bool{}, widths: map[fontRune]float64{}}
	d.pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4, Unit: gopdf.UnitMM})
	d.pdf.SetCompressLevel(9)
	for _, family := range []string{cjkFont, latinFont} {
		if err := d.pdf.AddTTFFontFromFontContainer(family, r.fonts); err != nil {
			return fmt.Errorf("printing: %w", err)
		}
	}
	d.pdf.SetInfo(gopdf.PdfInfo{Title: rep.Title, Creator: "政企早餐会服务平台", Producer: "gopdf", CreationDate: time.Now()})
	d.pdf.SetTextColor(0, 0, 0)

	d.pdf.AddPage()
	d.pages++
	y := marginTop
	for _, line := range d.wrap(rep.Title, pageW-2*marginX, titleSize) {
		d.textCentered(pageW/2, y+ascent(titleSize), line, titleSize)
		y += lineHeight(titleSize)
	}
	y += 1
	for _, sub := range rep.Subtitle {
		for _, line := range d.wrap(sub, pageW-2*marginX, reportSubSize) {
			d.textCentered(pageW/2, y+ascent(reportSubSize), line, reportSubSize)
			y += lineHeight(reportSubSize)
		}
	}
	y += 2
	for _, sec := range rep.Sections {
		y = d.reportSection(sec, y, tr("bulletin.continued", sec.Heading))
	}
	for p := 1; p <= d.pages; p++ {
		if err := d.pdf.SetPage(p); err != nil {
			return err
		}
		d.pdf.SetTextColor(60, 60, 60)
		d.text(marginX, footerTop+ascent(footerSize), rep.PrintedAt, footerSize)
		d.textCentered(pageW/2, footerTop+ascent(footerSize), tr("print.page_of", p, d.pages), footerSize)
		d.text(pageW-marginX-d.width(rep.Title, footerSize), footerTop+ascent(footerSize), rep.Title, footerSize)
		d.pdf.SetTextColor(0, 0, 0)
	}
	var buf bytes.Buffer
	if _, err := d.pdf.WriteTo(&buf); err != nil {
		return err
	}
	_, err := buf.WriteTo(w)
	return err
}

// reportSection draws sec from y on and returns where the next section starts.
func (d *pdfDoc) reportSection(sec Section, y float64, continued string) float64 {
	colX := make([]float64, len(sec.Columns)+1)
	colX[0] = marginX
	for i, c := range sec.Columns {
		colX[i+1] = colX[i] + c.Width
	}
	rows := sec.Rows
	empty := len(rows) == 0
	if empty {
		rows = [][]string{{sec.Empty}}
	}
	heights := make([]float64, len(rows))
	lines := make([][][]string, len(rows))
	for i, row := range rows {
		lines[i] = make([][]string, len(row))
		h := reportRowHeight
		for j, cell := range row {
			width := pageW - 2*marginX
			if !empty {
				width = sec.Columns[j].Width
			}
			lines[i][j] = d.wrap(cell, width-2*cellPadX, bodySize)
			h = max(h, float64(len(lines[i][j]))*lineHeight(bodySize)+2*cellPadY)
		}
		heights[i] = h
	}
	headH, heads := d.reportHeadRow(sec)
	headingH := lineHeight(reportHeadingSize) + 2
	// The heading, the header row and the first row stay together.
	if y+headingH+headH+heights[0] > bodyBottom {
		y = d.reportPage()
	}
	y = d.reportHeading(sec.Heading, y)
	y = d.drawHeadRow(sec, colX, heads, headH, y)
	for i, row := range rows {
		if y+heights[i] > bodyBottom {
			y = d.reportPage()
			y = d.reportHeading(continued, y)
			y = d.drawHeadRow(sec, colX, heads, headH, y)
		}
		d.pdf.SetLineWidth(0.25)
		if empty {
			d.pdf.RectFromUpperLeft(colX[0], y, colX[len(colX)-1]-colX[0], heights[i])
			d.pdf.SetTextColor(80, 80, 80)
			d.text(colX[0]+cellPadX, y+cellPadY+ascent(bodySize), row[0], bodySize)
			d.pdf.SetTextColor(0, 0, 0)
			y += heights[i]
			continue
		}
		for j := range row {
			d.pdf.RectFromUpperLeft(colX[j], y, colX[j+1]-colX[j], heights[i])
			top := y + (heights[i]-float64(len(lines[i][j]))*lineHeight(bodySize))/2
			for k, line := range lines[i][j] {
				base := top + float64(k)*lineHeight(bodySize) + (lineHeight(bodySize)-bodySize*ptToMM)/2 + ascent(bodySize)
				if sec.Columns[j].Key == "no" {
					d.textCentered((colX[j]+colX[j+1])/2, base, line, bodySize)
				} else {
					d.text(colX[j]+cellPadX, base, line, bodySize)
				}
			}
		}
		y += heights[i]
	}
	y += 1.5
	for _, note := range sec.Notes {
		for _, line := range d.wrap(note, pageW-2*marginX, reportNoteSize) {
			if y+lineHeight(reportNoteSize) > bodyBottom {
				y = d.reportPage()
			}
			d.pdf.SetTextColor(70, 70, 70)
			d.text(marginX, y+ascent(reportNoteSize), line, reportNoteSize)
			d.pdf.SetTextColor(0, 0, 0)
			y += lineHeight(reportNoteSize)
		}
	}
	return y + 5
}

// reportPage starts a new page and returns where its body begins.
func (d *pdfDoc) reportPage() float64 {
	d.pdf.AddPage()
	d.pages++
	return marginTop
}

// reportHeading draws a section's heading with a rule under it.
func (d *pdfDoc) reportHeading(s string, y float64) float64 {
	d.text(marginX, y+ascent(reportHeadingSize), s, reportHeadingSize)
	y += lineHeight(reportHeadingSize)
	d.pdf.SetLineWidth(0.5)
	d.pdf.Line(marginX, y, pageW-marginX, y)
	return y + 2
}

func (d *pdfDoc) reportHeadRow(sec Section) (float64, [][]string) {
	h := 0.0
	heads := make([][]string, len(sec.Columns))
	for i, c := range sec.Columns {
		heads[i] = d.wrap(c.Header, c.Width-2*cellPadX, headSize)
		h = max(h, float64(len(heads[i]))*lineHeight(headSize)+2*cellPadY)
	}
	return h, heads
}

// drawHeadRow draws the table's header row on a light grey and returns where the rows begin.
func (d *pdfDoc) drawHeadRow(sec Section, colX []float64, heads [][]string, h, y float64) float64 {
	d.pdf.SetLineWidth(0.25)
	d.pdf.SetFillColor(232, 232, 232)
	for i := range sec.Columns {
		d.pdf.RectFromUpperLeftWithStyle(colX[i], y, colX[i+1]-colX[i], h, "FD")
	}
	for i := range sec.Columns {
		for j, line := range heads[i] {
			base := y + cellPadY + float64(j)*lineHeight(headSize) + (lineHeight(headSize)-headSize*ptToMM)/2 + ascent(headSize)
			d.textCentered((colX[i]+colX[i+1])/2, base, line, headSize)
		}
	}
	return y + h
}
