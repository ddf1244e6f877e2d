package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"breakfast/internal/portal"
	"breakfast/internal/postgres"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// The access-control matrix: every route the router has, requested by seven roles with the
// ids of objects that belong to someone else than enterprise A and department X, against one
// table of expected outcomes. A route added to routes.go and not to the table fails the test,
// as does a table row whose route is gone.
//
// Outcomes: "L" is the redirect to the login page, "303" any other redirect, else the status.
// The roles, in the order of every row: anonymous, the entrepreneur of enterprise A, the
// entrepreneur of enterprise B (which owns the meeting invitation, the demands, the attachment
// and the account in the URLs), staff of department X, staff of department Y (which leads B's
// demands), an official, an administrator.
var matrixRoles = [...]string{"anon", "entA", "entB", "staffX", "staffY", "official", "admin"}

// accessRow is one route's expected outcomes and the request the test sends.
type accessRow struct {
	want string // the seven outcomes, space-separated, in matrixRoles order
	// id names the fixture object the route's {id} is, when not the default of its path.
	id string
	// form is the body of a POST for the role: a valid form, with the version where one is
	// needed, so that a legitimate role succeeds unless the object's state refuses the step.
	form func(f *matrixFixture, role string) url.Values
}

// accessTable is the one table of who may do what. Denied is "L", 403 or 404; a legitimate
// role gets the page (200), the redirect after a successful POST (303), or the domain's
// answer for a step the object's state refuses (409) or a form it refuses (422).
var accessTable = map[string]accessRow{
	// Anyone.
	"GET /healthz":              {want: "200 200 200 200 200 200 200"},
	"GET /static/*":             {want: "200 200 200 200 200 200 200"},
	"GET /login":                {want: "200 303 303 303 303 303 303"},
	"POST /login":               {want: "303 303 303 303 303 303 303", form: mxFixed("username", "ent-b", "password", testPassword)},
	"POST /lang":                {want: "303 303 303 303 303 303 303", form: mxFixed("lang", "en", "back", "/")},
	"GET /register":             {want: "200 303 303 303 303 303 303"},
	"POST /register":            {want: "303 303 303 303 303 303 303", form: mxRegisterForm},
	"GET /calendar/{token}.ics": {want: "200 200 200 200 200 200 200"}, // the token is the credential

	// Every signed-in account.
	"GET /":                         {want: "L 200 200 200 200 200 200"},
	"POST /logout":                  {want: "L L L L L L L"},
	"GET /account/password":         {want: "L 200 200 200 200 200 200"},
	"POST /account/password":        {want: "L 303 303 303 303 303 303", form: mxFixed("old_password", testPassword, "new_password", "another-secret-42")},
	"GET /notifications":            {want: "L 200 200 200 200 200 200"},
	"POST /notifications/read-all":  {want: "L 303 303 303 303 303 303"},
	"POST /notifications/{id}/read": {want: "L 404 303 404 404 404 404"}, // B's notice
	"GET /account/notifications":    {want: "L 200 200 200 200 200 200"},
	"POST /account/notifications":   {want: "L 303 303 303 303 303 303"},

	// Entrepreneurs: their own enterprise only, whatever the URL says.
	"GET /my/enterprise":                {want: "L 200 200 403 403 403 403"},
	"GET /my/enterprise/edit":           {want: "L 200 200 403 403 403 403"},
	"POST /my/enterprise/edit":          {want: "L 303 303 403 403 403 403", form: mxOwnEnterpriseForm},
	"GET /my/meetings":                  {want: "L 200 200 403 403 403 403"},
	"GET /my/meetings/{id}":             {want: "L 200 200 403 403 403 403"}, // A's chain: open for application
	"POST /my/meetings/{id}/reply":      {want: "L 404 303 403 403 403 403", form: mxFixed("answer", "accept", "rep_name", "王乙", "rep_title", "总经理", "rep_mobile", "13800000002")},
	"POST /my/meetings/{id}/apply":      {want: "L 303 409 403 403 403 403"},
	"GET /my/meetings/{id}/meeting.ics": {want: "L 404 200 403 403 403 403"},
	"GET /my/demands":                   {want: "L 200 200 403 403 403 403"},
	"GET /my/demands/new":               {want: "L 200 200 403 403 403 403"},
	"POST /my/demands/new":              {want: "L 303 303 403 403 403 403", form: mxIntakeForm},
	"POST /demands/{id}/rate":           {want: "L 404 303 403 403 403 403", id: "demandAnswered", form: mxVersioned("demandAnswered", "rating", "satisfied", "note", "满意")},

	// Demands: the page and its files for whoever may see the demand (404 otherwise).
	"GET /demands/{id}":                            {want: "L 404 200 404 200 200 200"},
	"GET /demands/{id}/attachments/{attachmentID}": {want: "L 404 200 404 200 200 200"},

	// Officials and administrators: the registry.
	"GET /enterprises":                      {want: "L 403 403 403 403 200 200"},
	"GET /enterprises/new":                  {want: "L 403 403 403 403 200 200"},
	"POST /enterprises/new":                 {want: "L 403 403 403 403 303 303", form: mxNewEnterpriseForm},
	"GET /enterprises/review":               {want: "L 403 403 403 403 200 200"},
	"GET /enterprises/{id}":                 {want: "L 403 403 403 403 200 200"},
	"GET /enterprises/{id}/edit":            {want: "L 403 403 403 403 200 200"},
	"POST /enterprises/{id}/edit":           {want: "L 403 403 403 403 303 303", form: mxEnterpriseBForm},
	"POST /enterprises/{id}/verify":         {want: "L 403 403 403 403 303 303", id: "entPending"},
	"POST /enterprises/{id}/reject":         {want: "L 403 403 403 403 303 303", id: "entPending", form: mxFixed("reason", "营业执照不清晰")},
	"GET /enterprises/export.xlsx":          {want: "L 403 403 403 403 200 200"},
	"GET /enterprises/export.csv":           {want: "L 403 403 403 403 200 200"},
	"GET /enterprises/import":               {want: "L 403 403 403 403 200 200"},
	"POST /enterprises/import":              {want: "L 403 403 403 403 422 422"}, // no file chosen
	"GET /enterprises/import/template.xlsx": {want: "L 403 403 403 403 200 200"},
	"GET /enterprises/import/{id}":          {want: "L 403 403 403 403 200 200"},
	"GET /enterprises/import/{id}/status":   {want: "L 403 403 403 403 200 200"},
	"POST /enterprises/import/{id}/confirm": {want: "L 403 403 403 403 409 409"}, // nothing valid to import

	// Officials and administrators: meetings, their calendar, check-in, minutes, printing.
	"GET /meetings":                                         {want: "L 403 403 403 403 200 200"},
	"GET /meetings/new":                                     {want: "L 403 403 403 403 200 200"},
	"POST /meetings/new":                                    {want: "L 403 403 403 403 303 303", form: mxMeetingForm},
	"GET /meetings/{id}":                                    {want: "L 403 403 403 403 200 200"},
	"GET /meetings/{id}/edit":                               {want: "L 403 403 403 403 200 200"},
	"POST /meetings/{id}/edit":                              {want: "L 403 403 403 403 303 303", form: mxMeetingForm},
	"POST /meetings/{id}/transition":                        {want: "L 403 403 403 403 303 303", form: mxVersioned("meeting", "action", "cancel", "reason", "领导临时有公务")},
	"POST /meetings/{id}/next":                              {want: "L 403 403 403 403 303 303"},
	"GET /meetings/calendar":                                {want: "L 403 403 403 403 200 200"},
	"GET /meetings/{id}/meeting.ics":                        {want: "L 403 403 403 403 200 200"},
	"GET /account/calendar":                                 {want: "L 403 403 403 403 200 200"},
	"POST /account/calendar/regenerate":                     {want: "L 403 403 403 403 303 303"},
	"GET /meetings/{id}/checkin":                            {want: "L 403 403 403 403 200 200"},
	"POST /meetings/{id}/checkin/code":                      {want: "L 403 403 403 403 303 303", form: mxFixed("code", "BBB234")},
	"POST /meetings/{id}/checkin/walk-in":                   {want: "L 403 403 403 403 303 303", form: mxFixed("name", "赵六", "title", "经理", "mobile", "13900000006", "enterprise", "丁企业")},
	"POST /meetings/{id}/checkin/{attendeeID}":              {want: "L 403 403 403 403 303 303"},
	"GET /meetings/{id}/minutes":                            {want: "L 403 403 403 403 200 200"},
	"POST /meetings/{id}/minutes":                           {want: "L 403 403 403 403 409 409", form: mxVersioned("meeting", "minutes", "会议纪要", "attending_leaders", "陈志远")},
	"GET /meetings/{id}/print":                              {want: "L 403 403 403 403 200 200"},
	"POST /meetings/{id}/print/seats":                       {want: "L 403 403 403 403 303 303", form: mxSeatForm},
	"GET /meetings/{id}/print/{doc}":                        {want: "L 403 403 403 403 200 200"},
	"GET /meetings/{id}/demands":                            {want: "L 403 403 403 403 200 200"},
	"GET /meetings/{id}/demands/print":                      {want: "L 403 403 403 403 200 200"},
	"GET /meetings/{id}/demands.{ext}":                      {want: "L 403 403 403 403 200 200"},
	"GET /meetings/{id}/invitations":                        {want: "L 403 403 403 403 200 200"},
	"POST /meetings/{id}/invitations":                       {want: "L 403 403 403 403 303 303", form: mxInviteAForm},
	"POST /meetings/{id}/invitations/{invitationID}/accept": {want: "L 403 403 403 403 303 303"},
	"POST /meetings/{id}/invitations/{invitationID}/refuse": {want: "L 403 403 403 403 303 303", form: mxFixed("note", "名额已满")},

	// Officials and administrators: demands, triage and supervision.
	"GET /demands":                                       {want: "L 403 403 403 403 200 200"},
	"GET /demands/export.xlsx":                           {want: "L 403 403 403 403 200 200"},
	"GET /demands/export.csv":                            {want: "L 403 403 403 403 200 200"},
	"GET /demands/new":                                   {want: "L 403 403 403 403 200 200"},
	"POST /demands/new":                                  {want: "L 403 403 403 403 303 303", form: mxOnBehalfForm},
	"POST /demands/{id}/assign":                          {want: "L 403 403 403 403 303 303", id: "demandSubmitted", form: mxAssignYForm("demandSubmitted")},
	"POST /demands/{id}/reassign":                        {want: "L 403 403 403 403 303 303", form: mxAssignYForm("demand")},
	"POST /demands/{id}/reject":                          {want: "L 403 403 403 403 303 303", id: "demandSubmitted", form: mxVersioned("demandSubmitted", "note", "不属于受理范围")},
	"POST /demands/{id}/merge":                           {want: "L 403 403 403 403 303 303", id: "demandSubmitted", form: mxMergeForm},
	"POST /demands/{id}/supervise":                       {want: "L 403 403 403 403 303 303", form: mxVersioned("demand", "note", "请本周内答复")},
	"POST /demands/{id}/unsupervise":                     {want: "L 403 403 403 403 303 303", form: mxVersioned("demand")},
	"POST /demands/{id}/extensions/{extensionID}/decide": {want: "L 403 403 403 403 303 303", form: mxVersioned("demand", "decision", "approve")},
	"POST /demands/{id}/close-unrated":                   {want: "L 403 403 403 403 303 303", id: "demandStale", form: mxVersioned("demandStale")},

	// Department staff: the inbox and the work on the demands their department leads.
	"GET /inbox":                    {want: "L 403 403 200 200 403 403"},
	"POST /demands/{id}/start":      {want: "L 403 403 404 303 403 403", id: "demandAssigned", form: mxVersioned("demandAssigned")},
	"POST /demands/{id}/notes":      {want: "L 403 403 404 303 403 403", form: mxVersioned("demand", "note", "已约企业现场踏勘")},
	"POST /demands/{id}/return":     {want: "L 403 403 404 303 403 403", form: mxVersioned("demand", "note", "不属于本部门职责")},
	"POST /demands/{id}/extensions": {want: "L 403 403 404 303 403 403", id: "demandAssigned", form: mxVersioned("demandAssigned", "extra_days", "5", "note", "需要补充材料")},
	"POST /demands/{id}/answer":     {want: "L 403 403 404 303 403 403", form: mxVersioned("demand", "note", "已协调解决用地指标。")},

	// The supervision dashboard and bulletin: officials, administrators, department staff.
	"GET /dashboard":               {want: "L 403 403 200 200 200 200"},
	"GET /dashboard/bulletin":      {want: "L 403 403 200 200 200 200"},
	"GET /dashboard/bulletin.pdf":  {want: "L 403 403 200 200 200 200"},
	"GET /dashboard/bulletin.xlsx": {want: "L 403 403 200 200 200 200"},

	// Officials and administrators: reference data.
	"GET /chains":              {want: "L 403 403 403 403 200 200"},
	"GET /chains/new":          {want: "L 403 403 403 403 200 200"},
	"POST /chains/new":         {want: "L 403 403 403 403 303 303", form: mxFixed("name", "低空经济", "leader_name", "李卫东", "leader_title", "副区长")},
	"GET /chains/{id}":         {want: "L 403 403 403 403 200 200"},
	"POST /chains/{id}":        {want: "L 403 403 403 403 303 303", form: mxFixed("name", "新能源汽车", "leader_name", "陈志远", "leader_title", "副区长")},
	"POST /chains/{id}/active": {want: "L 403 403 403 403 303 303"},
	"GET /departments":         {want: "L 403 403 403 403 200 200"},
	"GET /departments/new":     {want: "L 403 403 403 403 200 200"},
	"POST /departments/new":    {want: "L 403 403 403 403 303 303", form: mxFixed("name", "市场监督管理局", "short_name", "市场监管局", "contact_name", "周敏", "contact_phone", "0571-86001234")},
	"GET /departments/{id}":    {want: "L 403 403 403 403 200 200"},
	"POST /departments/{id}":   {want: "L 403 403 403 403 303 303", form: mxFixed("name", "自然资源和规划局", "short_name", "资规局", "contact_name", "周敏", "contact_phone", "0571-86001234")},

	// Administrators.
	"GET /admin/users":                   {want: "L 403 403 403 403 403 200"},
	"GET /admin/users/print":             {want: "L 403 403 403 403 403 200"},
	"GET /admin/users/new":               {want: "L 403 403 403 403 403 200"},
	"POST /admin/users/new":              {want: "L 403 403 403 403 403 303", form: mxFixed("username", "new-official", "display_name", "新官员", "role", "official", "password", "abc12345xyz")},
	"GET /admin/users/{id}":              {want: "L 403 403 403 403 403 200"},
	"POST /admin/users/{id}":             {want: "L 403 403 403 403 403 303", form: mxUserBForm},
	"POST /admin/users/{id}/disable":     {want: "L 403 403 403 403 403 303"},
	"POST /admin/users/{id}/enable":      {want: "L 403 403 403 403 403 303"},
	"GET /admin/calendar":                {want: "L 403 403 403 403 403 200"},
	"GET /admin/calendar/{year}":         {want: "L 403 403 403 403 403 200"},
	"POST /admin/calendar/{year}":        {want: "L 403 403 403 403 403 303", form: mxFixed("schedule", "2026-10-01..2026-10-07 休 国庆节\n2026-10-10 班 国庆节调休", "source", "国务院办公厅通知", "action", "save")},
	"GET /admin/categories":              {want: "L 403 403 403 403 403 200"},
	"GET /admin/categories/new":          {want: "L 403 403 403 403 403 200"},
	"POST /admin/categories/new":         {want: "L 403 403 403 403 403 303", form: mxFixed("name_zh", "数据要素", "name_en", "Data")},
	"GET /admin/categories/{id}":         {want: "L 403 403 403 403 403 200"},
	"POST /admin/categories/{id}":        {want: "L 403 403 403 403 403 303", form: mxFixed("name_zh", "用地", "name_en", "Land")},
	"POST /admin/categories/{id}/move":   {want: "L 403 403 403 403 403 303", form: mxFixed("direction", "down")},
	"POST /admin/categories/{id}/active": {want: "L 403 403 403 403 403 303"},
	"GET /admin/settings":                {want: "L 403 403 403 403 403 200"},
	"POST /admin/settings":               {want: "L 403 403 403 403 403 303", form: mxFixed("rating_window_days", "20")},
	"GET /admin/outbox":                  {want: "L 403 403 403 403 403 200"},
	"POST /admin/outbox/{id}/retry":      {want: "L 403 403 403 403 403 303"},
	"GET /admin/audit":                   {want: "L 403 403 403 403 403 200"},
	"GET /admin/audit/export.csv":        {want: "L 403 403 403 403 403 200"},
}

