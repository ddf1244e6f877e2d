package portal

import "strings"

// CategoryInput is what an administrator types for a demand category (用地, 融资, …): its
// Chinese and English names.
type CategoryInput struct {
	NameZH string
	NameEN string
}

// Normalize trims the names.
func (in *CategoryInput) Normalize() {
	in.NameZH = strings.TrimSpace(in.NameZH)
	in.NameEN = strings.TrimSpace(in.NameEN)
}

// Validate checks that both names are there and short: EINVALID on "name_zh" or "name_en".
func (in CategoryInput) Validate() error {
	p := Problems{}
	checkText(p, "name_zh", in.NameZH, true, 20)
	checkText(p, "name_en", in.NameEN, true, 50)
	return p.Err()
}
