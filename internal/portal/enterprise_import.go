package portal

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ImportStatus is where a batch import of enterprises from a spreadsheet stands.
type ImportStatus string

// The states of an import: the uploaded file is being checked (parsing), checked and waiting
// for an official to confirm it (ready), unreadable (failed), or confirmed (imported). Only a
// ready import can be confirmed, and only once.
const (
	ImportParsing  ImportStatus = "parsing"
	ImportReady    ImportStatus = "ready"
	ImportFailed   ImportStatus = "failed"
	ImportImported ImportStatus = "imported"
)

// MaxImportRows is how many enterprise rows one spreadsheet may hold.
const MaxImportRows = 20000

// EnterpriseImport is one uploaded spreadsheet of enterprises and what checking it found.
type EnterpriseImport struct {
	ID            int64
	CreatedBy     int64
	CreatorName   string
	CreatedAt     time.Time
	Filename      string
	Status        ImportStatus
	TotalRows     int // data rows of the file; while parsing, an estimate (0 when unknown)
	ProcessedRows int // rows checked so far
	ValidRows     int
	InvalidRows   int
	ErrorKey      string // catalog key of why a failed import failed
	ErrorArg      string // the argument of ErrorKey's message, if it takes one
	ImportedRows  int
	ImportedAt    *time.Time
	// RowsPurgedAt is when the rows of an imported file were deleted (ImportRetention after
	// the import); nil while they are kept.
	RowsPurgedAt *time.Time
}

// ImportProblem is one thing wrong with a row of an import: the field it concerns (as named by
// EnterpriseInput.Validate), a catalog key, and the arguments of the key's message.
type ImportProblem struct {
	Field string
	Key   string
	Args  []string
}

// ImportRow is one data row of an imported spreadsheet: what it says and what is wrong with it.
type ImportRow struct {
	Number     int // the row's number in the spreadsheet, as the spreadsheet program shows it
	Input      EnterpriseInput
	ChainNames []string // the industry chains as written, resolved to Input.ChainIDs by ImportChecker
	Problems   []ImportProblem
}

// Valid reports whether the row can be imported.
func (r ImportRow) Valid() bool { return len(r.Problems) == 0 }

// AddProblem records a problem of the row, keeping the problems in the order of the
// spreadsheet's columns.
func (r *ImportRow) AddProblem(field, key string, args ...string) {
	rank := fieldRank(field)
	i := len(r.Problems)
	for i > 0 && fieldRank(r.Problems[i-1].Field) > rank {
		i--
	}
	r.Problems = slices.Insert(r.Problems, i, ImportProblem{Field: field, Key: key, Args: args})
}

// HasProblem reports whether field already has a problem.
func (r ImportRow) HasProblem(field string) bool {
	for _, p := range r.Problems {
		if p.Field == field {
			return true
		}
	}
	return false
}

// ImportChecker applies the rules of an enterprise import to rows in file order: chain names
// must name active industry chains, the input must pass EnterpriseInput.Validate, and a credit
// code may appear only once in the file (later rows repeating it are the duplicates). Whether
// a code is registered already is the store's to check.
type ImportChecker struct {
	chains map[string]Chain
	seen   map[string]int
}

// NewImportChecker returns a checker that resolves chain names among chains.
func NewImportChecker(chains []Chain) *ImportChecker {
	c := &ImportChecker{chains: map[string]Chain{}, seen: map[string]int{}}
	for _, ch := range chains {
		c.chains[chainKey(ch.Name)] = ch
	}
	return c
}

func chainKey(name string) string {
	return strings.ToLower(strings.Join(strings.Fields(strings.ReplaceAll(name, "\u3000", " ")), ""))
}

// Check normalizes row.Input, resolves its chain names and adds every problem it finds to
// row.Problems.
func (c *ImportChecker) Check(row *ImportRow) {
	for _, name := range row.ChainNames {
		ch, ok := c.chains[chainKey(name)]
		switch {
		case !ok:
			row.AddProblem("chain_ids", "import.chain_unknown", name)
		case !ch.Active:
			row.AddProblem("chain_ids", "import.chain_inactive", ch.Name)
		default:
			row.Input.ChainIDs = append(row.Input.ChainIDs, ch.ID)
		}
	}
	row.Input.Normalize()
	if err := row.Input.Validate(); err != nil {
		var e *Error
		if errors.As(err, &e) {
			fields := make([]string, 0, len(e.Fields))
			for f := range e.Fields {
				fields = append(fields, f)
			}
			slices.SortFunc(fields, func(a, b string) int { return fieldRank(a) - fieldRank(b) })
			for _, f := range fields {
				if !row.HasProblem(f) {
					row.AddProblem(f, e.Fields[f])
				}
			}
		}
	}
	if code := row.Input.USCC; code != "" && USCCProblem(code) == "" {
		if first, dup := c.seen[code]; dup {
			row.AddProblem("uscc", "import.uscc_duplicate", strconv.Itoa(first))
		} else {
			c.seen[code] = row.Number
		}
	}
}

// importFieldOrder is the order of the spreadsheet's columns, by the field names of
// EnterpriseInput.Validate; problems are listed in it.
var importFieldOrder = []string{"name", "uscc", "chain_ids", "scale", "annual_output", "is_key", "address", "park",
	"legal_rep", "contacts", "contact_name_0", "contact_title_0", "contact_mobile_0", "contact_email_0"}

func fieldRank(field string) int {
	if i := slices.Index(importFieldOrder, field); i >= 0 {
		return i
	}
	return len(importFieldOrder)
}
