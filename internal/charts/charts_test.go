package charts

import (
	"encoding/xml"
	"io"
	"strconv"
	"strings"
	"testing"
)

// node is a parsed SVG element.
type node struct {
	name     string
	attrs    map[string]string
	text     string
	children []*node
}

// parse reads svg as XML and fails the test unless it is well-formed with one root.
func parse(t *testing.T, svg string) *node {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(svg))
	var stack []*node
	var root *node
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, svg)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &node{name: tok.Name.Local, attrs: map[string]string{}}
			for _, a := range tok.Attr {
				n.attrs[a.Name.Local] = a.Value
			}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.children = append(p.children, n)
			} else if root != nil {
				t.Fatal("more than one root element")
			} else {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text += string(tok)
			}
		}
	}
	if root == nil || root.name != "svg" {
		t.Fatalf("root is not an svg element:\n%s", svg)
	}
	return root
}

func (n *node) all(name string) []*node {
	var out []*node
	for _, c := range n.children {
		if c.name == name {
			out = append(out, c)
		}
		out = append(out, c.all(name)...)
	}
	return out
}

func (n *node) texts() []string {
	var out []string
	for _, t := range n.all("text") {
		out = append(out, t.text)
	}
	return out
}

// wantAccessible checks what makes the SVG an image with a name and a description.
func wantAccessible(t *testing.T, svg *node, id, title, desc string) {
	t.Helper()
	if svg.attrs["role"] != "img" {
		t.Errorf("role = %q, want img", svg.attrs["role"])
	}
	titles, descs := svg.all("title"), svg.all("desc")
	if len(titles) != 1 || titles[0].text != title || titles[0].attrs["id"] != id+"-title" {
		t.Errorf("title = %+v, want %q with id %s-title", titles, title, id)
	}
	if len(descs) != 1 || descs[0].text != desc || descs[0].attrs["id"] != id+"-desc" {
		t.Errorf("desc = %+v, want %q", descs, desc)
	}
	if got := svg.attrs["aria-labelledby"]; got != id+"-title "+id+"-desc" {
		t.Errorf("aria-labelledby = %q", got)
	}
	if svg.attrs["viewBox"] == "" {
		t.Error("no viewBox: the chart would not scale")
	}
}

// wantNoStyleOrScript fails on what the Content Security Policy refuses or a chart never needs.
func wantNoStyleOrScript(t *testing.T, svg string) {
	t.Helper()
	for _, bad := range []string{"style=", "<style", "<script", "NaN", "Inf", "href"} {
		if strings.Contains(svg, bad) {
			t.Errorf("the SVG contains %q:\n%s", bad, svg)
		}
	}
}

func TestBarChart(t *testing.T) {
	c := BarChart{ID: "ontime", Title: "各部门按时答复率", Desc: "工信局 75%，资规局 50%，供电公司无答复。", Max: 100, Unit: "%",
		Bars: []Bar{
			{Label: "工信局", Value: 75, Text: "75%（3/4）"},
			{Label: "资规局", Value: 50, Text: "50%（1/2）"},
			{Label: "供电公司", Missing: true, Text: "—"},
			{Label: "税务局", Value: 0, Text: "0%（0/3）"},
		}}
	out := c.SVG()
	wantNoStyleOrScript(t, out)
	svg := parse(t, out)
	wantAccessible(t, svg, "ontime", c.Title, c.Desc)
	texts := strings.Join(svg.texts(), "|")
	for _, want := range []string{"工信局", "资规局", "供电公司", "税务局", "75%（3/4）", "50%（1/2）", "—", "0%（0/3）", "0%", "100%"} {
		if !strings.Contains(texts, want) {
			t.Errorf("texts lack %q: %s", want, texts)
		}
	}
	// Only the two bars with a length are drawn, 75 one and a half times 50.
	var widths []float64
	for _, r := range svg.all("rect") {
		w, err := strconv.ParseFloat(r.attrs["width"], 64)
		if err != nil {
			t.Fatal(err)
		}
		widths = append(widths, w)
	}
	if len(widths) != 2 {
		t.Fatalf("%d bars drawn, want 2 (a missing value and a zero draw none)", len(widths))
	}
	if ratio := widths[0] / widths[1]; ratio < 1.49 || ratio > 1.51 {
		t.Errorf("bar widths %v: ratio %.3f, want 1.5", widths, ratio)
	}
}

