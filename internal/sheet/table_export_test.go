package sheet

import (
	"bytes"
	"errors"
	"iter"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func listRows(rows ...[]any) iter.Seq2[[]any, error] {
	return func(yield func([]any, error) bool) {
		for _, r := range rows {
			if !yield(r, nil) {
				return
			}
		}
	}
}

var listColumns = []Column{{"编号", 8}, {"诉求标题", 40}, {"办理时限", 10}}

func TestWriteListXLSXStreamsAReadableWorkbook(t *testing.T) {
	var buf bytes.Buffer
	err := WriteListXLSX(&buf, "诉求清单", listColumns, listRows(
		[]any{int64(7), "二期项目用地指标", 15}, []any{int64(3), "=HYPERLINK(\"x\")", ""}))
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("the streamed archive does not open: %v", err)
	}
	defer f.Close()
	got, err := f.GetRows("诉求清单")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"编号", "诉求标题", "办理时限"}, {"7", "二期项目用地指标", "15"}, {"3", "=HYPERLINK(\"x\")"}}
	if len(got) != len(want) {
		t.Fatalf("rows = %q, want %q", got, want)
	}
	for i := range want {
		if strings.Join(got[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d = %q, want %q", i, got[i], want[i])
		}
	}
	if formula, _ := f.GetCellFormula("诉求清单", "B3"); formula != "" {
		t.Errorf("text became a formula: %q", formula)
	}
}

func TestWriteListCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteListCSV(&buf, listColumns, listRows([]any{int64(7), "=1+1", nil})); err != nil {
		t.Fatal(err)
	}
	want := "\ufeff编号,诉求标题,办理时限\r\n7,'=1+1,\r\n"
	if buf.String() != want {
		t.Errorf("csv = %q, want %q", buf.String(), want)
	}
	boom := errors.New("database gone")
	err := WriteListCSV(&bytes.Buffer{}, listColumns, func(yield func([]any, error) bool) { yield(nil, boom) })
	if !errors.Is(err, boom) {
		t.Errorf("err = %v, want the rows' error", err)
	}
}
