package sheet

import (
	"bytes"
	"encoding/csv"
	"errors"
	"iter"
	"strings"
	"testing"

	"breakfast/internal/portal"

	"github.com/xuri/excelize/v2"
)

// workbook returns an .xlsx whose first sheet holds rows.
func workbook(t testing.TB, rows ...[]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func uscc(first17 string) string { return first17 + string(portal.USCCCheckChar(first17)) }

func readAll(t *testing.T, data []byte) ([]portal.ImportRow, error) {
	t.Helper()
	var rows []portal.ImportRow
	err := ReadEnterprises(bytes.NewReader(data), func(r portal.ImportRow) error {
		rows = append(rows, r)
		return nil
	})
	return rows, err
}

func errKey(err error) string {
	var e *portal.Error
	if errors.As(err, &e) {
		return e.Key
	}
	return ""
}

func TestReadEnterprises(t *testing.T) {
	header := []any{"企业名称", "统一社会信用代码", "所属产业链", "规模", "年产值（万元）", "重点企业", "注册地址",
		"所在园区/街道", "法定代表人", "联系人", "职务", "手机", "邮箱"}
	code := uscc("91330106000000001")
	t.Run("columns are matched by name, in any order and spelling", func(t *testing.T) {
		data := workbook(t,
			[]any{" 手机号 ", "企业 名称", "统一社会信用代码*", "所属产业链", "规模", "年产值(万元)", "是否重点企业", "联系人", "备注", "所在园区／街道"},
			[]any{"13912345678", "甲公司", strings.ToLower(code), "智能制造、 生物医药;新能源", "规上", "1,234.5", "是", "王五", "ignored", "滨江"},
			nil,
			[]any{"13912345679", ExamplePrefix + "示例", code, "x", "规下", "", "", "赵六"},
			[]any{"13912345670", "乙公司", code, "智能制造", "中型", "abc", "可能", "钱七"},
		)
		rows, err := readAll(t, data)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 2 {
			t.Fatalf("rows = %+v", rows)
		}
		a := rows[0]
		if a.Number != 2 || a.Input.Name != "甲公司" || a.Input.Scale != portal.ScaleAbove || a.Input.AnnualOutput != "1234.5" ||
			!a.Input.IsKey || a.Input.Park != "滨江" || a.Input.Contacts[0].Mobile != "13912345678" || a.Input.Contacts[0].Name != "王五" {
			t.Errorf("row 2 = %+v", a)
		}
		if got := strings.Join(a.ChainNames, "|"); got != "智能制造|生物医药|新能源" {
			t.Errorf("chains = %q", got)
		}
		if len(a.Problems) != 0 {
			t.Errorf("problems %+v", a.Problems)
		}
		b := rows[1]
		if b.Number != 5 {
			t.Errorf("row number %d, want 5 (the blank and example rows are skipped, not renumbered)", b.Number)
		}
		var keys []string
		for _, p := range b.Problems {
			keys = append(keys, p.Field+":"+p.Key+":"+strings.Join(p.Args, ","))
		}
		if got := strings.Join(keys, " "); got != "scale:import.scale_unknown:中型 annual_output:import.output_invalid:abc is_key:import.key_unknown:可能" {
			t.Errorf("problems = %s", got)
		}
	})

	for _, tc := range []struct {
		name string
		data []byte
		key  string
	}{
		{"not a workbook", []byte("name,uscc\nx,y\n"), "import.not_xlsx"},
		{"empty input", nil, "import.not_xlsx"},
		{"missing columns", workbook(t, []any{"企业名称", "规模"}, []any{"甲", "规上"}), "import.missing_columns"},
		{"no header at all", workbook(t), "import.missing_columns"},
		{"header only", workbook(t, header), "import.no_rows"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readAll(t, tc.data)
			if errKey(err) != tc.key {
				t.Fatalf("err = %v, want %s", err, tc.key)
			}
		})
	}
}

func TestTemplateRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	tr := func(key string, args ...any) string { return key }
	if err := EnterpriseTemplate(&buf, []string{"智能制造", "生物医药"}, tr); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), ","); got != DataSheet+","+HelpSheet {
		t.Errorf("sheets = %s", got)
	}
	header, _ := f.GetRows(DataSheet)
	if len(header) != 2 || strings.Join(header[0], ",") != "企业名称,统一社会信用代码,所属产业链,规模,年产值（万元）,重点企业,注册地址,所在园区/街道,法定代表人,联系人,职务,手机,邮箱" {
		t.Errorf("data sheet = %q", header)
	}
	help, _ := f.GetRows(HelpSheet)
	if last := help[len(help)-1]; last[0] != "生物医药" {
		t.Errorf("help sheet ends with %q", last)
	}
	// The example row alone imports nothing, and is otherwise a valid row.
	if _, err := readAll(t, buf.Bytes()); errKey(err) != "import.no_rows" {
		t.Errorf("template read: %v", err)
	}
	f.SetCellStr(DataSheet, "A2", "真公司")
	var out bytes.Buffer
	f.WriteTo(&out)
	rows, err := readAll(t, out.Bytes())
	if err != nil || len(rows) != 1 {
		t.Fatalf("rows %+v, %v", rows, err)
	}
	checker := portal.NewImportChecker([]portal.Chain{{ID: 7, Name: "智能制造", Active: true}})
	checker.Check(&rows[0])
	if !rows[0].Valid() {
		t.Errorf("example row problems: %+v", rows[0].Problems)
	}
}

func enterprises(list ...portal.Enterprise) iter.Seq2[portal.Enterprise, error] {
	return func(yield func(portal.Enterprise, error) bool) {
		for _, e := range list {
			if !yield(e, nil) {
				return
			}
		}
	}
}

var exported = []portal.Enterprise{
	{Name: "甲公司", USCC: "91330106000000001X", Scale: portal.ScaleAbove, AnnualOutput: ptr(1234.5), IsKey: true,
		Address: "文三路 1 号", Park: "西湖", LegalRep: "张三", Status: portal.EnterpriseVerified,
		Chains:   []portal.ChainRef{{ID: 1, Name: "智能制造"}, {ID: 2, Name: "新能源"}},
		Contacts: []portal.Contact{{Name: "李四", Title: "总经理", Mobile: "13912345678", Email: "a@b.cn"}, {Name: "次要"}}},
	{Name: "=HYPERLINK(\"x\")", USCC: "91330106000000002Y", Scale: portal.ScaleBelow, Status: portal.EnterprisePending},
}

func ptr(v float64) *float64 { return &v }

func TestExportXLSX(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteEnterprisesXLSX(&buf, enterprises(exported...)); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows(DataSheet)
	want := [][]string{exportHeader,
		{"甲公司", "91330106000000001X", "智能制造、新能源", "规上", "1234.5", "是", "文三路 1 号", "西湖", "张三", "已认证", "李四", "总经理", "13912345678", "a@b.cn"},
		{"=HYPERLINK(\"x\")", "91330106000000002Y", "", "规下", "", "否", "", "", "", "待审核"}}
	if len(rows) != len(want) {
		t.Fatalf("rows = %q", rows)
	}
	for i := range want {
		if strings.Join(rows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d = %q, want %q", i+1, rows[i], want[i])
		}
	}
	if v, _ := f.GetCellType(DataSheet, "E2"); v != excelize.CellTypeNumber && v != excelize.CellTypeUnset {
		t.Errorf("output cell type %v", v)
	}
	if formula, _ := f.GetCellFormula(DataSheet, "A3"); formula != "" {
		t.Errorf("text became a formula: %q", formula)
	}
	panes, _ := f.GetPanes(DataSheet)
	if !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes %+v", panes)
	}
	layout, _ := f.GetPageLayout(DataSheet)
	if layout.Size == nil || *layout.Size != 9 || layout.Orientation == nil || *layout.Orientation != "landscape" {
		t.Errorf("page layout %+v", layout)
	}
	if w, _ := f.GetColWidth(DataSheet, "A"); w != 32 {
		t.Errorf("width of A = %v", w)
	}
	names := map[string]string{}
	for _, d := range f.GetDefinedName() {
		names[d.Name] = d.RefersTo
	}
	if names["_xlnm._FilterDatabase"] != "'企业名录'!$A$1:$N$3" {
		t.Errorf("auto filter: %v", names)
	}
	style, _ := f.GetCellStyle(DataSheet, "A1")
	if s, _ := f.GetStyle(style); s == nil || s.Font == nil || !s.Font.Bold {
		t.Errorf("header not bold")
	}

	// An error of the rows is returned, and nothing written.
	buf.Reset()
	boom := errors.New("boom")
	failing := func(yield func(portal.Enterprise, error) bool) {
		if yield(exported[0], nil) {
			yield(portal.Enterprise{}, boom)
		}
	}
	if err := WriteEnterprisesXLSX(&buf, failing); !errors.Is(err, boom) || buf.Len() != 0 {
		t.Errorf("err %v, wrote %d bytes", err, buf.Len())
	}
}

func TestExportCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteEnterprisesCSV(&buf, enterprises(exported...)); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("\xef\xbb\xbf")) {
		t.Fatal("no BOM")
	}
	records, err := csv.NewReader(bytes.NewReader(buf.Bytes()[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) != 3 || strings.Join(records[0], ",") != strings.Join(exportHeader, ",") {
		t.Fatalf("records %q", records)
	}
	if got := strings.Join(records[1], "|"); got != "甲公司|91330106000000001X|智能制造、新能源|规上|1234.5|是|文三路 1 号|西湖|张三|已认证|李四|总经理|13912345678|a@b.cn" {
		t.Errorf("row 1 = %s", got)
	}
	if records[2][0] != "'=HYPERLINK(\"x\")" {
		t.Errorf("formula not defused: %q", records[2][0])
	}
}

func TestNormalizeHeader(t *testing.T) {
	for in, want := range map[string]string{
		"年产值（万元）":      "年产值(万元)",
		" 企业\u3000名称 ": "企业名称",
		"*手机":          "手机",
		"ＵＳＣＣ":         "uscc",
		"所在园区／街道":      "所在园区/街道",
	} {
		if got := normalizeHeader(in); got != want {
			t.Errorf("normalizeHeader(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzReadEnterprises feeds the import arbitrary bytes, starting from real workbooks: it may
// refuse a file, but never panic, and every row it reports has a positive row number.
func FuzzReadEnterprises(f *testing.F) {
	header := []any{"企业名称", "统一社会信用代码", "所属产业链", "规模", "年产值（万元）", "重点企业", "注册地址",
		"所在园区/街道", "法定代表人", "联系人", "职务", "手机", "邮箱"}
	f.Add(workbook(f, header, []any{"甲", uscc("91330106000000001"), "智能制造", "规上", 12.5, "是", "路", "园", "张", "李", "总", "13912345678", "a@b.cn"}))
	f.Add(workbook(f, []any{"手机", "企业名称", "统一社会信用代码", "所属产业链", "规模", "联系人"}, nil, []any{"x", "y", "z", "、、", "?", ""}))
	f.Add(workbook(f, header))
	var tmpl bytes.Buffer
	if err := EnterpriseTemplate(&tmpl, []string{"智能制造"}, func(k string, _ ...any) string { return k }); err != nil {
		f.Fatal(err)
	}
	f.Add(tmpl.Bytes())
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = ReadEnterprises(bytes.NewReader(data), func(r portal.ImportRow) error {
			if r.Number <= 0 {
				t.Fatalf("row number %d", r.Number)
			}
			portal.NewImportChecker(nil).Check(&r)
			return nil
		})
	})
}