// mxFixed is a form of name/value pairs.
func mxFixed(pairs ...string) func(*matrixFixture, string) url.Values {
	return func(*matrixFixture, string) url.Values { return mxPairs2values(pairs) }
}

func mxPairs2values(pairs []string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(pairs); i += 2 {
		v.Add(pairs[i], pairs[i+1])
	}
	return v
}

// mxVersioned is a form carrying the current version of the fixture object, and pairs.
func mxVersioned(object string, pairs ...string) func(*matrixFixture, string) url.Values {
	return func(f *matrixFixture, _ string) url.Values {
		v := mxPairs2values(pairs)
		v.Set("version", f.version(object))
		return v
	}
}

func mxAssignYForm(object string) func(*matrixFixture, string) url.Values {
	return func(f *matrixFixture, _ string) url.Values {
		return url.Values{"version": {f.version(object)}, "lead_department_id": {itoa(f.ids["deptY"])},
			"priority": {"high"}, "time_limit_days": {"10"}, "note": {"请资规局牵头办理"}}
	}
}

func mxMergeForm(f *matrixFixture, _ string) url.Values {
	return url.Values{"version": {f.version("demandSubmitted")}, "merge_into": {itoa(f.ids["demandAssigned"])}, "note": {"重复提交"}}
}

func mxMeetingForm(f *matrixFixture, _ string) url.Values {
	return url.Values{"version": {f.version("meeting")}, "theme": {"新能源汽车产业链早餐会"}, "date": {time.Now().AddDate(0, 0, 14).Format("2006-01-02")},
		"start_time": {"07:30"}, "end_time": {"09:00"}, "venue": {"区行政中心 3 楼第一会议室"}, "chain_id": {itoa(f.ids["chain"])},
		"host_name": {"陈志远"}, "host_title": {"副区长"}, "capacity": {"30"}, "per_enterprise_limit": {"2"}, "agenda": {"企业家发言"}}
}

