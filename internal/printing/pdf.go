package printing

import (
	"bytes"
	"embed"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/signintech/gopdf"
)

// The fonts every PDF embeds, subset to the glyphs it uses (see fonts/NOTICE): Droid Sans
// Fallback for Chinese, which has no Latin letters or digits, and Roboto for those.
//
//go:embed fonts/DroidSansFallbackFull.ttf fonts/Roboto-Regular.ttf
var fontFiles embed.FS

// Font families as the PDF names them. The six capital letters and "+" mark an embedded
// subset (PDF 32000-1, 9.6.4), which is what they are.
const (
	cjkFont   = "BKFCJK+DroidSansFallback"
	latinFont = "BKFLAT+Roboto-Regular"
)

// Page geometry in millimetres: A4 portrait.
const (
	pageW, pageH = 210.0, 297.0
	marginX      = 12.0
	marginTop    = 12.0
	footerTop    = pageH - 12.0 // the footer line's top
	bodyBottom   = footerTop - 3.0
	cellPadX     = 1.5
	cellPadY     = 1.8
	ptToMM       = 25.4 / 72
)

// Renderer writes documents as PDF. The fonts are parsed once, on first use, and shared by
// every document; a Renderer is safe for concurrent use.
type Renderer struct {
	once  sync.Once
	fonts *gopdf.FontContainer
	err   error
}

// NewRenderer returns a Renderer. It parses nothing until the first PDF.
func NewRenderer() *Renderer { return &Renderer{} }

func (r *Renderer) load() error {
	r.once.Do(func() {
		fc := &gopdf.FontContainer{}
		for family, file := range map[string]string{cjkFont: "fonts/DroidSansFallbackFull.ttf", latinFont: "fonts/Roboto-Regular.ttf"} {
			data, err := fontFiles.ReadFile(file)
			if err == nil {
				err = fc.AddTTFFontData(family, data)
			}
			if err != nil {
				r.err = fmt.Errorf("printing: font %s: %w", file, err)
				return
			}
		}
		r.fonts = fc
	})
	return r.err
}

// WritePDF writes the table as an A4 PDF: for the attendee list and the sign-in sheet, pages
// with the meeting's header, the table's header row repeated, rows never split across pages
// and a "第 N 页 / 共 M 页" footer; for name cards, one page per attendee, folded in the
// middle, the top half upside down so the card reads from both sides of the table.
// tr gives the page footer, the fold hint and the note of an empty list in the reader's
// language. The PDF is built in memory and written to w only when complete.
func (r *Renderer) WritePDF(w io.Writer, t Table, tr Translator) error {
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
	d.pdf.SetInfo(gopdf.PdfInfo{Title: t.Header.Theme + " " + t.Header.Title, Creator: "政企早餐会服务平台",
		Producer: "gopdf", CreationDate: time.Now()})
	d.pdf.SetTextColor(0, 0, 0)
	var err error
	if t.Doc == DocCards && len(t.Rows) > 0 {
		err = d.cards(t, tr("print.fold_here"))
	} else {
		err = d.table(t, func(page, pages int) string { return tr("print.page_of", page, pages) }, tr("print.no_attendees"))
	}
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if _, err := d.pdf.WriteTo(&buf); err != nil {
		return err
	}
	_, err = buf.WriteTo(w)
	return err
}

type fontRune struct {
	font string
	r    rune
}

// pdfDoc is one PDF being written. Text may mix Chinese and Latin characters: each run of
// characters is drawn in the font that has them, on one baseline.
type pdfDoc struct {
	pdf    *gopdf.GoPdf
	font   string  // current font family
	size   float64 // current font size in points
	latin  map[rune]bool
	widths map[fontRune]float64 // advance at 10 pt, in mm
	pages  int
}

// fontOf returns the family that draws r: Roboto for Latin script, digits and punctuation it
// has, Droid Sans Fallback for the rest.
func (d *pdfDoc) fontOf(r rune) string {
	has, ok := d.latin[r]
	if !ok {
		d.setFont(latinFont, d.size)
		has, _ = d.pdf.IsCurrFontContainGlyph(r)
		has = has && r < 0x2E80 // CJK symbols and full-width forms look right only in the CJK font
		d.latin[r] = has
	}
	if has {
		return latinFont
	}
	return cjkFont
}

func (d *pdfDoc) setFont(family string, size float64) {
	if d.font == family && d.size == size {
		return
	}
	_ = d.pdf.SetFont(family, "", size) // both families are registered: it cannot fail
	d.font, d.size = family, size
}

// runs splits s into runs of characters of one font.
func (d *pdfDoc) runs(s string) []textRun {
	var out []textRun
	for _, r := range s {
		if unicode.IsControl(r) {
			r = ' '
		}
		f := d.fontOf(r)
		if n := len(out); n > 0 && out[n-1].font == f {
			out[n-1].text += string(r)
			continue
		}
		out = append(out, textRun{font: f, text: string(r)})
	}
	return out
}

// textRun is text drawn in one font.
type textRun struct {
	font string
	text string
}

