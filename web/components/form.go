// Package components holds small templ pieces shared by pages: form fields, error summaries,
// pagination.
package components

// Input describes one labelled form field. Label, Hint and Problem are i18n catalog keys;
// Problem is empty when the field is fine.
type Input struct {
	Name         string
	Label        string
	Type         string // text when empty
	Value        string
	Hint         string
	Problem      string
	Required     bool
	Autocomplete string
	MaxLength    int
}

// ID is the element id of the field.
func (in Input) ID() string { return "f-" + in.Name }

// DescribedBy lists the ids of the hint and the error message, for aria-describedby.
func (in Input) DescribedBy() string {
	ids := ""
	if in.Hint != "" {
		ids = in.ID() + "-hint"
	}
	if in.Problem != "" {
		if ids != "" {
			ids += " "
		}
		ids += in.ID() + "-error"
	}
	return ids
}

// InputType is the input's type attribute.
func (in Input) InputType() string {
	if in.Type == "" {
		return "text"
	}
	return in.Type
}

// Option is one choice of a select field. Label is literal text, already translated.
type Option struct {
	Value    string
	Label    string
	Selected bool
}