func mxSeatForm(f *matrixFixture, _ string) url.Values {
	return url.Values{"attendee_id": {itoa(f.ids["attendee"])}, "seat": {"A1"}}
}

func mxInviteAForm(f *matrixFixture, _ string) url.Values {
	return url.Values{"enterprise_ids": {itoa(f.ids["entA"])}}
}

func mxIntakeForm(f *matrixFixture, _ string) url.Values {
	// enterprise_id is the officials' field: an entrepreneur's own demand ignores it.
	return url.Values{"enterprise_id": {itoa(f.ids["entB"])}, "submit_token": {"matrix-intake-token-0001"}, "category_id": {itoa(f.ids["category"])},
		"title": {"扩建厂房用地指标"}, "description": {"二期厂房扩建需要新增 20 亩工业用地。"}, "expected_outcome": {"年内完成供地"}}
}

func mxOnBehalfForm(f *matrixFixture, role string) url.Values {
	v := mxIntakeForm(f, role)
	v.Set("enterprise_id", itoa(f.ids["entB"]))
	return v
}

// mxEnterpriseFields is a complete enterprise form.
func mxEnterpriseFields(f *matrixFixture, name, uscc string) url.Values {
	return url.Values{"name": {name}, "uscc": {uscc}, "scale": {"above"}, "annual_output": {"12000"},
		"address": {"经济开发区 8 号"}, "park": {"经开区"}, "legal_rep": {"王建华"}, "chain_ids": {itoa(f.ids["chain"])},
		"contact_name": {"王建华"}, "contact_title": {"总经理"}, "contact_mobile": {"13812345678"}, "contact_email": {""}}
}

