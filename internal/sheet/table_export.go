package sheet

import (
	"archive/zip"
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"iter"
	"runtime"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// A list exported as it is read: the rows come from an iterator that reads the database a
// page at a time, and go out without the whole list ever being in memory (the demand list's
// export; see cmd/bench for its memory measured at 100,000 rows).

// gcEvery is how many rows WriteListXLSX writes between garbage collections (a few
// milliseconds each, against seconds for the rows).
const gcEvery = 5000

// Column is one column of an exported list: its header and its width in characters.
type Column struct {
	Header string
	Width  float64
}

// WriteListXLSX writes rows as an .xlsx workbook with one sheet named sheetName: a bold,
// frozen header row with a filter, and the columns' widths. Rows go through excelize's
// StreamWriter, which keeps a bounded buffer and spills to a temporary file, so memory does
// not grow with the rows. The first error of rows stops the export and is returned before
// anything is written to w.
func WriteListXLSX(w io.Writer, sheetName string, columns []Column, rows iter.Seq2[[]any, error]) error {
	f := excelize.NewFile()
	defer f.Close()
	// excelize's WriteTo builds the whole archive in memory before writing it; a zip writer on
	// w instead streams the archive out as it is compressed, the sheet read back from the
	// stream writer's temporary file. (Only sheets over 4 GB need the zip64 header fix-up
	// WriteTo would apply to its buffer.)
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zip.NewWriter(w) })
	if err := f.SetSheetName("Sheet1", sheetName); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: headerFill,
		Alignment: &excelize.Alignment{Vertical: "center"}})
	if err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheetName)
	if err != nil {
		return err
	}
	header := make([]any, len(columns))
	for i, c := range columns {
		if err := sw.SetColWidth(i+1, i+1, c.Width); err != nil {
			return err
		}
		header[i] = excelize.Cell{StyleID: bold, Value: c.Header}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if err := sw.SetRow("A1", header, excelize.RowOpts{Height: 20}); err != nil {
		return err
	}
	n := 1
	for row, err := range rows {
		if err != nil {
			return err
		}
		n++
		if err := sw.SetRow("A"+strconv.Itoa(n), row); err != nil {
			return err
		}
		if n%gcEvery == 0 {
			// The stream writer's buffer is a bytes.Buffer that grows to 16 MB, goes to a
			// temporary file and starts again; collecting its old arrays now and then keeps
			// the process near its live memory instead of letting garbage double it.
			runtime.GC()
		}
	}
	last, _ := excelize.ColumnNumberToName(max(len(columns), 1))
	if err := f.AutoFilter(sheetName, fmt.Sprintf("A1:%s%d", last, max(n, 2)), nil); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

// WriteListCSV writes rows as CSV in UTF-8 with a byte order mark (so Excel recognises the
// encoding), each row as it comes; text cells are defused against formula injection. An error
// of rows stops the export half-way and is returned.
func WriteListCSV(w io.Writer, columns []Column, rows iter.Seq2[[]any, error]) error {
	bw := bufio.NewWriter(w)
	if _, err := bw.WriteString("\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	record := make([]string, len(columns))
	for i, c := range columns {
		record[i] = c.Header
	}
	if err := cw.Write(record); err != nil {
		return err
	}
	for row, err := range rows {
		if err != nil {
			return err
		}
		for i := range record {
			record[i] = ""
			if i < len(row) && row[i] != nil {
				record[i] = csvSafe(fmt.Sprint(row[i]))
			}
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
