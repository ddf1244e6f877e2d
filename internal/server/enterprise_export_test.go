package server

import (
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"breakfast/internal/portal"

	"github.com/xuri/excelize/v2"
)

// exportRows reads an .xlsx export back: its rows, cell by cell.
func exportRows(t *testing.T, res response) [][]string {
	t.Helper()
	wantStatus(t, res, http.StatusOK)
	f, err := excelize.OpenReader(strings.NewReader(res.body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("企业名录")
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// csvRows reads a CSV export back, after checking its byte order mark.
func csvRows(t *testing.T, res response) [][]string {
	t.Helper()
	wantStatus(t, res, http.StatusOK)
	if !strings.HasPrefix(res.body, "\ufeff") {
		t.Fatalf("no byte order mark: %q", res.body[:min(len(res.body), 20)])
	}
	records, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(res.body, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return records
}

func names(rows [][]string) string {
	var n []string
	for _, r := range rows[1:] {
		n = append(n, r[0])
	}
	return strings.Join(n, ",")
}

func TestExportEnterprises(t *testing.T) {
	e := newEnv(t)
	e.newAccount("official1", portal.RoleOfficial)
	e.newAccount("dept1", portal.RoleDepartment)
	e.setNow(time.Date(2026, 11, 23, 23, 30, 0, 0, portal.CST))
	ctx := context.Background()
	a := e.enterprise("杭州甲科技有限公司", portal.EnterpriseVerified)
	e.enterprise("杭州乙材料有限公司", portal.EnterprisePending)
	c3 := e.enterprise("宁波丙制造有限公司", portal.EnterpriseVerified)
	manufacturing := e.chain("智能制造")
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`UPDATE enterprises SET is_key = true, annual_output = 52000.5, address = '文一西路 998 号', park = '未来科技城',
			legal_rep = '李明' WHERE id = $1`, []any{a}},
		{`UPDATE enterprise_contacts SET title = '总经理', email = 'wang@example.cn' WHERE enterprise_id = $1`, []any{a}},
		{`INSERT INTO enterprise_contacts (enterprise_id, position, name, mobile) VALUES ($1, 1, '第二联系人', '13900000000')`, []any{a}},
		{`INSERT INTO enterprise_chains VALUES ($1, $2)`, []any{a, manufacturing}},
		{`UPDATE enterprises SET scale = 'below' WHERE id = $1`, []any{c3}},
	} {
		if _, err := e.pool.Exec(ctx, q.sql, q.args...); err != nil {
			t.Fatal(err)
		}
	}
	var codeA string
	e.pool.QueryRow(ctx, `SELECT uscc FROM enterprises WHERE id = $1`, a).Scan(&codeA)
	c := e.login("official1")

	header := "企业名称|统一社会信用代码|所属产业链|规模|年产值（万元）|重点企业|注册地址|所在园区/街道|法定代表人|状态|联系人|职务|手机|邮箱"
	rowA := "杭州甲科技有限公司|" + codeA + "|新能源汽车、智能制造|规上|52000.5|是|文一西路 998 号|未来科技城|李明|已认证|王建华|总经理|13812345678|wang@example.cn"

	t.Run("xlsx, cell by cell", func(t *testing.T) {
		res := c.get("/enterprises/export.xlsx")
		if ct := res.Header.Get("Content-Type"); ct != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
			t.Errorf("Content-Type %q", ct)
		}
		if cd := res.Header.Get("Content-Disposition"); cd != `attachment; filename="enterprises-2026-11-23.xlsx"; filename*=UTF-8''%E4%BC%81%E4%B8%9A%E5%90%8D%E5%BD%95-2026-11-23.xlsx` {
			t.Errorf("Content-Disposition %q", cd)
		}
		rows := exportRows(t, res)
		if len(rows) != 4 || strings.Join(rows[0], "|") != header {
			t.Fatalf("rows %q", rows)
		}
		if got := strings.Join(rows[1], "|"); got != rowA {
			t.Errorf("row 2 = %s\nwant    %s", got, rowA)
		}
		if got := names(rows); got != "杭州甲科技有限公司,杭州乙材料有限公司,宁波丙制造有限公司" {
			t.Errorf("order %s", got)
		}
		if rows[2][9] != "待审核" || rows[3][3] != "规下" || rows[3][5] != "否" {
			t.Errorf("rows 3–4: %q %q", rows[2], rows[3])
		}
	})
	t.Run("csv has the same columns", func(t *testing.T) {
		res := c.get("/enterprises/export.csv")
		if ct := res.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
			t.Errorf("Content-Type %q", ct)
		}
		if cd := res.Header.Get("Content-Disposition"); !strings.HasSuffix(cd, "%E4%BC%81%E4%B8%9A%E5%90%8D%E5%BD%95-2026-11-23.csv") {
			t.Errorf("Content-Disposition %q", cd)
		}
		rows := csvRows(t, res)
		if len(rows) != 4 || strings.Join(rows[0], "|") != header || strings.Join(rows[1], "|") != rowA {
			t.Errorf("rows %q", rows)
		}
	})
	t.Run("the list's filters apply", func(t *testing.T) {
		for _, tc := range []struct{ query, want string }{
			{"status=pending", "杭州乙材料有限公司"},
			{"q=" + url.QueryEscape("宁波"), "宁波丙制造有限公司"},
			{"chain=" + itoa(manufacturing), "杭州甲科技有限公司"},
			{"scale=below", "宁波丙制造有限公司"},
			{"key=yes", "杭州甲科技有限公司"},
			{"key=no&sort=name", "杭州乙材料有限公司,宁波丙制造有限公司"},
			{"status=verified&sort=newest", "宁波丙制造有限公司,杭州甲科技有限公司"},
		} {
			if got := names(exportRows(t, c.get("/enterprises/export.xlsx?"+tc.query))); got != tc.want {
				t.Errorf("xlsx ?%s: %s, want %s", tc.query, got, tc.want)
			}
			if got := names(csvRows(t, c.get("/enterprises/export.csv?"+tc.query))); got != tc.want {
				t.Errorf("csv ?%s: %s, want %s", tc.query, got, tc.want)
			}
		}
		wantStatus(t, c.get("/enterprises/export.csv?chain=abc"), http.StatusBadRequest)
	})
	t.Run("only officials and administrators", func(t *testing.T) {
		d := e.login("dept1")
		wantStatus(t, d.get("/enterprises/export.xlsx"), http.StatusForbidden)
		wantStatus(t, d.get("/enterprises/export.csv"), http.StatusForbidden)
		wantRedirect(t, e.client().get("/enterprises/export.csv"), "/login")
	})
}

