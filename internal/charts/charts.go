// Package charts draws the dashboard's charts as inline SVG on the server: no script, no
// external library, nothing fetched. The charts are meant to be read on screen and on paper
// printed in black and white, so series differ by line pattern and marker shape, not only by
// colour, and every value is written out or readable against a labelled axis. A chart is an
// image with a title and a description (role="img", <title>, <desc>); the page shows the same
// figures in a table next to it, which is the accessible version.
//
// The SVG uses presentation attributes only, never style attributes, so it passes a Content
// Security Policy without 'unsafe-inline'. Every text is escaped.
package charts

import (
	"html"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Colours: the portal's blue and red, dark enough to print as distinct greys, and the ink.
const (
	blue  = "#1d4f91"
	red   = "#b8312f"
	ink   = "#1f2933"
	muted = "#5f6b7a"
	grid  = "#c9d0d9"
)

// Bar is one bar of a BarChart.
type Bar struct {
	Label string  // what the bar stands for: a department's name
	Value float64 // the bar's length in the chart's units; ignored when Missing
	Text  string  // written at the end of the bar: "75%（3/4）"; the value itself when empty
	// Missing marks a bar without a value (a rate with no denominator): no bar is drawn, only
	// its Text ("—").
	Missing bool
}

// BarChart is a horizontal bar chart: one bar per row with its label on the left and its
// value written after it, over a scale with grid lines.
type BarChart struct {
	ID    string // unique on the page; the title's and description's ids derive from it
	Title string
	Desc  string // a sentence saying what the chart shows
	Bars  []Bar
	// Max is the end of the scale; 0 takes the largest value rounded up to a round number.
	Max  float64
	Unit string // after the scale's numbers: "%"
}

// Bar chart geometry, in SVG user units (about CSS pixels at full width).
const (
	chartWidth   = 720.0
	barRow       = 28.0
	barThickness = 16.0
	fontSize     = 12.0
	smallFont    = 11.0
	maxLabelW    = 200.0
	valueSpace   = 120.0
)

// SVG returns the chart as an <svg> element.
func (c BarChart) SVG() string {
	labelW := 0.0
	for _, b := range c.Bars {
		labelW = max(labelW, textWidth(b.Label, fontSize))
	}
	labelW = min(labelW, maxLabelW) + 10
	top, axisH := 8.0, 26.0
	plotX := labelW
	plotW := chartWidth - plotX - valueSpace
	height := top + float64(max(len(c.Bars), 1))*barRow + axisH
	largest := 0.0
	for _, b := range c.Bars {
		if !b.Missing {
			largest = max(largest, b.Value)
		}
	}
	scaleMax, step := c.Max, 0.0
	if scaleMax <= 0 {
		scaleMax, step = niceScale(largest)
	} else {
		_, step = niceScale(scaleMax)
	}
	x := func(v float64) float64 { return plotX + plotW*clamp(v/scaleMax, 0, 1) }

	var b strings.Builder
	c.open(&b, height)
	bottom := top + float64(max(len(c.Bars), 1))*barRow
	// The scale: grid lines and numbers under the bars.
	for v := 0.0; v <= scaleMax+step/1000; v += step {
		gx := x(v)
		line(&b, gx, top, gx, bottom, grid, "3 3")
		text(&b, gx, bottom+16, "middle", smallFont, muted, formatNumber(v)+c.Unit)
	}
	line(&b, plotX, top, plotX, bottom, ink, "")
	for i, bar := range c.Bars {
		rowY := top + float64(i)*barRow
		mid := rowY + barRow/2
		text(&b, plotX-8, mid+fontSize*0.35, "end", fontSize, ink, truncate(bar.Label, maxLabelW, fontSize))
		label := bar.Text
		if label == "" {
			label = formatNumber(bar.Value) + c.Unit
		}
		end := plotX
		if !bar.Missing {
			end = x(bar.Value)
			if end > plotX {
				b.WriteString(`<rect x="` + num(plotX) + `" y="` + num(mid-barThickness/2) + `" width="` + num(end-plotX) +
					`" height="` + num(barThickness) + `" fill="` + blue + `" stroke="` + ink + `" stroke-width="0.5"/>`)
			}
		}
		text(&b, end+6, mid+fontSize*0.35, "start", fontSize, ink, label)
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// Series is one line of a LineChart.
type Series struct {
	Name   string
	Values []float64 // one per label of the chart; missing ones count as 0
}

// LineChart is a line chart over categories along the x axis (months), with up to three
// series told apart by line pattern (solid, dashed, dotted) and marker (filled circle, open
// square, open triangle) as well as colour, and a legend saying which is which.
type LineChart struct {
	ID     string
	Title  string
	Desc   string
	Labels []string // the x axis, left to right
	Series []Series
}

// seriesStyle is how the n-th series is drawn.
var seriesStyle = []struct {
	colour, dash string
	marker       string // circle, square, triangle
}{
	{blue, "", "circle"},
	{red, "7 4", "square"},
	{ink, "2 3", "triangle"},
}

// SVG returns the chart as an <svg> element.
func (c LineChart) SVG() string {
	const height = 300.0
	left, right, top, bottom := 48.0, 32.0, 34.0, 40.0
	plotW, plotH := chartWidth-left-right, height-top-bottom
	largest := 0.0
	for _, s := range c.Series {
		for _, v := range s.Values {
			largest = max(largest, v)
		}
	}
	scaleMax, step := niceScale(largest)
	n := len(c.Labels)
	x := func(i int) float64 {
		if n <= 1 {
			return left + plotW/2
		}
		return left + plotW*float64(i)/float64(n-1)
	}
	y := func(v float64) float64 { return top + plotH*(1-clamp(v/scaleMax, 0, 1)) }

	var b strings.Builder
	c.open(&b, height)
	// The legend, above the plot.
	lx := left
	for i, s := range c.Series {
		st := seriesStyle[i%len(seriesStyle)]
		line(&b, lx, 14, lx+28, 14, st.colour, st.dash, 2)
		marker(&b, st.marker, lx+14, 14, st.colour)
		text(&b, lx+34, 14+fontSize*0.35, "start", fontSize, ink, s.Name)
		lx += 34 + textWidth(s.Name, fontSize) + 24
	}
	// The scale: horizontal grid lines with their numbers.
	for v := 0.0; v <= scaleMax+step/1000; v += step {
		gy := y(v)
		line(&b, left, gy, left+plotW, gy, grid, "3 3")
		text(&b, left-6, gy+smallFont*0.35, "end", smallFont, muted, formatNumber(v))
	}
	line(&b, left, top+plotH, left+plotW, top+plotH, ink, "")
	line(&b, left, top, left, top+plotH, ink, "")
	// Month labels; every other one when they would crowd.
	every := 1
	if n > 1 {
		widest := 0.0
		for _, l := range c.Labels {
			widest = max(widest, textWidth(l, smallFont))
		}
		for plotW/float64(n-1)*float64(every) < widest+6 {
			every++
		}
	}
	for i, l := range c.Labels {
		line(&b, x(i), top+plotH, x(i), top+plotH+4, ink, "")
		if i%every == 0 {
			text(&b, x(i), top+plotH+18, "middle", smallFont, ink, l)
		}
	}
	for i, s := range c.Series {
		st := seriesStyle[i%len(seriesStyle)]
		var points []string
		for j := range c.Labels {
			v := 0.0
			if j < len(s.Values) {
				v = s.Values[j]
			}
			points = append(points, num(x(j))+","+num(y(v)))
		}
		if len(points) > 1 {
			b.WriteString(`<polyline points="` + strings.Join(points, " ") + `" fill="none" stroke="` + st.colour +
				`" stroke-width="2"`)
			if st.dash != "" {
				b.WriteString(` stroke-dasharray="` + st.dash + `"`)
			}
			b.WriteString(`/>`)
		}
		for j := range c.Labels {
			v := 0.0
			if j < len(s.Values) {
				v = s.Values[j]
			}
			marker(&b, st.marker, x(j), y(v), st.colour)
		}
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// open writes the <svg> start tag with its title and description.
func (c BarChart) open(b *strings.Builder, height float64) { openSVG(b, c.ID, c.Title, c.Desc, height) }

func (c LineChart) open(b *strings.Builder, height float64) {
	openSVG(b, c.ID, c.Title, c.Desc, height)
}

func openSVG(b *strings.Builder, id, title, desc string, height float64) {
	id = safeID(id)
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 ` + num(chartWidth) + ` ` +
		num(height) + `" aria-labelledby="` + id + `-title ` + id + `-desc" data-testid="` + id + `">`)
	b.WriteString(`<title id="` + id + `-title">` + html.EscapeString(title) + `</title>`)
	b.WriteString(`<desc id="` + id + `-desc">` + html.EscapeString(desc) + `</desc>`)
}

func line(b *strings.Builder, x1, y1, x2, y2 float64, colour, dash string, width ...float64) {
	w := 1.0
	if len(width) > 0 {
		w = width[0]
	}
	b.WriteString(`<line x1="` + num(x1) + `" y1="` + num(y1) + `" x2="` + num(x2) + `" y2="` + num(y2) +
		`" stroke="` + colour + `" stroke-width="` + num(w) + `"`)
	if dash != "" {
		b.WriteString(` stroke-dasharray="` + dash + `"`)
	}
	b.WriteString(`/>`)
}

func text(b *strings.Builder, x, y float64, anchor string, size float64, colour, s string) {
	b.WriteString(`<text x="` + num(x) + `" y="` + num(y) + `" text-anchor="` + anchor + `" font-size="` + num(size) +
		`" fill="` + colour + `">` + html.EscapeString(s) + `</text>`)
}

// marker draws a data point: a filled circle, or an open square or triangle (white inside, so
// it stays visible on a line of the same colour and on paper).
func marker(b *strings.Builder, shape string, x, y float64, colour string) {
	switch shape {
	case "square":
		b.WriteString(`<rect x="` + num(x-4) + `" y="` + num(y-4) + `" width="8" height="8" fill="#fff" stroke="` +
			colour + `" stroke-width="2"/>`)
	case "triangle":
		b.WriteString(`<polygon points="` + num(x) + `,` + num(y-5) + ` ` + num(x+5) + `,` + num(y+4) + ` ` + num(x-5) + `,` +
			num(y+4) + `" fill="#fff" stroke="` + colour + `" stroke-width="2"/>`)
	default:
		b.WriteString(`<circle cx="` + num(x) + `" cy="` + num(y) + `" r="4" fill="` + colour + `" stroke="` + colour + `"/>`)
	}
}

// niceScale returns a round end for a scale reaching at least v, and its step: about five
// steps of 1, 2 or 5 times a power of ten, never less than 1 (the charts count things and
// per cents). A scale for nothing (v ≤ 0) runs to 5.
func niceScale(v float64) (end, step float64) {
	if v <= 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return 5, 1
	}
	raw := v / 5
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step = 10 * mag
	for _, m := range []float64{1, 2, 5, 10} {
		if m*mag*5 >= v {
			step = m * mag
			break
		}
	}
	step = max(step, 1)
	return step * math.Ceil(v/step), step
}

func clamp(v, lo, hi float64) float64 {
	if math.IsNaN(v) {
		return lo
	}
	return min(max(v, lo), hi)
}

// num writes a coordinate with at most one decimal.
func num(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		v = 0
	}
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
}

// formatNumber writes a scale's number: whole numbers without decimals.
func formatNumber(v float64) string {
	if v == math.Trunc(v) {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

// textWidth estimates how wide s is at size: Chinese characters and full-width forms are a
// square em, other characters a little over half of one.
func textWidth(s string, size float64) float64 {
	w := 0.0
	for _, r := range s {
		w += runeWidth(r) * size
	}
	return w
}

func runeWidth(r rune) float64 {
	if r >= 0x2E80 || unicode.Is(unicode.Han, r) {
		return 1
	}
	return 0.58
}

// truncate shortens s with "…" to fit width at size.
func truncate(s string, width, size float64) string {
	if textWidth(s, size) <= width {
		return s
	}
	w := runeWidth('…') * size
	var out []rune
	for _, r := range s {
		rw := runeWidth(r) * size
		if w+rw > width {
			break
		}
		out = append(out, r)
		w += rw
	}
	return string(out) + "…"
}

// safeID keeps the letters, digits, "-" and "_" of id, so it is a valid id and attribute value.
func safeID(id string) string {
	var b strings.Builder
	for _, r := range id {
		if r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_') {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "chart"
	}
	return b.String()
}