func TestBarChartEmptyAndZero(t *testing.T) {
	for name, c := range map[string]BarChart{
		"no bars":     {ID: "empty", Title: "空", Desc: "没有数据。"},
		"all zero":    {ID: "zero", Title: "零", Desc: "都是零。", Bars: []Bar{{Label: "甲", Value: 0}, {Label: "乙", Value: 0}}},
		"all missing": {ID: "missing", Title: "无", Desc: "都没有值。", Max: 100, Unit: "%", Bars: []Bar{{Label: "甲", Missing: true, Text: "—"}}},
	} {
		t.Run(name, func(t *testing.T) {
			out := c.SVG()
			wantNoStyleOrScript(t, out)
			svg := parse(t, out)
			wantAccessible(t, svg, c.ID, c.Title, c.Desc)
			if n := len(svg.all("rect")); n != 0 {
				t.Errorf("%d bars drawn for nothing", n)
			}
		})
	}
}

func TestChartsEscapeText(t *testing.T) {
	evil := `<script>alert("x")</script>&`
	bar := BarChart{ID: `a"b<c`, Title: evil, Desc: evil, Bars: []Bar{{Label: evil, Value: 1, Text: evil}}}
	lc := LineChart{ID: "t", Title: evil, Desc: evil, Labels: []string{evil}, Series: []Series{{Name: evil, Values: []float64{1}}}}
	for name, out := range map[string]string{"bar": bar.SVG(), "line": lc.SVG()} {
		t.Run(name, func(t *testing.T) {
			wantNoStyleOrScript(t, out)
			svg := parse(t, out)
			if svg.all("title")[0].text != evil {
				t.Errorf("title = %q, want the text back", svg.all("title")[0].text)
			}
		})
	}
	if got := parse(t, bar.SVG()).attrs["data-testid"]; got != "abc" {
		t.Errorf("id = %q, want only its safe characters", got)
	}
}

func TestLineChart(t *testing.T) {
	labels := []string{"2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08",
		"2026-09", "2026-10", "2026-11"}
	c := LineChart{ID: "trend", Title: "近12个月诉求趋势", Desc: "每月收到和办结的诉求数。", Labels: labels, Series: []Series{
		{Name: "收到", Values: []float64{0, 1, 3, 2, 5, 4, 7, 6, 3, 2, 8, 12}},
		{Name: "办结", Values: []float64{0, 0, 1, 2, 2, 3, 4, 5, 3, 2, 4, 6}},
	}}
	out := c.SVG()
	wantNoStyleOrScript(t, out)
	svg := parse(t, out)
	wantAccessible(t, svg, "trend", c.Title, c.Desc)
	lines := svg.all("polyline")
	if len(lines) != 2 {
		t.Fatalf("%d lines, want 2", len(lines))
	}
	// Told apart without colour: one solid, one dashed; filled circles and open squares.
	if lines[0].attrs["stroke-dasharray"] != "" || lines[1].attrs["stroke-dasharray"] == "" {
		t.Errorf("dash patterns %q and %q, want solid then dashed", lines[0].attrs["stroke-dasharray"], lines[1].attrs["stroke-dasharray"])
	}
	if n := len(svg.all("circle")); n != 12+1 { // 12 points and the legend's marker
		t.Errorf("%d circles, want 13", n)
	}
	if n := len(svg.all("rect")); n != 12+1 {
		t.Errorf("%d squares, want 13", n)
	}
	for i, l := range lines {
		if n := len(strings.Fields(l.attrs["points"])); n != 12 {
			t.Errorf("line %d has %d points, want 12", i, n)
		}
	}
	texts := strings.Join(svg.texts(), "|")
	for _, want := range []string{"收到", "办结", "2025-12", "2026-11", "0", "15"} {
		if !strings.Contains(texts, want) {
			t.Errorf("texts lack %q: %s", want, texts)
		}
	}
	// The highest point (12 of a scale to 15) is above the lowest (0): y grows downwards.
	first, last := strings.Fields(lines[0].attrs["points"])[0], strings.Fields(lines[0].attrs["points"])[11]
	y := func(p string) float64 {
		v, _ := strconv.ParseFloat(strings.Split(p, ",")[1], 64)
		return v
	}
	if !(y(last) < y(first)) {
		t.Errorf("12 drawn at y=%v, 0 at y=%v", y(last), y(first))
	}
}

func TestLineChartAllZero(t *testing.T) {
	c := LineChart{ID: "z", Title: "无", Desc: "无数据。", Labels: []string{"1月", "2月"},
		Series: []Series{{Name: "收到", Values: []float64{0, 0}}, {Name: "办结"}}}
	out := c.SVG()
	wantNoStyleOrScript(t, out)
	parse(t, out)
}

func TestNiceScale(t *testing.T) {
	tests := []struct{ v, end, step float64 }{
		{0, 5, 1}, {1, 1, 1}, {3, 3, 1}, {7, 8, 2}, {12, 15, 5}, {100, 100, 20}, {37, 40, 10}, {240, 250, 50},
	}
	for _, tt := range tests {
		if end, step := niceScale(tt.v); end != tt.end || step != tt.step {
			t.Errorf("niceScale(%v) = %v, %v; want %v, %v", tt.v, end, step, tt.end, tt.step)
		}
	}
}