// runeWidth is r's advance in mm at size points.
func (d *pdfDoc) runeWidth(r rune, size float64) float64 {
	f := d.fontOf(r)
	key := fontRune{f, r}
	w, ok := d.widths[key]
	if !ok {
		d.setFont(f, 10)
		w, _ = d.pdf.MeasureTextWidth(string(r))
		d.widths[key] = w
	}
	return w * size / 10
}

func (d *pdfDoc) width(s string, size float64) float64 {
	var w float64
	for _, r := range s {
		w += d.runeWidth(r, size)
	}
	return w
}

// text draws s with its baseline at y, starting at x.
func (d *pdfDoc) text(x, baseline float64, s string, size float64) {
	for _, run := range d.runs(s) {
		d.setFont(run.font, size)
		d.pdf.SetXY(x, baseline)
		_ = d.pdf.Text(run.text) // the glyphs were added with the font: it cannot fail
		x += d.width(run.text, size)
	}
}

// textCentered draws s centred on x.
func (d *pdfDoc) textCentered(cx, baseline float64, s string, size float64) {
	d.text(cx-d.width(s, size)/2, baseline, s, size)
}

// wrap breaks s into lines no wider than width mm at size points: between any two Chinese
// characters, at spaces in Latin text, and inside a word only when it is longer than a line.
func (d *pdfDoc) wrap(s string, width, size float64) []string {
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		var line []rune
		lineW := 0.0
		lastSpace := -1
		for _, r := range para {
			rw := d.runeWidth(r, size)
			if lineW+rw > width && len(line) > 0 {
				if lastSpace > 0 && !unicode.IsSpace(r) {
					lines = append(lines, strings.TrimSpace(string(line[:lastSpace])))
					line = append([]rune(nil), line[lastSpace+1:]...)
				} else {
					lines = append(lines, strings.TrimSpace(string(line)))
					line = line[:0]
				}
				lineW = d.width(string(line), size)
				lastSpace = -1
				if unicode.IsSpace(r) {
					continue
				}
			}
			if unicode.IsSpace(r) {
				lastSpace = len(line)
			} else if r > 0x2E80 {
				lastSpace = -1 // Chinese breaks anywhere; a space before it is no better
			}
			line = append(line, r)
			lineW += rw
		}
		lines = append(lines, strings.TrimSpace(string(line)))
	}
	return lines
}

// ascent is where the baseline sits below a line's top, for both fonts.
func ascent(size float64) float64 { return size * ptToMM * 0.88 }

func lineHeight(size float64) float64 { return size * ptToMM * 1.3 }

// Table layout.
const (
	titleSize  = 16.0
	themeSize  = 12.0
	metaSize   = 9.0
	headSize   = 10.0
	bodySize   = 10.0
	footerSize = 8.5
)

// minRowHeight is the least height of a data row: sign-in rows leave room for a signature.
func minRowHeight(doc Doc) float64 {
	if doc == DocSignIn {
		return 12
	}
	return 7.5
}

func (d *pdfDoc) table(t Table, footer func(page, pages int) string, emptyText string) error {
	colX := make([]float64, len(t.Columns)+1)
	colX[0] = marginX
	for i, c := range t.Columns {
		colX[i+1] = colX[i] + c.Width
	}
	y := d.newTablePage(t, colX)
	if len(t.Rows) == 0 {
		d.pdf.SetTextColor(80, 80, 80)
		d.text(marginX+cellPadX, y+cellPadY+ascent(bodySize), emptyText, bodySize)
		d.pdf.SetTextColor(0, 0, 0)
	}
	for _, row := range t.Rows {
		lines := make([][]string, len(row.Cells))
		h := minRowHeight(t.Doc)
		for i, cell := range row.Cells {
			size := bodySize
			if t.Columns[i].Key == "signature" {
				size = 8
			}
			lines[i] = d.wrap(cell, t.Columns[i].Width-2*cellPadX, size)
			h = max(h, float64(len(lines[i]))*lineHeight(size)+2*cellPadY)
		}
		if y+h > bodyBottom {
			y = d.newTablePage(t, colX)
		}
		d.pdf.SetLineWidth(0.25)
		for i := range row.Cells {
			d.pdf.RectFromUpperLeft(colX[i], y, colX[i+1]-colX[i], h)
			size := bodySize
			key := t.Columns[i].Key
			if key == "signature" {
				size = 8
				d.pdf.SetTextColor(70, 70, 70)
			}
			top := y + (h-float64(len(lines[i]))*lineHeight(size))/2 // vertically centred
			if key == "signature" {
				top = y + cellPadY // a note leaves the rest of the box to sign in
			}
			for j, line := range lines[i] {
				base := top + float64(j)*lineHeight(size) + (lineHeight(size)-size*ptToMM)/2 + ascent(size)
				if key == "no" {
					d.textCentered((colX[i]+colX[i+1])/2, base, line, size)
				} else {
					d.text(colX[i]+cellPadX, base, line, size)
				}
			}
			d.pdf.SetTextColor(0, 0, 0)
		}
		y += h
	}
	for p := 1; p <= d.pages; p++ {
		if err := d.pdf.SetPage(p); err != nil {
			return err
		}
		d.pdf.SetTextColor(60, 60, 60)
		d.text(marginX, footerTop+ascent(footerSize), t.Header.PrintedAt, footerSize)
		d.textCentered(pageW/2, footerTop+ascent(footerSize), footer(p, d.pages), footerSize)
		right := t.Header.Title
		d.text(pageW-marginX-d.width(right, footerSize), footerTop+ascent(footerSize), right, footerSize)
		d.pdf.SetTextColor(0, 0, 0)
	}
	return nil
}

