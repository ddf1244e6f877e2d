package server

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"breakfast/internal/i18n"
	"breakfast/internal/portal"

	"github.com/PuerkitoBio/goquery"
)

// workPage is the demand page's path.
func workPage(id int64) string { return "/demands/" + itoa(id) }

// formVersion reads the version hidden field of the panel with the test id.
func formVersion(t *testing.T, res response, panel string) string {
	t.Helper()
	v, ok := res.doc(t).Find(`[data-testid="` + panel + `"] input[name="version"]`).First().Attr("value")
	if !ok {
		t.Fatalf("no panel %s with a version field; body:\n%.2000s", panel, res.body)
	}
	return v
}

func demandVersion(t *testing.T, e *env, id int64) string {
	return itoa(int64(count(t, e, `SELECT version FROM demands WHERE id = $1`, id)))
}

func demandField(t *testing.T, e *env, id int64, column string) string {
	t.Helper()
	var v *string
	if err := e.pool.QueryRow(context.Background(), `SELECT `+column+`::text FROM demands WHERE id = $1`, id).Scan(&v); err != nil {
		t.Fatal(err)
	}
	if v == nil {
		return ""
	}
	return *v
}

// assignForm is the triage form for the lead department, co-handling ones, 3 working days.
func assignForm(version string, days string, lead int64, co ...int64) url.Values {
	form := url.Values{"version": {version}, "lead_department_id": {itoa(lead)}, "priority": {"high"},
		"time_limit_days": {days}, "note": {"请会同资规局办理"}}
	for _, id := range co {
		form.Add("co_department_ids", itoa(id))
	}
	return form
}

func zh(key string, args ...any) string { return i18n.Text(portal.LangZH, key, args...) }

func TestAssignComputesTheDeadlineAcrossNationalDay(t *testing.T) {
	f := newDemandPageFixture(t)
	e := f.e
	// Wednesday 2026-09-30; 10-01…10-07 is the National Day holiday and Saturday 10-10 a
	// make-up working day: the three working days are 10-08, 10-09 and 10-10.
	e.setNow(time.Date(2026, 9, 30, 16, 30, 0, 0, portal.CST))
	off := e.login("official1")
	res := off.get(workPage(f.demand))
	wantStatus(t, res, http.StatusOK)
	if res.doc(t).Find(`[data-testid="panel-assign"] select[name="lead_department_id"] option`).Length() < 4 {
		t.Fatal("the assign panel does not offer the departments")
	}
	res = off.post(workPage(f.demand)+"/assign", assignForm(formVersion(t, res, "panel-assign"), "3",
		*f.lead.DepartmentID, *f.co.DepartmentID))
	wantRedirect(t, res, workPage(f.demand))
	if got := demandField(t, e, f.demand, "deadline"); got != "2026-10-10" {
		t.Fatalf("deadline %s, want 2026-10-10", got)
	}
	if demandField(t, e, f.demand, "deadline_unsure") != "false" || demandField(t, e, f.demand, "status") != "assigned" ||
		demandField(t, e, f.demand, "priority") != "high" || demandField(t, e, f.demand, "time_limit_days") != "3" {
		t.Error("the assignment was not saved as sent")
	}
	res = off.get(workPage(f.demand))
	if got := res.text(t, "flash"); got != zh("demand_work.assigned_ok", "2026-10-10") {
		t.Errorf("flash %q", got)
	}
	if res.text(t, "demand-deadline") != "2026-10-10" || res.text(t, "demand-lead") != "工业和信息化局" ||
		res.text(t, "demand-co") != "自然资源和规划局" {
		t.Errorf("page shows deadline %q, lead %q, co %q", res.text(t, "demand-deadline"), res.text(t, "demand-lead"), res.text(t, "demand-co"))
	}
	if !strings.Contains(res.text(t, "timeline"), "主办：工业和信息化局；协办：自然资源和规划局；时限 3 个工作日，截止 2026-10-10") {
		t.Errorf("timeline %q", res.text(t, "timeline"))
	}
	// Now a reassignment panel, prefilled with the assignment.
	if v, _ := res.doc(t).Find(`[data-testid="panel-assign"] form`).Attr("action"); v != workPage(f.demand)+"/reassign" {
		t.Errorf("panel posts to %q", v)
	}
	if v, _ := res.doc(t).Find(`[data-testid="assign-time_limit_days"]`).Attr("value"); v != "3" {
		t.Errorf("time limit prefilled %q", v)
	}

	// The departments' inboxes show it as new, with their role.
	lead := e.login("gxj").get("/inbox?tab=new")
	wantStatus(t, lead, http.StatusOK)
	if lead.text(t, "inbox-role") != "主办" || lead.text(t, "inbox-count-new") != "1" || lead.text(t, "demand-deadline") != "2026-10-10" {
		t.Errorf("lead inbox: role %q, new %q", lead.text(t, "inbox-role"), lead.text(t, "inbox-count-new"))
	}
	co := e.login("zgj").get("/inbox")
	if co.text(t, "inbox-role") != "协办" {
		t.Errorf("co inbox role %q", co.text(t, "inbox-role"))
	}
	if n := e.login("power").get("/inbox").doc(t).Find(`[data-testid^="demand-row-"]`).Length(); n != 0 {
		t.Errorf("an uninvolved department's inbox lists %d demands", n)
	}

	// A deadline in a year without a holiday schedule is flagged.
	e.setNow(time.Date(2027, 6, 1, 9, 0, 0, 0, portal.CST))
	res = off.post(workPage(f.demand)+"/reassign", assignForm(demandVersion(t, e, f.demand), "5", *f.lead.DepartmentID))
	wantRedirect(t, res, workPage(f.demand))
	res = off.get(workPage(f.demand))
	if res.text(t, "flash") != zh("demand_work.assigned_unsure_ok", "2027-06-08") || res.text(t, "deadline-unsure") == "" {
		t.Errorf("flash %q, warning %q", res.text(t, "flash"), res.text(t, "deadline-unsure"))
	}
	if res.text(t, "demand-co") != "—" {
		t.Errorf("the co-handling department stayed: %q", res.text(t, "demand-co"))
	}
}

