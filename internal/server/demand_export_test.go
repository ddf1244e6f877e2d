package server

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"breakfast/internal/portal"
)

// TestDemandListExport proves the demand list's export has the list's rows with its filters,
// newest first, for officials only.
func TestDemandListExport(t *testing.T) {
	e := newEnv(t)
	e.newAccount("exp-official", portal.RoleOfficial)
	ent := e.newAccount("exp-ent", portal.RoleEntrepreneur)
	first := e.demand(ent, "用地指标问题")
	e.demand(ent, "融资贴息问题")
	if _, err := e.pool.Exec(context.Background(), `UPDATE demands SET status = 'rejected', reject_reason = '不属于职责范围',
		created_at = created_at - interval '1 day' WHERE id = $1`, first); err != nil {
		t.Fatal(err)
	}
	official := e.login("exp-official")

	res := official.get("/demands/export.csv")
	wantStatus(t, res, http.StatusOK)
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
		t.Errorf("Content-Type = %q", ct)
	}
	lines := strings.Split(strings.TrimSpace(strings.TrimPrefix(res.body, "\ufeff")), "\r\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "编号,诉求标题,企业") ||
		!strings.Contains(lines[1], "融资贴息问题") || !strings.Contains(lines[2], "用地指标问题,企业 exp-ent") ||
		!strings.Contains(lines[2], "不予受理") {
		t.Errorf("export:\n%s", strings.Join(lines, "\n"))
	}

	filtered := official.get("/demands/export.csv?status=rejected")
	if strings.Contains(filtered.body, "融资贴息问题") || !strings.Contains(filtered.body, "用地指标问题") {
		t.Errorf("the status filter is not applied:\n%s", filtered.body)
	}

	// The list links its export with the list's filters.
	list := official.get("/demands?status=rejected").doc(t)
	if href, _ := list.Find(`[data-testid="demand-export-csv"]`).Attr("href"); href != "/demands/export.csv?status=rejected" {
		t.Errorf("export link = %q", href)
	}

	xlsx := official.get("/demands/export.xlsx")
	wantStatus(t, xlsx, http.StatusOK)
	if !strings.HasPrefix(xlsx.body, "PK") {
		t.Error("the .xlsx export is not a zip archive")
	}

	if res := e.login("exp-ent").get("/demands/export.csv"); res.StatusCode == http.StatusOK {
		t.Errorf("an entrepreneur exported every demand: status %d", res.StatusCode)
	}
}