func mxNewEnterpriseForm(f *matrixFixture, _ string) url.Values {
	return mxEnterpriseFields(f, "新登记企业有限公司", postgres.DemoUSCC(1999))
}

func mxEnterpriseBForm(f *matrixFixture, _ string) url.Values {
	return mxEnterpriseFields(f, "企业 ent-b", f.usccB)
}

// mxOwnEnterpriseForm is the entrepreneur's own enterprise as it is (each role's own).
func mxOwnEnterpriseForm(f *matrixFixture, role string) url.Values {
	if role == "entA" {
		// The id of B's enterprise smuggled in changes nothing: the account says which.
		v := mxEnterpriseFields(f, "企业 ent-a", f.usccA)
		v.Set("id", itoa(f.ids["entB"]))
		v.Set("enterprise_id", itoa(f.ids["entB"]))
		return v
	}
	return mxEnterpriseFields(f, "企业 ent-b", f.usccB)
}

func mxRegisterForm(f *matrixFixture, _ string) url.Values {
	v := mxEnterpriseFields(f, "自助注册企业有限公司", postgres.DemoUSCC(1998))
	v.Set("username", "self-registered")
	v.Set("display_name", "自助注册")
	v.Set("password", "abc12345xyz")
	return v
}

func mxUserBForm(f *matrixFixture, _ string) url.Values {
	return url.Values{"display_name": {"测试 ent-b"}, "role": {"entrepreneur"}, "enterprise_uscc": {f.usccB}}
}

