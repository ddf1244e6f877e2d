package pages

import (
	"net/url"

	"github.com/a-h/templ"
)

// DemandExportHref is the link of the demand list's export as ext ("xlsx" or "csv") with the
// list's filters f: the export has the rows the list shows, all of them.
func DemandExportHref(f DemandListFilter, ext string) templ.SafeURL {
	q := url.Values{}
	for name, v := range map[string]string{"q": f.Query, "status": f.Status, "department": f.Department, "chain": f.Chain,
		"category": f.Category, "meeting": f.Meeting, "enterprise": f.Enterprise, "supervised": f.Supervised,
		"from": f.From, "to": f.To} {
		if v != "" {
			q.Set(name, v)
		}
	}
	if f.LeadOnly {
		q.Set("lead", "1")
	}
	if f.Overdue {
		q.Set("overdue", "1")
	}
	if f.Extension {
		q.Set("extension", "1")
	}
	u := url.URL{Path: "/demands/export." + ext, RawQuery: q.Encode()}
	return templ.SafeURL(u.String())
}