// newTablePage starts a page with the meeting's header and the table's header row, and
// returns where the first data row goes.
func (d *pdfDoc) newTablePage(t Table, colX []float64) float64 {
	d.pdf.AddPage()
	d.pages++
	y := marginTop
	d.textCentered(pageW/2, y+ascent(titleSize), t.Header.Title, titleSize)
	y += lineHeight(titleSize) + 1
	for _, line := range d.wrap(t.Header.Theme, pageW-2*marginX, themeSize) {
		d.textCentered(pageW/2, y+ascent(themeSize), line, themeSize)
		y += lineHeight(themeSize)
	}
	var meta []string
	for _, s := range []string{t.Header.When, t.Header.Venue, t.Header.Host} {
		if s != "" {
			meta = append(meta, s)
		}
	}
	for _, line := range d.wrap(strings.Join(meta, "    "), pageW-2*marginX, metaSize) {
		d.textCentered(pageW/2, y+ascent(metaSize), line, metaSize)
		y += lineHeight(metaSize)
	}
	y += 3
	// The header row, on a light grey.
	h := 0.0
	heads := make([][]string, len(t.Columns))
	for i, c := range t.Columns {
		heads[i] = d.wrap(c.Header, c.Width-2*cellPadX, headSize)
		h = max(h, float64(len(heads[i]))*lineHeight(headSize)+2*cellPadY)
	}
	d.pdf.SetLineWidth(0.25)
	d.pdf.SetFillColor(232, 232, 232)
	// Boxes first: drawing text sets the fill colour to the text's.
	for i := range t.Columns {
		d.pdf.RectFromUpperLeftWithStyle(colX[i], y, colX[i+1]-colX[i], h, "FD")
	}
	for i := range t.Columns {
		for j, line := range heads[i] {
			base := y + cellPadY + float64(j)*lineHeight(headSize) + (lineHeight(headSize)-headSize*ptToMM)/2 + ascent(headSize)
			d.textCentered((colX[i]+colX[i+1])/2, base, line, headSize)
		}
	}
	return y + h
}

// Name cards: the name this large at most, and the enterprise below it.
const (
	cardNameSize       = 80.0
	cardEnterpriseSize = 26.0
	cardWidth          = pageW - 30 // the text's widest
)

// cards writes one page per row: the card's lower half upright, its upper half the same
// turned by 180°, and a dashed fold line between them.
func (d *pdfDoc) cards(t Table, foldText string) error {
	for _, row := range t.Rows {
		d.pdf.AddPage()
		d.pages++
		name, enterprise := t.Value(row, "name"), t.Value(row, "enterprise")
		d.cardHalf(name, enterprise)
		d.pdf.Rotate(180, pageW/2, pageH/2)
		d.cardHalf(name, enterprise)
		d.pdf.RotateReset()
		d.pdf.SetLineWidth(0.2)
		d.pdf.SetStrokeColor(150, 150, 150)
		d.pdf.SetLineType("dashed")
		d.pdf.Line(0, pageH/2, pageW, pageH/2)
		d.pdf.SetLineType("solid")
		d.pdf.SetStrokeColor(0, 0, 0)
		d.pdf.SetTextColor(150, 150, 150)
		d.text(6, pageH/2-1.2, foldText, 7)
		d.pdf.SetTextColor(0, 0, 0)
	}
	return nil
}

// cardHalf draws a card's face in the lower half of the page: the name as large as fits,
// and the enterprise on one or two lines below it, the whole centred.
func (d *pdfDoc) cardHalf(name, enterprise string) {
	nameSize := cardNameSize
	if w := d.width(name, nameSize); w > cardWidth {
		nameSize *= cardWidth / w
	}
	entSize := cardEnterpriseSize
	if w := d.width(enterprise, entSize); w > cardWidth {
		entSize = max(entSize*cardWidth/w, 18)
	}
	entLines := d.wrap(enterprise, cardWidth, entSize)
	if enterprise == "" {
		entLines = nil
	}
	gap := 8.0
	blockH := nameSize*ptToMM + float64(len(entLines))*lineHeight(entSize)
	if len(entLines) > 0 {
		blockH += gap
	}
	top := pageH/2 + (pageH/2-blockH)/2 - 6 // a little towards the fold, where the eye is
	d.textCentered(pageW/2, top+nameSize*ptToMM*0.86, name, nameSize)
	y := top + nameSize*ptToMM + gap
	for _, line := range entLines {
		d.textCentered(pageW/2, y+ascent(entSize), line, entSize)
		y += lineHeight(entSize)
	}
}