// matrixFixture is the world every request runs against. Its database is a template: the
// requests run on clones of it.
type matrixFixture struct {
	ids      map[string]int64  // fixture objects by name
	versions map[string]int    // the demands' and the meeting's versions
	sessions [7]string         // session cookie per role ("" for anonymous)
	strs     map[string]string // other route parameters ({token}, {year}, …)
	usccA    string
	usccB    string
}

// secretOfB is in the title of every demand of enterprise B: a response to enterprise A, to
// department X or to an anonymous visitor that contains it leaks B's demands. B's
// representative at the meeting and his mobile number are B's too.
const secretOfB = "乙方机密诉求"

var secretsOfB = []string{secretOfB, "王乙", "13800000002"}

func buildMatrixFixture(t *testing.T, e *env) *matrixFixture {
	t.Helper()
	ctx := context.Background()
	f := &matrixFixture{ids: map[string]int64{}, versions: map[string]int{}, strs: map[string]string{}}
	official := e.newAccount("official", portal.RoleOfficial)
	admin := e.newAccount("admin", portal.RoleAdmin)
	entA := e.newAccount("ent-a", portal.RoleEntrepreneur)
	entB := e.newAccount("ent-b", portal.RoleEntrepreneur)
	departmentAccount(t, e, "staff-x", "工业和信息化局")
	staffY := departmentAccount(t, e, "staff-y", "自然资源和规划局")
	f.ids["entA"], f.ids["entB"] = *entA.EnterpriseID, *entB.EnterpriseID
	f.ids["userB"], f.ids["deptY"] = entB.ID, *staffY.DepartmentID
	f.ids["chain"] = e.chain("新能源汽车")
	for _, x := range []struct {
		dst *string
		id  int64
	}{{&f.usccA, f.ids["entA"]}, {&f.usccB, f.ids["entB"]}} {
		if err := e.pool.QueryRow(ctx, `SELECT uscc FROM enterprises WHERE id = $1`, x.id).Scan(x.dst); err != nil {
			t.Fatal(err)
		}
	}

	// insert runs an INSERT … RETURNING id.
	insert := func(sql string, args ...any) int64 {
		t.Helper()
		var id int64
		if err := e.pool.QueryRow(ctx, sql, args...).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}

	// A published meeting next week: B accepted with one attendee, C applied.
	meeting := e.meeting("新能源汽车产业链早餐会", time.Now().AddDate(0, 0, 7), 30)
	f.ids["meeting"] = meeting
	inv := insert(`INSERT INTO invitations (meeting_id, enterprise_id, status, source)
		VALUES ($1, $2, 'accepted', 'official') RETURNING id`, meeting, f.ids["entB"])
	f.ids["attendee"] = insert(`INSERT INTO attendees (meeting_id, invitation_id, enterprise_id, name, title, mobile, checkin_code)
		VALUES ($1, $2, $3, '王乙', '总经理', '13800000002', 'BBB234') RETURNING id`, meeting, inv, f.ids["entB"])
	f.ids["invitation"] = insert(`INSERT INTO invitations (meeting_id, enterprise_id, status, source)
		VALUES ($1, $2, 'applied', 'application') RETURNING id`, meeting, e.enterprise("丙企业", portal.EnterpriseVerified))

	// B's demands, one per state the routes need, all led by department Y.
	demands := postgres.NewDemandStore(e.pool)
	cal, err := e.srv.workdays.Calendar(ctx)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	offV, yV := portal.ViewerOf(official), portal.ViewerOf(staffY)
	step := func(name string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("fixture %s: %v", name, err)
		}
	}
	newDemand := func(name string, files ...postgres.NewAttachment) int64 {
		id := e.demand(entB, secretOfB+" "+name, files...)
		f.ids[name] = id
		return id
	}
	assign := func(id int64) {
		step("assign", demands.Assign(ctx, id, 1, portal.Step{Action: portal.DemandAssign, Actor: offV, Now: now, Note: "请资规局办理"},
			portal.Assignment{LeadDepartmentID: f.ids["deptY"], Priority: portal.PriorityNormal, TimeLimitDays: 10}, cal))
	}
	newDemand("demandSubmitted")
	assign(newDemand("demandAssigned"))
	// The main demand: in progress at Y, with a file and a pending extension request.
	d := newDemand("demand", postgres.NewAttachment{Filename: "乙方用地红线图.pdf", Data: testPDF})
	assign(d)
	step("start", demands.Advance(ctx, d, 2, portal.Step{Action: portal.DemandStart, Actor: yV, Now: now}))
	step("extension", demands.RequestExtension(ctx, d, 3, portal.WorkStep{Actor: yV, Note: "需要补充材料", ExtraDays: 5}, now))
	answered := newDemand("demandAnswered")
	assign(answered)
	step("answer", demands.Advance(ctx, answered, 2, portal.Step{Action: portal.DemandAnswer, Actor: yV, Now: now, Note: "已协调解决。"}))
	f.ids["attachment"] = int64(count(t, e, `SELECT id FROM demand_attachments WHERE demand_id = $1`, d))
	f.ids["extension"] = int64(count(t, e, `SELECT id FROM demand_extensions WHERE demand_id = $1`, d))

	stale := newDemand("demandStale")
	assign(stale)
	step("answer stale", demands.Advance(ctx, stale, 2, portal.Step{Action: portal.DemandAnswer, Actor: yV, Now: now, Note: "已答复。"}))
	if _, err := e.pool.Exec(ctx, `UPDATE demands SET answered_at = now() - interval '90 days' WHERE id = $1`, stale); err != nil {
		t.Fatal(err)
	}
	step("supervise", demands.Supervise(ctx, d, count(t, e, `SELECT version FROM demands WHERE id = $1`, d), true,
		portal.WorkStep{Actor: offV, Note: "请加快办理"}, now))
	f.ids["entPending"] = e.enterprise("待审核的新企业", portal.EnterprisePending)
	f.ids["category"] = int64(count(t, e, `SELECT id FROM demand_categories WHERE code = 'land'`))
	// A notification of B's account and a parked e-mail of it.
	f.ids["notification"] = insert(`INSERT INTO notifications (user_id, kind, link) VALUES ($1, 'demand_answered', $2) RETURNING id`,
		entB.ID, "/demands/"+itoa(answered))
	f.ids["outbox"] = insert(`INSERT INTO notification_outbox (notification_id, user_id, kind, status, attempts, parked_at, last_error)
		VALUES ($1, $2, 'demand_answered', 'parked', 5, now(), 'smtp: 550') RETURNING id`, f.ids["notification"], entB.ID)

	// An import batch of the administrator's.
	imp, err := postgres.NewEnterpriseImportStore(e.pool).Create(ctx, admin.ID, "企业名单.xlsx")
	step("import", err)
	step("import finish", postgres.NewEnterpriseImportStore(e.pool).Finish(ctx, imp))
	f.ids["import"] = imp

	// The official's calendar feed token, the calendar year, the documents.
	f.strs["token"] = "matrix-feed-token-0123456789abcdef"
	if _, err := e.pool.Exec(ctx, `UPDATE users SET calendar_token = CASE id WHEN $1 THEN $2 ELSE $2 || '-admin' END
		WHERE id IN ($1, $3)`, official.ID, f.strs["token"], admin.ID); err != nil {
		t.Fatal(err)
	}
	f.strs["year"] = "2026"
	f.strs["doc"] = "list"
	f.strs["ext"] = "xlsx"

	rows, err := e.pool.Query(ctx, `SELECT id, version FROM demands`)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[int64]int{}
	for rows.Next() {
		var id int64
		var v int
		_ = rows.Scan(&id, &v)
		byID[id] = v
	}
	rows.Close()
	for _, name := range []string{"demandSubmitted", "demandAssigned", "demand", "demandAnswered", "demandStale"} {
		f.versions[name] = byID[f.ids[name]]
	}
	f.versions["meeting"] = count(t, e, `SELECT version FROM meetings WHERE id = $1`, meeting)
	for i, name := range []string{"", "ent-a", "ent-b", "staff-x", "staff-y", "official", "admin"} {
		if name != "" {
			f.sessions[i] = e.login(name).cookie("breakfast_session")
		}
	}
	return f
}

