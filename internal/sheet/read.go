package sheet

import (
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"breakfast/internal/portal"

	"github.com/xuri/excelize/v2"
)

// Limits that keep a hostile or broken file from exhausting the server: the total unzipped
// size of the workbook, the size above which excelize spills a worksheet to a temporary file
// instead of memory, and the length kept of a cell (longer than any field may be, so a cut
// cell still fails validation as too long).
const (
	maxUnzipped   = 256 << 20
	maxXMLInMem   = 8 << 20
	maxCellLength = 1000
)

// EnterpriseFile is an opened enterprise spreadsheet. Read its rows with Each and Close it.
type EnterpriseFile struct {
	f     *excelize.File
	sheet string
	rows  int
}

// OpenEnterprises opens an .xlsx workbook and finds its enterprise sheet: the first sheet that
// is not the template's help sheet. A file that is not a readable workbook gives EINVALID
// import.not_xlsx.
func OpenEnterprises(r io.Reader) (ef *EnterpriseFile, err error) {
	defer recoverAs(&err)
	f, err := excelize.OpenReader(r, excelize.Options{RawCellValue: true,
		UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: maxXMLInMem})
	if err != nil {
		if f != nil {
			_ = f.Close()
		}
		return nil, notXLSX()
	}
	ef = &EnterpriseFile{f: f}
	for _, name := range f.GetSheetList() {
		if name != HelpSheet {
			ef.sheet = name
			break
		}
	}
	if ef.sheet == "" {
		_ = f.Close()
		return nil, notXLSX()
	}
	// Count the rows in a first, cheap pass (no cells are decoded), so progress can be shown.
	rows, err := f.Rows(ef.sheet)
	if err != nil {
		_ = f.Close()
		return nil, notXLSX()
	}
	for rows.Next() {
		ef.rows++
	}
	_ = rows.Close()
	return ef, nil
}

// EstimatedRows is how many data rows the sheet may hold: its rows after the first. Empty
// rows count, so the real number can be lower.
func (ef *EnterpriseFile) EstimatedRows() int { return max(ef.rows-1, 0) }

// Close releases the workbook and its temporary files.
func (ef *EnterpriseFile) Close() error { return ef.f.Close() }

// Each calls visit with every data row, in order, reading the sheet as a stream. The first
// non-empty row is the header; its columns are matched by name. Empty rows and rows of the
// template's example are skipped. Each stops at visit's first error and returns it. A header
// without a required column gives EINVALID import.missing_columns, more than
// portal.MaxImportRows rows import.too_many_rows, a sheet without data rows import.no_rows.
// The rows' problems are only those of reading the cells; portal.ImportChecker adds the rest.
func (ef *EnterpriseFile) Each(visit func(portal.ImportRow) error) (err error) {
	defer recoverAs(&err)
	rows, err := ef.f.Rows(ef.sheet)
	if err != nil {
		return notXLSX()
	}
	defer rows.Close()
	var index []int // column number in the sheet → column, -1 when the column is not ours
	number, data := 0, 0
	for rows.Next() {
		number++
		cells, err := rows.Columns()
		if err != nil {
			return notXLSX()
		}
		if blank(cells) {
			continue
		}
		if index == nil {
			if index, err = matchHeader(cells); err != nil {
				return err
			}
			continue
		}
		row := parseRow(number, cells, index)
		if strings.HasPrefix(row.Input.Name, ExamplePrefix) {
			continue
		}
		if data++; data > portal.MaxImportRows {
			return portal.Errorf(portal.EINVALID, "import.too_many_rows", strconv.Itoa(portal.MaxImportRows))
		}
		if err := visit(row); err != nil {
			return err
		}
	}
	if rows.Error() != nil {
		return notXLSX()
	}
	if index == nil {
		return portal.Errorf(portal.EINVALID, "import.missing_columns", requiredHeaders())
	}
	if data == 0 {
		return portal.Errorf(portal.EINVALID, "import.no_rows")
	}
	return nil
}

// ReadEnterprises opens the workbook read from r and calls visit with each of its data rows;
// see OpenEnterprises and Each.
func ReadEnterprises(r io.Reader, visit func(portal.ImportRow) error) error {
	ef, err := OpenEnterprises(r)
	if err != nil {
		return err
	}
	defer ef.Close()
	return ef.Each(visit)
}

// recoverAs turns a panic of the spreadsheet library on a malformed file into
// import.not_xlsx: a bad upload must not take the server down.
func recoverAs(err *error) {
	if v := recover(); v != nil {
		*err = fmt.Errorf("sheet: reading the workbook panicked: %v: %w", v, notXLSX())
	}
}