// TestExportPages exports more enterprises than one page of the store holds.
func TestExportPages(t *testing.T) {
	e := newEnv(t)
	e.newAccount("official1", portal.RoleOfficial)
	if _, err := e.pool.Exec(context.Background(), `INSERT INTO enterprises (name, uscc, scale, status)
		SELECT '企业' || lpad(n::text, 5, '0'), '9' || lpad(n::text, 17, '0'), 'above', 'verified'
		FROM generate_series(1, 1203) n`); err != nil {
		t.Fatal(err)
	}
	c := e.login("official1")
	rows := csvRows(t, c.get("/enterprises/export.csv?sort=uscc"))
	if len(rows) != 1204 || rows[1][0] != "企业00001" || rows[1203][0] != "企业01203" {
		t.Fatalf("%d rows, first %q, last %q", len(rows), rows[1], rows[len(rows)-1])
	}
	seen := map[string]bool{}
	for _, r := range rows[1:] {
		if seen[r[1]] {
			t.Fatalf("%s exported twice", r[1])
		}
		seen[r[1]] = true
	}
	x := exportRows(t, c.get("/enterprises/export.xlsx"))
	if len(x) != 1204 {
		t.Errorf("xlsx has %d rows", len(x))
	}
	if x[1][0] != "企业00001" {
		t.Errorf("first row %q", x[1])
	}
}