// defaultIDs says which fixture object {id} is, by the path's prefix (longest first).
var defaultIDs = []struct{ prefix, object string }{
	{"/enterprises/import/", "import"},
	{"/enterprises/", "entB"},
	{"/my/meetings/", "meeting"},
	{"/meetings/", "meeting"},
	{"/demands/", "demand"},
	{"/chains/", "chain"},
	{"/departments/", "deptY"},
	{"/admin/users/", "userB"},
	{"/admin/categories/", "category"},
	{"/admin/outbox/", "outbox"},
	{"/notifications/", "notification"},
}

var routeParam = regexp.MustCompile(`\{[a-zA-Z]+\}`)

// path fills the route's parameters with the fixture's objects.
func (f *matrixFixture) path(pattern string, row accessRow) string {
	p := strings.ReplaceAll(pattern, "/*", "/app.css")
	return routeParam.ReplaceAllStringFunc(p, func(param string) string {
		name := strings.Trim(param, "{}")
		switch name {
		case "id":
			object := row.id
			for _, d := range defaultIDs {
				if object == "" && strings.HasPrefix(pattern, d.prefix) {
					object = d.object
				}
			}
			return itoa(f.ids[object])
		case "attachmentID", "extensionID", "invitationID", "attendeeID":
			return itoa(f.ids[strings.TrimSuffix(name, "ID")])
		}
		if v, ok := f.strs[name]; ok {
			return v
		}
		panic("access matrix: no value for route parameter " + param)
	})
}

// version is the named fixture object's version as a form value.
func (f *matrixFixture) version(name string) string { return fmt.Sprint(f.versions[name]) }