func TestAssignRefusesBadInputKeepingIt(t *testing.T) {
	f := newDemandPageFixture(t)
	e := f.e
	off := e.login("official1")
	form := assignForm("1", "三天", *f.lead.DepartmentID, *f.lead.DepartmentID, *f.co.DepartmentID)
	form.Set("note", "保留这段交办意见")
	res := off.post(workPage(f.demand)+"/assign", form)
	wantStatus(t, res, http.StatusUnprocessableEntity)
	if res.text(t, "error-assign-time_limit_days") != zh("demand.time_limit_invalid") ||
		res.text(t, "error-assign-co_department_ids") != zh("demand.co_is_lead") {
		t.Errorf("messages %q / %q", res.text(t, "error-assign-time_limit_days"), res.text(t, "error-assign-co_department_ids"))
	}
	doc := res.doc(t)
	if doc.Find(`[data-testid="assign-note"]`).Text() != "保留这段交办意见" {
		t.Error("the note was not kept")
	}
	if v, _ := doc.Find(`[data-testid="assign-time_limit_days"]`).Attr("value"); v != "三天" {
		t.Errorf("time limit kept as %q", v)
	}
	if v, _ := doc.Find(`#assign-lead option[selected]`).Attr("value"); v != itoa(*f.lead.DepartmentID) {
		t.Errorf("lead kept as %q", v)
	}
	if doc.Find(`[data-testid="assign-co"] input:checked`).Length() != 2 {
		t.Error("the ticked co-handling departments were not kept")
	}
	if demandField(t, e, f.demand, "status") != "submitted" {
		t.Error("a refused assignment changed the demand")
	}
	res = off.post(workPage(f.demand)+"/assign", url.Values{"version": {"1"}, "priority": {"normal"}, "time_limit_days": {"5"}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	if res.text(t, "error-assign-lead_department_id") != zh("demand.lead_required") {
		t.Errorf("lead message %q", res.text(t, "error-assign-lead_department_id"))
	}
	// Departments and entrepreneurs have no triage.
	wantStatus(t, e.login("gxj").post(workPage(f.demand)+"/assign", assignForm("1", "3", *f.lead.DepartmentID)), http.StatusForbidden)
	wantStatus(t, e.login("boss").post(workPage(f.demand)+"/assign", assignForm("1", "3", *f.lead.DepartmentID)), http.StatusForbidden)
}

func TestConcurrentAssignmentsDoNotOverwrite(t *testing.T) {
	f := newDemandPageFixture(t)
	e := f.e
	e.newAccount("official2", portal.RoleOfficial)
	first, second := e.login("official1"), e.login("official2")
	v1 := formVersion(t, first.get(workPage(f.demand)), "panel-assign")
	v2 := formVersion(t, second.get(workPage(f.demand)), "panel-assign")
	wantRedirect(t, first.post(workPage(f.demand)+"/assign", assignForm(v1, "10", *f.lead.DepartmentID)), workPage(f.demand))
	res := second.post(workPage(f.demand)+"/assign", assignForm(v2, "20", *f.outside.DepartmentID))
	wantStatus(t, res, http.StatusConflict)
	if got := res.text(t, "work-conflict"); got != zh("demand_work.conflict") {
		t.Errorf("conflict message %q", got)
	}
	if res.text(t, "demand-lead") != "工业和信息化局" {
		t.Errorf("the page does not show the first assignment: %q", res.text(t, "demand-lead"))
	}
	if demandField(t, e, f.demand, "lead_department_id") != itoa(*f.lead.DepartmentID) || demandField(t, e, f.demand, "time_limit_days") != "10" {
		t.Error("the second assignment overwrote the first")
	}
	if n := count(t, e, `SELECT count(*) FROM demand_events WHERE demand_id = $1 AND action IN ('assign', 'reassign')`, f.demand); n != 1 {
		t.Errorf("%d assignment events", n)
	}
}

func TestDepartmentWorkAndReopenPath(t *testing.T) {
	f := newDemandPageFixture(t)
	e := f.e
	e.setNow(time.Date(2026, 11, 2, 9, 0, 0, 0, portal.CST))
	off := e.login("official1")
	wantRedirect(t, off.post(workPage(f.demand)+"/assign", assignForm("1", "10", *f.lead.DepartmentID, *f.co.DepartmentID)), workPage(f.demand))
	lead, co, outside := e.login("gxj"), e.login("zgj"), e.login("power")

	// Department Y cannot act on department X's demand: it does not exist for them.
	for _, path := range []string{"start", "notes", "return", "extensions", "answer"} {
		wantStatus(t, outside.post(workPage(f.demand)+"/"+path, url.Values{"version": {"2"}, "note": {"x"}, "extra_days": {"2"}}), http.StatusNotFound)
	}
	// The co-handling department may add notes but not start, return or answer.
	res := co.get(workPage(f.demand))
	doc := res.doc(t)
	if doc.Find(`[data-testid="panel-note"]`).Length() != 1 || doc.Find(`[data-testid="panel-answer"], [data-testid="panel-start"], [data-testid="panel-return"], [data-testid="panel-extension"]`).Length() != 0 {
		t.Errorf("co department panels wrong:\n%.3000s", res.body)
	}
	wantStatus(t, co.post(workPage(f.demand)+"/answer", url.Values{"version": {"2"}, "note": {"协办单位的答复"}}), http.StatusForbidden)
	wantStatus(t, co.post(workPage(f.demand)+"/start", url.Values{"version": {"2"}}), http.StatusForbidden)
	wantRedirect(t, co.post(workPage(f.demand)+"/notes", url.Values{"version": {"2"}, "note": {"已完成现场踏勘"}}), workPage(f.demand))

	// The lead starts, notes, answers.
	res = lead.get(workPage(f.demand))
	for _, panel := range []string{"panel-start", "panel-answer", "panel-note", "panel-extension", "panel-return"} {
		if res.doc(t).Find(`[data-testid="`+panel+`"]`).Length() != 1 {
			t.Errorf("the lead department lacks %s", panel)
		}
	}
	wantRedirect(t, lead.post(workPage(f.demand)+"/start", url.Values{"version": {formVersion(t, res, "panel-start")}}), workPage(f.demand))
	res = lead.post(workPage(f.demand)+"/notes", url.Values{"version": {demandVersion(t, e, f.demand)}, "note": {"  "}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	if res.text(t, "error-progress-note") != zh("demand_work.note_required") {
		t.Errorf("note message %q", res.text(t, "error-progress-note"))
	}
	res = lead.post(workPage(f.demand)+"/answer", url.Values{"version": {demandVersion(t, e, f.demand)}, "note": {""}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	if res.text(t, "error-answer-note") != zh("demand.answer_required") {
		t.Errorf("answer message %q", res.text(t, "error-answer-note"))
	}
	wantRedirect(t, lead.post(workPage(f.demand)+"/answer", url.Values{"version": {demandVersion(t, e, f.demand)},
		"note": {"已协调调剂 20 亩用地指标。"}}), workPage(f.demand))
	if demandField(t, e, f.demand, "status") != "answered" {
		t.Fatal("not answered")
	}

	// The enterprise is not satisfied: the demand goes back to the same department, supervised.
	boss := e.login("boss")
	res = boss.get(workPage(f.demand))
	if res.doc(t).Find(`[data-testid^="panel-"]`).Length() != 0 {
		t.Error("the enterprise sees an official's or department's panel")
	}
	wantRedirect(t, boss.post(workPage(f.demand)+"/rate", url.Values{"version": {demandVersion(t, e, f.demand)},
		"rating": {"unsatisfied"}, "note": {"指标仍未下达"}}), workPage(f.demand))
	if demandField(t, e, f.demand, "status") != "reopened" || demandField(t, e, f.demand, "supervised") != "true" {
		t.Fatal("not reopened under supervision")
	}
	res = lead.get("/inbox")
	if res.text(t, "supervised-badge") == "" || res.text(t, "demand-status") != "重新办理" {
		t.Errorf("inbox row: supervised %q, status %q", res.text(t, "supervised-badge"), res.text(t, "demand-status"))
	}
	wantRedirect(t, lead.post(workPage(f.demand)+"/answer", url.Values{"version": {demandVersion(t, e, f.demand)},
		"note": {"指标已于 11 月 5 日下达。"}}), workPage(f.demand))
	res = boss.get(workPage(f.demand))
	if res.text(t, "demand-answer") != "指标已于 11 月 5 日下达。" || res.text(t, "demand-rating") != "未评价" {
		t.Errorf("answer %q, rating %q", res.text(t, "demand-answer"), res.text(t, "demand-rating"))
	}
	wantRedirect(t, boss.post(workPage(f.demand)+"/rate", url.Values{"version": {demandVersion(t, e, f.demand)},
		"rating": {"satisfied"}}), workPage(f.demand))
	if demandField(t, e, f.demand, "status") != "closed" {
		t.Error("not closed")
	}
	var actions []string
	rows, err := e.pool.Query(context.Background(), `SELECT action FROM demand_events WHERE demand_id = $1 ORDER BY id`, f.demand)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var a string
		_ = rows.Scan(&a)
		actions = append(actions, a)
	}
	if got := strings.Join(actions, " "); got != "submit assign note start answer rate answer rate" {
		t.Errorf("timeline actions %q", got)
	}
}

func TestReturnToTriage(t *testing.T) {
	f := newDemandPageFixture(t)
	e := f.e
	off, lead := e.login("official1"), e.login("gxj")
	wantRedirect(t, off.post(workPage(f.demand)+"/assign", assignForm("1", "10", *f.lead.DepartmentID)), workPage(f.demand))
	res := lead.post(workPage(f.demand)+"/return", url.Values{"version": {"2"}, "note": {""}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	if res.text(t, "error-return-note") != zh("demand.reason_required") {
		t.Errorf("message %q", res.text(t, "error-return-note"))
	}
	if _, open := res.doc(t).Find(`[data-testid="panel-return"]`).Attr("open"); !open {
		t.Error("the return panel is folded away with its message")
	}
	wantRedirect(t, lead.post(workPage(f.demand)+"/return", url.Values{"version": {"2"}, "note": {"属于资规局职责"}}), workPage(f.demand))
	if demandField(t, e, f.demand, "status") != "returned" {
		t.Fatal("not returned")
	}
	// Back at triage: the official assigns again; the department has nothing left to do.
	res = off.get(workPage(f.demand))
	if res.text(t, "demand-status") != "退回" || res.doc(t).Find(`[data-testid="panel-assign"] form[action$="/assign"]`).Length() != 1 {
		t.Errorf("status %q; no assign panel", res.text(t, "demand-status"))
	}
	if !strings.Contains(res.text(t, "timeline"), "属于资规局职责") {
		t.Error("the reason is not in the timeline")
	}
	if n := lead.get("/inbox").doc(t).Find(`[data-testid^="demand-row-"]`).Length(); n != 0 {
		t.Errorf("a returned demand stays in the inbox's open tab (%d rows)", n)
	}
	// It still leads on paper until reassigned, but the domain allows no step from returned.
	wantStatus(t, lead.post(workPage(f.demand)+"/start", url.Values{"version": {"3"}}), http.StatusConflict)
	wantRedirect(t, off.post(workPage(f.demand)+"/assign", assignForm("3", "10", *f.co.DepartmentID)), workPage(f.demand))
	if demandField(t, e, f.demand, "lead_department_id") != itoa(*f.co.DepartmentID) {
		t.Error("not reassigned to the other department")
	}
}

func TestExtensionApproveAndRefuse(t *testing.T) {
	f := newDemandPageFixture(t)
	e := f.e
	e.setNow(time.Date(2026, 9, 30, 10, 0, 0, 0, portal.CST))
	off, lead := e.login("official1"), e.login("gxj")
	wantRedirect(t, off.post(workPage(f.demand)+"/assign", assignForm("1", "3", *f.lead.DepartmentID, *f.co.DepartmentID)), workPage(f.demand))

	res := lead.post(workPage(f.demand)+"/extensions", url.Values{"version": {"2"}, "extra_days": {"0"}, "note": {"需要市级审批"}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	if res.text(t, "error-extension-extra_days") != zh("demand_work.extra_days_invalid") || res.doc(t).Find(`[data-testid="extension-note"]`).Text() != "需要市级审批" {
		t.Errorf("message %q", res.text(t, "error-extension-extra_days"))
	}
	wantStatus(t, e.login("zgj").post(workPage(f.demand)+"/extensions", url.Values{"version": {"2"}, "extra_days": {"3"}, "note": {"x"}}), http.StatusForbidden)
	wantRedirect(t, lead.post(workPage(f.demand)+"/extensions", url.Values{"version": {"2"}, "extra_days": {"3"}, "note": {"需要市级审批"}}), workPage(f.demand))
	res = lead.get(workPage(f.demand))
	if res.text(t, "extension-waiting") == "" || res.text(t, "extension-status") != "待审批" {
		t.Errorf("waiting %q, status %q", res.text(t, "extension-waiting"), res.text(t, "extension-status"))
	}
	// One request at a time, even when sent again from an old page.
	res = lead.post(workPage(f.demand)+"/extensions", url.Values{"version": {"3"}, "extra_days": {"5"}, "note": {"再延"}})
	wantStatus(t, res, http.StatusConflict)
	if res.text(t, "work-conflict") != zh("demand_work.extension_already_pending") {
		t.Errorf("conflict %q", res.text(t, "work-conflict"))
	}

	// The official approves: 2026-10-10 (a make-up Saturday) plus 3 working days is Wed 10-14.
	res = off.get(workPage(f.demand))
	action, _ := res.doc(t).Find(`[data-testid="panel-decide"] form`).Attr("action")
	if action == "" {
		t.Fatalf("no decision panel:\n%.3000s", res.body)
	}
	wantStatus(t, lead.post(action, url.Values{"version": {"3"}, "decision": {"approve"}}), http.StatusForbidden)
	wantRedirect(t, off.post(action, url.Values{"version": {formVersion(t, res, "panel-decide")}, "decision": {"approve"}}), workPage(f.demand))
	if got := demandField(t, e, f.demand, "deadline"); got != "2026-10-14" {
		t.Fatalf("deadline after approval %s, want 2026-10-14", got)
	}
	if got := off.get(workPage(f.demand)).text(t, "flash"); got != zh("demand_work.extension_approved_ok", "2026-10-14") {
		t.Errorf("flash %q", got)
	}
	// Deciding it again is a conflict.
	wantStatus(t, off.post(action, url.Values{"version": {demandVersion(t, e, f.demand)}, "decision": {"refuse"}, "note": {"x"}}), http.StatusConflict)

	// A second request, refused: a note is required, the deadline stays.
	wantRedirect(t, lead.post(workPage(f.demand)+"/extensions", url.Values{"version": {demandVersion(t, e, f.demand)},
		"extra_days": {"10"}, "note": {"企业材料未齐"}}), workPage(f.demand))
	res = off.get(workPage(f.demand))
	action, _ = res.doc(t).Find(`[data-testid="panel-decide"] form`).Attr("action")
	res = off.post(action, url.Values{"version": {demandVersion(t, e, f.demand)}, "decision": {"refuse"}, "note": {" "}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	if res.text(t, "error-decide-note") != zh("demand.reason_required") {
		t.Errorf("refusal message %q", res.text(t, "error-decide-note"))
	}
	wantRedirect(t, off.post(action, url.Values{"version": {demandVersion(t, e, f.demand)}, "decision": {"refuse"},
		"note": {"请按原期限办结"}}), workPage(f.demand))
	if got := demandField(t, e, f.demand, "deadline"); got != "2026-10-14" {
		t.Errorf("a refusal moved the deadline to %s", got)
	}
	res = lead.get(workPage(f.demand))
	if got := res.doc(t).Find(`[data-testid="extension-status"]`).First().Text(); got != "未批准" {
		t.Errorf("latest request shows %q", got)
	}
	if !strings.Contains(res.text(t, "extensions"), "请按原期限办结") {
		t.Error("the department does not see the decision note")
	}
	// The enterprise does not see the requests.
	if e.login("boss").get(workPage(f.demand)).doc(t).Find(`[data-testid="extensions"]`).Length() != 0 {
		t.Error("the enterprise sees the extension requests")
	}
}

func TestCloseUnratedAfterTheWindow(t *testing.T) {
	f := newDemandPageFixture(t)
	e := f.e
	answered := time.Date(2026, 11, 2, 9, 0, 0, 0, portal.CST)
	e.setNow(answered)
	off, lead := e.login("official1"), e.login("gxj")
	wantRedirect(t, off.post(workPage(f.demand)+"/assign", assignForm("1", "10", *f.lead.DepartmentID)), workPage(f.demand))
	wantRedirect(t, lead.post(workPage(f.demand)+"/answer", url.Values{"version": {"2"}, "note": {"已办结"}}), workPage(f.demand))

	e.setNow(answered.AddDate(0, 0, 14))
	if off.get(workPage(f.demand)).doc(t).Find(`[data-testid="panel-close-unrated"]`).Length() != 0 {
		t.Error("closing offered inside the rating window")
	}
	res := off.post(workPage(f.demand)+"/close-unrated", url.Values{"version": {"3"}})
	wantStatus(t, res, http.StatusConflict)
	if res.text(t, "work-conflict") != zh("demand.rating_window_open") {
		t.Errorf("message %q", res.text(t, "work-conflict"))
	}
	e.setNow(answered.AddDate(0, 0, 15))
	res = off.get(workPage(f.demand))
	wantRedirect(t, off.post(workPage(f.demand)+"/close-unrated", url.Values{"version": {formVersion(t, res, "panel-close-unrated")}}), workPage(f.demand))
	res = off.get(workPage(f.demand))
	if res.text(t, "demand-status") != "已办结" || res.text(t, "demand-rating") != "未评价" {
		t.Errorf("status %q, rating %q", res.text(t, "demand-status"), res.text(t, "demand-rating"))
	}
}

func TestRejectMergeAndSupervise(t *testing.T) {
	f := newDemandPageFixture(t)
	e := f.e
	off := e.login("official1")
	dup := e.demand(f.boss, "用地指标（重复提交）")

	res := off.post(workPage(dup)+"/merge", url.Values{"version": {"1"}, "merge_into": {itoa(dup)}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	if res.text(t, "error-merge-merge_into") != zh("demand_work.merge_self") {
		t.Errorf("message %q", res.text(t, "error-merge-merge_into"))
	}
	res = off.post(workPage(dup)+"/merge", url.Values{"version": {"1"}, "merge_into": {"abc"}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	if v, _ := res.doc(t).Find(`[data-testid="merge-merge_into"]`).Attr("value"); v != "abc" {
		t.Errorf("typed target kept as %q", v)
	}
	wantRedirect(t, off.post(workPage(dup)+"/merge", url.Values{"version": {"1"}, "merge_into": {itoa(f.demand)}}), workPage(dup))
	res = e.login("boss").get(workPage(dup))
	if href, _ := res.doc(t).Find(`[data-testid="merged-into"] a`).Attr("href"); href != workPage(f.demand) {
		t.Errorf("merged demand links to %q", href)
	}
	// A merged demand cannot be a target.
	other := e.demand(f.boss, "另一条诉求")
	res = off.post(workPage(other)+"/merge", url.Values{"version": {"1"}, "merge_into": {itoa(dup)}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	if res.text(t, "error-merge-merge_into") != zh("demand_work.merge_target_closed") {
		t.Errorf("message %q", res.text(t, "error-merge-merge_into"))
	}

	// Reject: a reason the enterprise reads.
	res = off.post(workPage(other)+"/reject", url.Values{"version": {"1"}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	if res.text(t, "error-reject-note") != zh("demand.reason_required") {
		t.Errorf("message %q", res.text(t, "error-reject-note"))
	}
	wantRedirect(t, off.post(workPage(other)+"/reject", url.Values{"version": {"1"}, "note": {"属于市级事权"}}), workPage(other))
	if got := e.login("boss").get(workPage(other)).text(t, "reject-reason"); !strings.Contains(got, "属于市级事权") {
		t.Errorf("the enterprise reads %q", got)
	}
	// Nothing more to do on a rejected demand, even by a crafted POST.
	wantStatus(t, off.post(workPage(other)+"/assign", assignForm("2", "5", *f.lead.DepartmentID)), http.StatusConflict)

	// Supervision: a note is required; the list then finds it.
	res = off.post(workPage(f.demand)+"/supervise", url.Values{"version": {"1"}, "note": {""}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	if res.text(t, "error-supervise-note") != zh("demand_work.supervision_note_required") {
		t.Errorf("message %q", res.text(t, "error-supervise-note"))
	}
	wantRedirect(t, off.post(workPage(f.demand)+"/supervise", url.Values{"version": {"1"}, "note": {"区长批示：月底前解决"}}), workPage(f.demand))
	res = off.get("/demands?supervised=yes")
	if res.doc(t).Find(`[data-testid^="demand-row-"]`).Length() != 1 || res.text(t, "supervised-badge") == "" {
		t.Errorf("supervised list:\n%.2000s", res.body)
	}
	res = off.get(workPage(f.demand))
	if res.text(t, "supervision-note") != "区长批示：月底前解决" {
		t.Errorf("note %q", res.text(t, "supervision-note"))
	}
	wantRedirect(t, off.post(workPage(f.demand)+"/unsupervise", url.Values{"version": {formVersion(t, res, "panel-supervise")}}), workPage(f.demand))
	if demandField(t, e, f.demand, "supervised") != "false" {
		t.Error("still supervised")
	}
}

func TestDemandListPage(t *testing.T) {
	f := newDemandPageFixture(t)
	e := f.e
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, portal.CST) // Monday
	e.setNow(now)
	late := e.demand(f.other, "人才公寓配建")
	for _, q := range []string{
		`UPDATE demands SET status = 'in_progress', lead_department_id = $2, deadline = '2026-10-28', description = '引进人才住房紧张' WHERE id = $1`,
	} {
		if _, err := e.pool.Exec(context.Background(), q, late, *f.co.DepartmentID); err != nil {
			t.Fatal(err)
		}
	}
	off := e.login("official1")
	res := off.get("/demands")
	wantStatus(t, res, http.StatusOK)
	row := res.doc(t).Find(`[data-testid="demand-row-` + itoa(late) + `"]`)
	if !row.HasClass("row-overdue") || strings.TrimSpace(row.Find(`[data-testid="overdue-badge"]`).Text()) != "已超期 5 天" ||
		strings.TrimSpace(row.Find(`[data-testid="demand-deadline"]`).Text()) != "2026-10-28" ||
		strings.TrimSpace(row.Find(`[data-testid="demand-department"]`).Text()) != "自然资源和规划局" {
		t.Errorf("overdue row:\n%s", row.Text())
	}
	if res.doc(t).Find(`[data-testid="demand-row-` + itoa(f.demand) + `"]`).HasClass("row-overdue") {
		t.Error("a submitted demand is highlighted")
	}
	// Search in the title and description, in Chinese; the filter keeps what was chosen.
	res = off.get("/demands?q=" + url.QueryEscape("用地") + "&status=phase:open&department=&overdue=")
	ids := res.doc(t).Find(`[data-testid^="demand-row-"]`)
	if ids.Length() != 1 || ids.AttrOr("data-testid", "") != "demand-row-"+itoa(f.demand) {
		t.Errorf("search 用地 found %d rows", ids.Length())
	}
	doc := res.doc(t)
	if v, _ := doc.Find(`[data-testid="demand-search"]`).Attr("value"); v != "用地" {
		t.Errorf("search kept as %q", v)
	}
	if v, _ := doc.Find(`#f-status option[selected]`).Attr("value"); v != "phase:open" {
		t.Errorf("status kept as %q", v)
	}
	res = off.get("/demands?overdue=1&department=" + itoa(*f.co.DepartmentID))
	if n := res.doc(t).Find(`[data-testid^="demand-row-"]`).Length(); n != 1 {
		t.Errorf("overdue filter found %d", n)
	}
	if _, ok := res.doc(t).Find(`[data-testid="filter-overdue"]`).Attr("checked"); !ok {
		t.Error("the overdue box is not kept")
	}
	// The enterprise's name in a row narrows the list to that enterprise.
	href, _ := off.get("/demands").doc(t).Find(`[data-testid="demand-row-` + itoa(late) + `"] [data-testid="demand-enterprise"]`).Attr("href")
	if href != "/demands?enterprise="+itoa(*f.other.EnterpriseID) {
		t.Errorf("enterprise link %q", href)
	}
	res = off.get(href)
	if n := res.doc(t).Find(`[data-testid^="demand-row-"]`).Length(); n != 1 || !strings.Contains(res.text(t, "narrowed"), "企业 rival") {
		t.Errorf("enterprise filter: %d rows, %q", n, res.text(t, "narrowed"))
	}
	wantStatus(t, off.get("/demands?chain=x"), http.StatusBadRequest)
	// Only officials and administrators have the list; departments have their inbox.
	wantStatus(t, e.login("zgj").get("/demands"), http.StatusForbidden)
	wantStatus(t, e.login("boss").get("/demands"), http.StatusForbidden)
	wantStatus(t, off.get("/inbox"), http.StatusForbidden)

	co := e.login("zgj")
	res = co.get("/inbox?tab=overdue")
	if res.text(t, "inbox-count-overdue") != "1" || res.doc(t).Find(`[data-testid="demand-row-`+itoa(late)+`"]`).Length() != 1 {
		t.Errorf("inbox overdue tab:\n%.2000s", res.body)
	}
	// Overdue lists run by deadline, and say so in the deadline column's header.
	for _, c := range []struct {
		c    *client
		path string
		want bool
	}{{co, "/inbox?tab=overdue", true}, {co, "/inbox", false},
		{off, "/demands?overdue=1", true}, {off, "/demands", false}} {
		doc := c.c.get(c.path).doc(t)
		if got := doc.Find(`th[aria-sort="ascending"][data-testid="sorted-by-deadline"]`).Length() == 1; got != c.want {
			t.Errorf("%s: deadline header marked as the sort = %v", c.path, got)
		}
	}
	if got := co.get("/").text(t, "tile-inbox"); !strings.Contains(got, "已超期 1 件") {
		t.Errorf("home tile %q", got)
	}
	if nav := co.get("/").doc(t).Find(`nav a[href="/inbox"]`).Text(); nav != "待办诉求" {
		t.Errorf("nav %q", nav)
	}
}

func TestInboxDueSoonCountsWorkingDays(t *testing.T) {
	f := newDemandPageFixture(t)
	e := f.e
	// Friday 2026-09-25 is in the Mid-Autumn holiday (09-25…09-27), so seen from Thursday
	// 09-24 the next working days are 09-28, 09-29, 09-30: due within 3 working days are
	// deadlines up to 09-30; 10-08 (the next working day after the National Day) is not.
	e.setNow(time.Date(2026, 9, 24, 9, 0, 0, 0, portal.CST))
	soon := e.demand(f.boss, "九月底到期")
	later := e.demand(f.boss, "国庆后到期")
	for id, deadline := range map[int64]string{soon: "2026-09-30", later: "2026-10-08", f.demand: "2026-09-24"} {
		if _, err := e.pool.Exec(context.Background(), `UPDATE demands SET status = 'assigned', lead_department_id = $2,
			deadline = $3::date WHERE id = $1`, id, *f.lead.DepartmentID, deadline); err != nil {
			t.Fatal(err)
		}
	}
	res := e.login("gxj").get("/inbox?tab=due_soon")
	rows := res.doc(t).Find(`[data-testid^="demand-row-"]`)
	if rows.Length() != 2 || res.doc(t).Find(`[data-testid="demand-row-`+itoa(later)+`"]`).Length() != 0 {
		t.Errorf("due soon lists %d rows:\n%.2000s", rows.Length(), res.body)
	}
	// Due first: today's deadline, then 09-30.
	if first := rows.First().AttrOr("data-testid", ""); first != "demand-row-"+itoa(f.demand) {
		t.Errorf("due soon starts with %s, want the demand due today", first)
	}
	if res.doc(t).Find(`th[data-testid="sorted-by-deadline"]`).Length() != 1 {
		t.Error("the due-soon tab does not mark the deadline column as its order")
	}
	if res.text(t, "inbox-count-due_soon") != "2" || res.text(t, "inbox-count-new") != "3" || res.text(t, "inbox-count-overdue") != "0" {
		t.Errorf("counts due %q new %q overdue %q", res.text(t, "inbox-count-due_soon"), res.text(t, "inbox-count-new"), res.text(t, "inbox-count-overdue"))
	}
}

// TestDemandListByPeriodRaised: the list narrows to the demands raised in a period of days in
// China (a demand raised at 23:30 on the day before is not in it), keeps the typed dates,
// explains a bad date or a reversed period next to its field, and exports the same period.
func TestDemandListByPeriodRaised(t *testing.T) {
	e := newEnv(t)
	e.newAccount("period-official", portal.RoleOfficial)
	ent := e.newAccount("period-ent", portal.RoleEntrepreneur)
	raised := map[string]string{
		"十月最后一晚的诉求":  "2026-10-31 23:30",
		"十一月第一天的诉求":  "2026-11-01 00:10",
		"十一月最后一晚的诉求": "2026-11-30 23:50",
		"十二月第一天的诉求":  "2026-12-01 00:05",
	}
	for title, at := range raised {
		id := e.demand(ent, title)
		if _, err := e.pool.Exec(context.Background(), `UPDATE demands SET created_at = ($2::timestamp AT TIME ZONE 'Asia/Shanghai')
			WHERE id = $1`, id, at); err != nil {
			t.Fatal(err)
		}
	}
	official := e.login("period-official")
	titles := func(res response) []string {
		var out []string
		res.doc(t).Find(`[data-testid="demand-title"]`).Each(func(_ int, s *goquery.Selection) {
			out = append(out, strings.TrimSpace(s.Text()))
		})
		sort.Strings(out)
		return out
	}
	november := []string{"十一月最后一晚的诉求", "十一月第一天的诉求"}
	res := official.get("/demands?from=2026-11-01&to=2026-11-30")
	wantStatus(t, res, http.StatusOK)
	if got := titles(res); !slices.Equal(got, november) {
		t.Errorf("raised in November: %v", got)
	}
	doc := res.doc(t)
	if from, _ := doc.Find("#f-from").Attr("value"); from != "2026-11-01" {
		t.Errorf("from kept as %q", from)
	}
	if href, _ := doc.Find(`[data-testid="demand-export-csv"]`).Attr("href"); href != "/demands/export.csv?from=2026-11-01&to=2026-11-30" {
		t.Errorf("export link = %q", href)
	}
	csv := official.get("/demands/export.csv?from=2026-11-01&to=2026-11-30")
	wantStatus(t, csv, http.StatusOK)
	for title := range raised {
		if want := slices.Contains(november, title); strings.Contains(csv.body, title) != want {
			t.Errorf("export of November: %s included = %v", title, !want)
		}
	}
	if got := titles(official.get("/demands?from=2026-12-01")); !slices.Equal(got, []string{"十二月第一天的诉求"}) {
		t.Errorf("raised from December: %v", got)
	}

	// A date that does not parse is explained next to its field and kept; the other end still
	// narrows the list.
	res = official.get("/demands?from=2026-13-01&to=2026-11-30")
	wantStatus(t, res, http.StatusOK)
	if msg := res.text(t, "error-from"); msg != "请输入有效日期，例如 2026-01-31。" {
		t.Errorf("bad date message %q", msg)
	}
	if from, _ := res.doc(t).Find("#f-from").Attr("value"); from != "2026-13-01" {
		t.Errorf("bad date kept as %q", from)
	}
	if got := titles(res); len(got) != 3 || slices.Contains(got, "十二月第一天的诉求") {
		t.Errorf("with a bad start, up to November: %v", got)
	}
	// A reversed period is explained on its end and narrows nothing.
	res = official.get("/demands?from=2026-11-30&to=2026-11-01")
	if msg := res.text(t, "error-to"); msg != "结束日期不能早于开始日期。" {
		t.Errorf("reversed period message %q", msg)
	}
	if got := titles(res); len(got) != 4 {
		t.Errorf("reversed period: %v", got)
	}
	// An export of a period with a problem goes back to the list, which shows it.
	bad := official.get("/demands/export.csv?from=2026-11-30&to=2026-11-01")
	wantStatus(t, bad, http.StatusSeeOther)
	if loc := bad.Header.Get("Location"); loc != "/demands?from=2026-11-30&to=2026-11-01" {
		t.Errorf("export of a reversed period goes to %q", loc)
	}
}

// A department's demands are those it leads and those it co-handles; "led only" keeps the
// first, in the list and in its export.
func TestDemandListLedByADepartment(t *testing.T) {
	e := newEnv(t)
	e.newAccount("lead-official", portal.RoleOfficial)
	f := newReportFixture(t, e)
	c := e.login("lead-official")
	zgj := itoa(int64(count(t, e, `SELECT id FROM departments WHERE name = '自然资源和规划局'`)))
	rows := func(res response) []string {
		var out []string
		res.doc(t).Find(`[data-testid^="demand-row-"]`).Each(func(_ int, s *goquery.Selection) {
			out = append(out, strings.TrimPrefix(s.AttrOr("data-testid", ""), "demand-row-"))
		})
		sort.Strings(out)
		return out
	}
	both := []string{itoa(f.overdue), itoa(f.fresh)} // co-handled, led
	sort.Strings(both)
	if got := rows(c.get("/demands?department=" + zgj)); !slices.Equal(got, both) {
		t.Errorf("the department's demands: %v, want %v", got, both)
	}
	res := c.get("/demands?department=" + zgj + "&lead=1")
	wantStatus(t, res, http.StatusOK)
	if got := rows(res); !slices.Equal(got, []string{itoa(f.fresh)}) {
		t.Errorf("led only: %v, want %d", got, f.fresh)
	}
	doc := res.doc(t)
	if _, ok := doc.Find(`[data-testid="filter-lead"]`).Attr("checked"); !ok {
		t.Error("the led-only box is not kept")
	}
	href, _ := doc.Find(`[data-testid="demand-export-csv"]`).Attr("href")
	if want := "/demands/export.csv?department=" + zgj + "&lead=1"; href != want {
		t.Fatalf("export link = %q, want %q", href, want)
	}
	csv := c.get(href)
	wantStatus(t, csv, http.StatusOK)
	if !strings.Contains(csv.body, "二期项目用地指标") || strings.Contains(csv.body, "新建厂房竣工验收周期长") {
		t.Errorf("export of the led demands:\n%s", csv.body)
	}
	// Without a department the box narrows nothing.
	if got := rows(c.get("/demands?lead=1")); len(got) != 6 {
		t.Errorf("led only, no department: %d rows, want all 6", len(got))
	}
}