func notXLSX() error { return portal.Errorf(portal.EINVALID, "import.not_xlsx") }

func blank(cells []string) bool {
	for _, c := range cells {
		if cleanCell(c) != "" {
			return false
		}
	}
	return true
}

// matchHeader maps the header row's cells to columns, or names the required columns missing.
func matchHeader(cells []string) ([]int, error) {
	index := make([]int, len(cells))
	found := [columnCount]bool{}
	for i, c := range cells {
		index[i] = -1
		if col, ok := headerIndex[normalizeHeader(c)]; ok && !found[col] {
			index[i] = int(col)
			found[col] = true
		}
	}
	var missing []string
	for c, spec := range columns {
		if spec.required && !found[c] {
			missing = append(missing, spec.header)
		}
	}
	if len(missing) > 0 {
		return nil, portal.Errorf(portal.EINVALID, "import.missing_columns", strings.Join(missing, "、"))
	}
	return index, nil
}

func requiredHeaders() string {
	var names []string
	for _, spec := range columns {
		if spec.required {
			names = append(names, spec.header)
		}
	}
	return strings.Join(names, "、")
}

// cleanCell trims white space, the ideographic space included, and cuts overlong cells.
func cleanCell(s string) string {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\u3000", " "))
	if utf8.RuneCountInString(s) > maxCellLength {
		s = string([]rune(s)[:maxCellLength])
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return s
}

func parseRow(number int, cells []string, index []int) portal.ImportRow {
	var v [columnCount]string
	for i, c := range cells {
		if i < len(index) && index[i] >= 0 {
			v[index[i]] = cleanCell(c)
		}
	}
	row := portal.ImportRow{Number: number, Input: portal.EnterpriseInput{
		Name: v[colName], USCC: v[colUSCC], Address: v[colAddress], Park: v[colPark], LegalRep: v[colLegalRep],
		Contacts: []portal.Contact{{Name: v[colContactName], Title: v[colContactTitle],
			Mobile: v[colContactMobile], Email: v[colContactEmail]}},
	}}
	row.ChainNames = splitChains(v[colChains])
	switch scale, ok := parseScale(v[colScale]); {
	case ok:
		row.Input.Scale = scale
	default:
		row.AddProblem("scale", "import.scale_unknown", v[colScale])
	}
	switch out, ok := parseOutput(v[colOutput]); {
	case ok:
		row.Input.AnnualOutput = out
	default:
		row.AddProblem("annual_output", "import.output_invalid", v[colOutput])
	}
	switch key, ok := parseYesNo(v[colKey]); {
	case ok:
		row.Input.IsKey = key
	default:
		row.AddProblem("is_key", "import.key_unknown", v[colKey])
	}
	return row
}

// splitChains splits a cell naming one or more industry chains, separated by 、 , ， ; ； or
// line breaks.
func splitChains(s string) []string {
	var names []string
	for _, part := range strings.FieldsFunc(s, func(r rune) bool {
		return strings.ContainsRune("、,，;；\n\r\t", r)
	}) {
		if part = cleanCell(part); part != "" {
			names = append(names, part)
		}
	}
	return names
}

// parseScale reads 规上/规下 (and their long forms); an empty cell is no scale, which
// validation reports as missing.
func parseScale(s string) (portal.Scale, bool) {
	switch strings.ToLower(normalizeHeader(s)) {
	case "":
		return "", true
	case "规上", "规模以上", "规上企业", "above":
		return portal.ScaleAbove, true
	case "规下", "规模以下", "规下企业", "below":
		return portal.ScaleBelow, true
	}
	return "", false
}

// parseYesNo reads the key-enterprise flag; empty means no.
func parseYesNo(s string) (bool, bool) {
	switch strings.ToLower(normalizeHeader(s)) {
	case "是", "y", "yes", "true", "1", "√", "✓", "重点":
		return true, true
	case "", "否", "n", "no", "false", "0", "×":
		return false, true
	}
	return false, false
}

var plainDecimal = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?$`)

// parseOutput reads the annual output in 万元 as a plain decimal string. Thousands separators
// are dropped, and a number the spreadsheet stored in exponent form is written out.
func parseOutput(s string) (string, bool) {
	s = strings.NewReplacer(",", "", "，", "", " ", "").Replace(s)
	if s == "" || plainDecimal.MatchString(s) {
		return s, true
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
		return "", false
	}
	return strconv.FormatFloat(v, 'f', -1, 64), true
}