// snapshot copies every table of the database into the schema matrix_snap and returns a
// function that puts back the tables changed since: a statement trigger on every table notes
// it as dirty, and matrix_snap.restore() refills the dirty ones in one round trip, far faster
// than a fresh database. The session table is restored with the rest, so a request that logs
// out or disables an account does not end the fixture's sessions.
func snapshot(t *testing.T, pool *pgxpool.Pool) (restore func()) {
	t.Helper()
	ctx := context.Background()
	setup := `CREATE SCHEMA matrix_snap;
		CREATE TABLE matrix_snap.dirty (name text PRIMARY KEY);
		CREATE TABLE matrix_snap.columns (name text PRIMARY KEY, list text NOT NULL);
		INSERT INTO matrix_snap.columns
			SELECT c.table_name, string_agg(quote_ident(c.column_name), ', ' ORDER BY c.ordinal_position)
			FROM information_schema.columns c JOIN pg_tables p ON p.schemaname = c.table_schema AND p.tablename = c.table_name
			WHERE c.table_schema = 'public' AND c.is_generated = 'NEVER' AND c.table_name <> 'schema_migrations'
			GROUP BY c.table_name;
		CREATE FUNCTION matrix_snap.mark() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN
			INSERT INTO matrix_snap.dirty VALUES (TG_TABLE_NAME) ON CONFLICT DO NOTHING;
			RETURN NULL;
		END $$;
		-- In replica mode neither foreign keys nor the triggers fire: the tables go back in any
		-- order, without marking themselves dirty again.
		CREATE FUNCTION matrix_snap.restore() RETURNS void LANGUAGE plpgsql AS $$
		DECLARE d record;
		BEGIN
			SET LOCAL session_replication_role = replica;
			FOR d IN SELECT c.name, c.list FROM matrix_snap.dirty JOIN matrix_snap.columns c USING (name) LOOP
				EXECUTE format('DELETE FROM public.%I', d.name);
				EXECUTE format('INSERT INTO public.%I (%s) OVERRIDING SYSTEM VALUE SELECT %s FROM matrix_snap.%I',
					d.name, d.list, d.list, d.name);
			END LOOP;
			DELETE FROM matrix_snap.dirty;
		END $$;
		DO $$
		DECLARE d record;
		BEGIN
			FOR d IN SELECT name, list FROM matrix_snap.columns LOOP
				EXECUTE format('CREATE TABLE matrix_snap.%I AS SELECT %s FROM public.%I', d.name, d.list, d.name);
				EXECUTE format('CREATE TRIGGER matrix_dirty AFTER INSERT OR UPDATE OR DELETE ON public.%I
					FOR EACH STATEMENT EXECUTE FUNCTION matrix_snap.mark()', d.name);
			END LOOP;
		END $$;`
	if _, err := pool.Exec(ctx, setup); err != nil {
		t.Fatal(err)
	}
	return func() {
		t.Helper()
		if _, err := pool.Exec(ctx, `SELECT matrix_snap.restore()`); err != nil {
			t.Fatalf("restoring the fixture: %v", err)
		}
	}
}

var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	Timeout: time.Minute}

// matrixRequest sends one request as the role with the session cookie and returns its outcome
// and body.
func matrixRequest(t *testing.T, base, method, path string, form url.Values, session string) (string, string) {
	t.Helper()
	var body io.Reader
	if method == http.MethodPost {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, base+path, body)
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if session != "" {
		req.AddCookie(&http.Cookie{Name: "breakfast_session", Value: session})
	}
	res, err := noRedirects.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode == http.StatusSeeOther || res.StatusCode == http.StatusFound {
		if strings.HasPrefix(res.Header.Get("Location"), "/login") {
			return "L", string(b)
		}
		return "303", string(b)
	}
	return fmt.Sprint(res.StatusCode), string(b)
}

// denied reports whether an outcome turns the request away.
func denied(outcome string) bool { return outcome == "L" || outcome == "403" || outcome == "404" }

// routeList walks the router, mounted sub-routers included, and returns "METHOD /pattern" keys.
func routeList(t *testing.T, h http.Handler) []string {
	t.Helper()
	var keys []string
	err := chi.Walk(h.(chi.Routes), func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		route = strings.ReplaceAll(route, "/*/", "/")
		keys = append(keys, method+" "+route)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(keys)
	return keys
}

// fingerprint summarises every table but the sessions, the login throttle and the audit log
// (which records downloads and refusals: it is meant to grow), so a test can say that a set
// of requests changed no data.
func fingerprint(t *testing.T, conn interface {
	Query(context.Context, string, ...any) (pgx.Rows, error)
	QueryRow(context.Context, string, ...any) pgx.Row
}) map[string]string {
	t.Helper()
	ctx := context.Background()
	rows, err := conn.Query(ctx, `SELECT tablename FROM pg_tables WHERE schemaname = 'public'
		AND tablename NOT IN ('sessions', 'login_failures', 'schema_migrations', 'audit_log') ORDER BY tablename`)
	if err != nil {
		t.Fatal(err)
	}
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	sums := map[string]string{}
	for _, table := range tables {
		var sum string
		q := `SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM ` +
			pgx.Identifier{table}.Sanitize() + ` t`
		if err := conn.QueryRow(ctx, q).Scan(&sum); err != nil {
			t.Fatal(err)
		}
		sums[table] = sum
	}
	return sums
}

// fingerprintOfB summarises enterprise B's rows: the enterprise and its contacts, its account,
// its invitations and people, its demands with their files, departments, timelines and
// extensions.
func fingerprintOfB(t *testing.T, e *env, f *matrixFixture) string {
	t.Helper()
	var sum string
	err := e.pool.QueryRow(context.Background(), `SELECT concat_ws('|',
		(SELECT md5(string_agg(x::text, ',' ORDER BY x::text)) FROM enterprises x WHERE id = $1),
		(SELECT md5(string_agg(x::text, ',' ORDER BY x::text)) FROM enterprise_contacts x WHERE enterprise_id = $1),
		(SELECT md5(string_agg(x::text, ',' ORDER BY x::text)) FROM users x WHERE enterprise_id = $1),
		(SELECT md5(string_agg(x::text, ',' ORDER BY x::text)) FROM invitations x WHERE enterprise_id = $1),
		(SELECT md5(string_agg(x::text, ',' ORDER BY x::text)) FROM attendees x WHERE enterprise_id = $1),
		(SELECT md5(string_agg(x::text, ',' ORDER BY x::text)) FROM demands x WHERE enterprise_id = $1),
		(SELECT md5(string_agg(x::text, ',' ORDER BY x::text)) FROM demand_attachments x JOIN demands d ON d.id = x.demand_id WHERE d.enterprise_id = $1),
		(SELECT md5(string_agg(x::text, ',' ORDER BY x::text)) FROM demand_events x JOIN demands d ON d.id = x.demand_id WHERE d.enterprise_id = $1),
		(SELECT md5(string_agg(x::text, ',' ORDER BY x::text)) FROM demand_extensions x JOIN demands d ON d.id = x.demand_id WHERE d.enterprise_id = $1),
		(SELECT md5(string_agg(x::text, ',' ORDER BY x::text)) FROM demand_co_departments x JOIN demands d ON d.id = x.demand_id WHERE d.enterprise_id = $1))`,
		f.ids["entB"]).Scan(&sum)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

// lockedBuffer is a bytes.Buffer that handlers may write to concurrently.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Len()
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// writeReport writes name.json into RELIABILITY_REPORT_DIR when it is set, for
// docs/reliability.md.
func writeReport(t *testing.T, name string, v any) {
	t.Helper()
	dir := os.Getenv("RELIABILITY_REPORT_DIR")
	if dir == "" {
		return
	}
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestAccessMatrix(t *testing.T) {
	e := newEnv(t)
	// Server errors are shown with what the server logged about them.
	var logs lockedBuffer
	e.srv.log = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelError}))
	f := buildMatrixFixture(t, e)
	routes := routeList(t, e.srv.routes())
	before := fingerprint(t, e.pool)
	restore := snapshot(t, e.pool)

	type request struct {
		key, method, path string
		form              url.Values
		role              int
	}
	got := map[string][]string{}
	seen := map[string]bool{}
	var first, second []request
	for _, key := range routes {
		seen[key] = true
		method, pattern, _ := strings.Cut(key, " ")
		row := accessTable[key]
		wants := strings.Fields(row.want)
		got[key] = make([]string, len(matrixRoles))
		for i, role := range matrixRoles {
			r := request{key: key, method: method, path: f.path(pattern, row), role: i}
			if row.form != nil {
				r.form = row.form(f, role)
			}
			// A request that may change something runs in the second round, each on the
			// restored fixture, so no row's outcomes depend on another's. A signed-in role
			// sent to the login page by a POST may have ended its session (logout).
			if method == http.MethodGet || i < len(wants) && denied(wants[i]) && (wants[i] != "L" || role == "anon") {
				first = append(first, r)
			} else {
				second = append(second, r)
			}
		}
	}
	run := func(r request) {
		outcome, body := matrixRequest(t, e.ts.URL, r.method, r.path, r.form, f.sessions[r.role])
		got[r.key][r.role] = outcome
		if outcome[0] == '5' {
			t.Errorf("%s %s as %s: server error %s", r.method, r.path, matrixRoles[r.role], outcome)
		}
		// Whatever the table says, A, X and anonymous visitors never see B's demands.
		switch matrixRoles[r.role] {
		case "anon", "entA", "staffX":
			for _, secret := range secretsOfB {
				if strings.Contains(body, secret) {
					t.Errorf("LEAK: %s %s as %s shows %q of enterprise B", r.method, r.path, matrixRoles[r.role], secret)
				}
			}
		}
	}
	start := time.Now()
	for _, r := range first {
		run(r)
	}
	t.Logf("%d GETs and denied requests in %s", len(first), time.Since(start).Round(time.Millisecond))
	// The first round was GETs and denied requests: none may have changed any data.
	after := fingerprint(t, e.pool)
	for table, sum := range before {
		if after[table] != sum {
			t.Errorf("table %s changed under GETs and denied requests", table)
		}
	}
	start = time.Now()
	ofB := fingerprintOfB(t, e, f)
	for _, r := range second {
		run(r)
		// Whatever they may do to their own, A, X and anonymous visitors change nothing of B's.
		switch matrixRoles[r.role] {
		case "anon", "entA", "staffX":
			if fingerprintOfB(t, e, f) != ofB {
				t.Errorf("TAMPER: %s %s as %s changed data of enterprise B", r.method, r.path, matrixRoles[r.role])
			}
		}
		restore()
	}
	t.Logf("%d other requests, each on the restored fixture, in %s", len(second), time.Since(start).Round(time.Millisecond))
	if logs.Len() > 0 {
		t.Logf("the server logged:\n%s", logs.String())
	}

	var mismatches int
	var missing, observed []string
	for _, key := range routes {
		line := strings.Join(got[key], " ")
		observed = append(observed, fmt.Sprintf("%q: {want: %q},", key, line))
		row, known := accessTable[key]
		switch {
		case !known:
			missing = append(missing, key)
		case line != strings.Join(strings.Fields(row.want), " "):
			mismatches++
			t.Errorf("%s\n got  %s\n want %s\n      (%s)", key, line, row.want, strings.Join(matrixRoles[:], " "))
		}
	}
	for key := range accessTable {
		if !seen[key] {
			t.Errorf("the table has %q, which the router does not", key)
		}
	}
	if len(missing) > 0 {
		t.Errorf("routes missing from accessTable (add them with their expected outcomes):\n%s", strings.Join(missing, "\n"))
	}
	if t.Failed() {
		t.Logf("observed outcomes (%s):\n%s", strings.Join(matrixRoles[:], " "), strings.Join(observed, "\n"))
	}
	writeReport(t, "access_matrix.json", map[string]int{"routes": len(routes), "roles": len(matrixRoles),
		"requests": len(first) + len(second), "mismatches": mismatches + len(missing)})
}
