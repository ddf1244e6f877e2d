package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"breakfast/internal/portal"
	"breakfast/internal/postgres"
	"breakfast/internal/postgres/pgtest"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// demandFixture is a database with two verified enterprises (A, B) and their entrepreneurs,
// three departments with a staff member each, an official and an administrator.
type demandFixture struct {
	t       *testing.T
	ctx     context.Context
	pool    *pgxpool.Pool
	store   *postgres.DemandStore
	n       int
	entA    int64 // enterprise ids
	entB    int64
	dept    [3]int64 // department ids
	viewers map[string]portal.Viewer
	cat     int64 // the 用地 category
}

func newDemandFixture(t *testing.T) *demandFixture {
	t.Helper()
	pool, _ := pgtest.New(t)
	f := &demandFixture{t: t, ctx: context.Background(), pool: pool, store: postgres.NewDemandStore(pool),
		viewers: map[string]portal.Viewer{}}
	f.entA = f.enterprise("星途新能源汽车", portal.EnterpriseVerified)
	f.entB = f.enterprise("芯源微电子", portal.EnterpriseVerified)
	for i, name := range []string{"工业和信息化局", "自然资源和规划局", "供电公司"} {
		if err := pool.QueryRow(f.ctx, `INSERT INTO departments (name) VALUES ($1) RETURNING id`, name).Scan(&f.dept[i]); err != nil {
			t.Fatal(err)
		}
		f.account(fmt.Sprintf("dept%d", i+1), portal.RoleDepartment, &f.dept[i], nil)
	}
	f.account("entA", portal.RoleEntrepreneur, nil, &f.entA)
	f.account("entB", portal.RoleEntrepreneur, nil, &f.entB)
	f.account("official", portal.RoleOfficial, nil, nil)
	f.account("admin", portal.RoleAdmin, nil, nil)
	if err := pool.QueryRow(f.ctx, `SELECT id FROM demand_categories WHERE code = 'land'`).Scan(&f.cat); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *demandFixture) enterprise(name string, status portal.EnterpriseStatus) int64 {
	f.t.Helper()
	f.n++
	var id int64
	if err := f.pool.QueryRow(f.ctx, `INSERT INTO enterprises (name, uscc, scale, status) VALUES ($1, $2, 'above', $3) RETURNING id`,
		name, postgres.DemoUSCC(700+f.n), status).Scan(&id); err != nil {
		f.t.Fatal(err)
	}
	return id
}

func (f *demandFixture) account(username string, role portal.Role, dept, ent *int64) portal.Viewer {
	f.t.Helper()
	u, err := postgres.NewUserStore(f.pool).Create(f.ctx, portal.UserInput{Username: username, DisplayName: "用户" + username,
		Role: role, DepartmentID: dept, EnterpriseID: ent, Password: "secret123"})
	if err != nil {
		f.t.Fatal(err)
	}
	v := portal.ViewerOf(u)
	f.viewers[username] = v
	return v
}

// demand creates a demand of the enterprise as its entrepreneur would.
func (f *demandFixture) demand(enterprise int64, title string, confidential bool, files ...postgres.NewAttachment) int64 {
	f.t.Helper()
	actor := f.viewers["entA"]
	if enterprise == f.entB {
		actor = f.viewers["entB"]
	}
	id, err := f.store.Create(f.ctx, portal.DemandInput{EnterpriseID: enterprise, CategoryID: f.cat, Title: title,
		Description: "厂房扩建用地指标迟迟未落实。", Confidential: confidential, SubmitToken: title}, files, actor)
	if err != nil {
		f.t.Fatal(err)
	}
	return id
}

// assign puts the demand with the department as lead and co-handlers as the triage would.
func (f *demandFixture) assign(id, lead int64, co ...int64) {
	f.t.Helper()
	if _, err := f.pool.Exec(f.ctx, `UPDATE demands SET status = 'assigned', lead_department_id = $2, time_limit_days = 10,
		assigned_at = now(), deadline = current_date + 14, version = version + 1 WHERE id = $1`, id, lead); err != nil {
		f.t.Fatal(err)
	}
	for _, d := range co {
		if _, err := f.pool.Exec(f.ctx, `INSERT INTO demand_co_departments VALUES ($1, $2)`, id, d); err != nil {
			f.t.Fatal(err)
		}
	}
}

func (f *demandFixture) count(sql string, args ...any) int {
	f.t.Helper()
	var n int
	if err := f.pool.QueryRow(f.ctx, sql, args...).Scan(&n); err != nil {
		f.t.Fatal(err)
	}
	return n
}

func wantDemandErr(t *testing.T, err error, code string) *portal.Error {
	t.Helper()
	var e *portal.Error
	if !errors.As(err, &e) || e.Code != code {
		t.Fatalf("err = %v, want code %s", err, code)
	}
	return e
}

var pdfFile = postgres.NewAttachment{Filename: "用地申请.pdf", Data: []byte("%PDF-1.4\n1 0 obj\n")}

func TestDemandVisibility(t *testing.T) {
	f := newDemandFixture(t)
	// A's confidential demand led by dept1 with dept2 co-handling; A's open one led by dept2;
	// B's demand not yet assigned.
	aSecret := f.demand(f.entA, "保密：融资需求", true, pdfFile)
	f.assign(aSecret, f.dept[0], f.dept[1])
	aOpen := f.demand(f.entA, "道路改造", false, pdfFile)
	f.assign(aOpen, f.dept[1])
	bNew := f.demand(f.entB, "人才公寓", false, pdfFile)
	attachmentOf := func(id int64) int64 {
		var aid int64
		if err := f.pool.QueryRow(f.ctx, `SELECT id FROM demand_attachments WHERE demand_id = $1`, id).Scan(&aid); err != nil {
			t.Fatal(err)
		}
		return aid
	}
	tests := []struct {
		viewer string
		sees   []int64
	}{
		{"official", []int64{aSecret, aOpen, bNew}},
		{"admin", []int64{aSecret, aOpen, bNew}},
		{"entA", []int64{aSecret, aOpen}},
		{"entB", []int64{bNew}},
		{"dept1", []int64{aSecret}},        // lead of the confidential one only
		{"dept2", []int64{aSecret, aOpen}}, // co-handler of one, lead of the other
		{"dept3", nil},                     // neither
	}
	for _, tt := range tests {
		t.Run(tt.viewer, func(t *testing.T) {
			v := f.viewers[tt.viewer]
			for _, id := range []int64{aSecret, aOpen, bNew} {
				want := false
				for _, s := range tt.sees {
					want = want || s == id
				}
				d, err := f.store.ByID(f.ctx, id, v)
				detail, dErr := f.store.Detail(f.ctx, id, v)
				file, aErr := f.store.Attachment(f.ctx, id, attachmentOf(id), v)
				if !want {
					for _, err := range []error{err, dErr, aErr} {
						wantDemandErr(t, err, portal.ENOTFOUND)
					}
					continue
				}
				if err != nil || dErr != nil || aErr != nil {
					t.Fatalf("demand %d: %v %v %v", id, err, dErr, aErr)
				}
				if d.ID != id || !d.VisibleTo(v) || detail.Demand.ID != id {
					t.Errorf("demand %d: got %d, VisibleTo %v", id, d.ID, d.VisibleTo(v))
				}
				if events := detail.Events; len(events) != 1 || events[0].Action != "submit" || events[0].To != portal.DemandSubmitted {
					t.Errorf("demand %d: events %+v", id, events)
				}
				if files := detail.Attachments; len(files) != 1 || string(file.Data) != string(pdfFile.Data) || file.ContentType != portal.TypePDF {
					t.Errorf("demand %d: files %+v", id, files)
				}
			}
		})
	}
	// An attachment is only found through its own demand.
	_, err := f.store.Attachment(f.ctx, aOpen, attachmentOf(aSecret), f.viewers["entA"])
	wantDemandErr(t, err, portal.ENOTFOUND)
	// An unknown demand is not found either.
	_, err = f.store.ByID(f.ctx, 999999, f.viewers["official"])
	wantDemandErr(t, err, portal.ENOTFOUND)

	d, err := f.store.ByID(f.ctx, aSecret, f.viewers["official"])
	if err != nil {
		t.Fatal(err)
	}
	if d.EnterpriseName != "星途新能源汽车" || d.CategoryCode != "land" || !d.Confidential || d.LeadDepartment != "工业和信息化局" ||
		len(d.CoDepartments) != 1 || d.CoDepartments[0] != "自然资源和规划局" || d.TimeLimitDays == nil || *d.TimeLimitDays != 10 ||
		d.Deadline == nil || d.Status != portal.DemandAssigned || d.Version != 2 {
		t.Errorf("demand as read: %+v", d)
	}
}

func TestCreateDemand(t *testing.T) {
	f := newDemandFixture(t)
	entA := f.viewers["entA"]
	in := portal.DemandInput{EnterpriseID: f.entA, CategoryID: f.cat, Title: "  扩建用地  ",
		Description: "需要 20 亩工业用地。", ExpectedOutcome: "年内供地", SubmitToken: "tok-1"}

	t.Run("saves the demand, its files and its first timeline entry", func(t *testing.T) {
		files := []postgres.NewAttachment{pdfFile, {Filename: `C:\fakepath\现场照片.png`, Data: []byte("\x89PNG\r\n\x1a\nrest")}}
		id, err := f.store.Create(f.ctx, in, files, entA)
		if err != nil {
			t.Fatal(err)
		}
		d, err := f.store.ByID(f.ctx, id, entA)
		if err != nil {
			t.Fatal(err)
		}
		if d.Title != "扩建用地" || d.Status != portal.DemandSubmitted || d.RecordedByOfficial || d.Version != 1 {
			t.Errorf("demand = %+v", d)
		}
		detail, err := f.store.Detail(f.ctx, id, entA)
		if err != nil {
			t.Fatal(err)
		}
		list := detail.Attachments
		if len(list) != 2 || list[0].Filename != "用地申请.pdf" || list[1].Filename != "现场照片.png" ||
			list[1].ContentType != portal.TypePNG || list[1].Size != 12 || list[1].UploadedBy != "用户entA" {
			t.Errorf("attachments = %+v", list)
		}
		events := detail.Events
		if len(events) != 1 || events[0].Actor != "用户entA" || events[0].From != "" {
			t.Errorf("events = %+v", events)
		}
	})

	t.Run("refusals", func(t *testing.T) {
		unverified := f.enterprise("待核验企业", portal.EnterprisePending)
		pendingOwner := f.account("pending", portal.RoleEntrepreneur, nil, &unverified)
		inactive := f.count(`SELECT id FROM demand_categories WHERE code = 'other'`)
		if _, err := f.pool.Exec(f.ctx, `UPDATE demand_categories SET active = false WHERE id = $1`, inactive); err != nil {
			t.Fatal(err)
		}
		with := func(change func(*portal.DemandInput)) portal.DemandInput {
			x := in
			x.SubmitToken = ""
			change(&x)
			return x
		}
		tests := []struct {
			name  string
			in    portal.DemandInput
			actor portal.Viewer
			code  string
			field string
		}{
			{"another enterprise's entrepreneur", in, f.viewers["entB"], portal.EFORBIDDEN, ""},
			{"department staff", in, f.viewers["dept1"], portal.EFORBIDDEN, ""},
			{"enterprise not verified", with(func(x *portal.DemandInput) { x.EnterpriseID = unverified }), pendingOwner, portal.ECONFLICT, ""},
			{"no title", with(func(x *portal.DemandInput) { x.Title = " " }), entA, portal.EINVALID, "title"},
			{"no category", with(func(x *portal.DemandInput) { x.CategoryID = 0 }), entA, portal.EINVALID, "category_id"},
			{"unknown category", with(func(x *portal.DemandInput) { x.CategoryID = 9999 }), entA, portal.EINVALID, "category_id"},
			{"inactive category", with(func(x *portal.DemandInput) { x.CategoryID = int64(inactive) }), entA, portal.EINVALID, "category_id"},
			{"official, unknown enterprise", with(func(x *portal.DemandInput) { x.EnterpriseID = 9999 }), f.viewers["official"], portal.ENOTFOUND, ""},
		}
		before := f.count(`SELECT count(*) FROM demands`)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := f.store.Create(f.ctx, tt.in, []postgres.NewAttachment{pdfFile}, tt.actor)
				e := wantDemandErr(t, err, tt.code)
				if tt.field != "" && e.Fields[tt.field] == "" {
					t.Errorf("fields = %v, want a problem on %s", e.Fields, tt.field)
				}
				if tt.code == portal.ECONFLICT && e.Key != "intake.not_verified" {
					t.Errorf("key = %s", e.Key)
				}
			})
		}
		if n := f.count(`SELECT count(*) FROM demands`); n != before {
			t.Errorf("%d demands saved by refused submissions", n-before)
		}
	})

	t.Run("meetings the enterprise attends", func(t *testing.T) {
		meeting := func(status string) int64 {
			var id int64
			if err := f.pool.QueryRow(f.ctx, `INSERT INTO meetings (theme, starts_at, ends_at, venue, capacity, status)
				VALUES ('新能源汽车产业链早餐会', now(), now() + interval '90 minutes', '区行政中心', 30, $1) RETURNING id`, status).Scan(&id); err != nil {
				t.Fatal(err)
			}
			return id
		}
		invite := func(m int64, status string) {
			if _, err := f.pool.Exec(f.ctx, `INSERT INTO invitations (meeting_id, enterprise_id, status, source) VALUES ($1, $2, $3, 'official')`,
				m, f.entA, status); err != nil {
				t.Fatal(err)
			}
		}
		accepted, invited, checkedIn, cancelled, other := meeting("published"), meeting("published"), meeting("held"), meeting("cancelled"), meeting("held")
		invite(accepted, "accepted")
		invite(invited, "invited")
		invite(cancelled, "accepted")
		if _, err := f.pool.Exec(f.ctx, `INSERT INTO attendees (meeting_id, enterprise_id, name, checkin_code, walk_in, checked_in_at)
			VALUES ($1, $2, '王建华', '123456', true, now())`, checkedIn, f.entA); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			meeting int64
			actor   string
			ok      bool
		}{
			{accepted, "entA", true}, {checkedIn, "entA", true}, {invited, "entA", false}, {cancelled, "entA", false},
			{other, "entA", false}, {invited, "official", true}, {accepted, "official", true}, {other, "official", false},
		}
		for i, tt := range tests {
			x := in
			x.MeetingID = &tt.meeting
			x.SubmitToken = fmt.Sprintf("meeting-%d", i)
			id, err := f.store.Create(f.ctx, x, nil, f.viewers[tt.actor])
			if !tt.ok {
				if e := wantDemandErr(t, err, portal.EINVALID); e.Fields["meeting_id"] != "intake.meeting_not_attended" {
					t.Errorf("case %d: fields %v", i, e.Fields)
				}
				continue
			}
			if err != nil {
				t.Fatalf("case %d: %v", i, err)
			}
			d, _ := f.store.ByID(f.ctx, id, f.viewers["official"])
			if d.MeetingID == nil || *d.MeetingID != tt.meeting || d.MeetingTheme == "" || d.RecordedByOfficial != (tt.actor == "official") {
				t.Errorf("case %d: demand %+v", i, d)
			}
		}
		for _, official := range []bool{false, true} {
			list, err := f.store.MeetingChoices(f.ctx, f.entA, official)
			if err != nil {
				t.Fatal(err)
			}
			want := map[bool]int{false: 2, true: 3}[official]
			if len(list) != want {
				t.Errorf("official %v: %d choices, want %d: %+v", official, len(list), want, list)
			}
		}
	})
}

func TestCreateDemandTwiceIsOneDemand(t *testing.T) {
	f := newDemandFixture(t)
	in := portal.DemandInput{EnterpriseID: f.entA, CategoryID: f.cat, Title: "双击提交", Description: "描述", SubmitToken: "same-token"}
	const n = 6
	ids := make([]int64, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			ids[i], errs[i] = f.store.Create(f.ctx, in, []postgres.NewAttachment{pdfFile}, f.viewers["entA"])
		}()
	}
	close(start)
	wg.Wait()
	for i := range n {
		if errs[i] != nil || ids[i] != ids[0] {
			t.Fatalf("submit %d: id %d err %v, first id %d", i, ids[i], errs[i], ids[0])
		}
	}
	if got := f.count(`SELECT count(*) FROM demands`); got != 1 {
		t.Errorf("%d demands", got)
	}
	if got := f.count(`SELECT count(*) FROM demand_attachments`); got != 1 {
		t.Errorf("%d attachments", got)
	}
	if got := f.count(`SELECT count(*) FROM demand_events`); got != 1 {
		t.Errorf("%d events", got)
	}
	// The same token from another enterprise is another form.
	in.EnterpriseID = f.entB
	if id, err := f.store.Create(f.ctx, in, nil, f.viewers["entB"]); err != nil || id == ids[0] {
		t.Errorf("other enterprise: id %d err %v", id, err)
	}
}

func TestCreateDemandRefusesBadAttachments(t *testing.T) {
	f := newDemandFixture(t)
	in := portal.DemandInput{EnterpriseID: f.entA, CategoryID: f.cat, Title: "附件", Description: "描述"}
	big := make([]byte, portal.MaxAttachmentBytes+1)
	copy(big, "%PDF-1.4")
	six := make([]postgres.NewAttachment, 6)
	for i := range six {
		six[i] = pdfFile
	}
	tests := []struct {
		name  string
		files []postgres.NewAttachment
		key   string
	}{
		{"too big", []postgres.NewAttachment{pdfFile, {Filename: "大文件.pdf", Data: big}}, "attachment.too_big"},
		{"html disguised as pdf", []postgres.NewAttachment{{Filename: "发票.pdf", Data: []byte("<html><script>alert(1)</script>")}}, "attachment.type_refused"},
		{"svg", []postgres.NewAttachment{{Filename: "logo.svg", Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`)}}, "attachment.type_refused"},
		{"executable", []postgres.NewAttachment{{Filename: "setup.pdf", Data: []byte("MZ\x90\x00")}}, "attachment.type_refused"},
		{"empty", []postgres.NewAttachment{{Filename: "空.pdf"}}, "attachment.empty"},
		{"six files", six, "attachment.too_many"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.store.Create(f.ctx, in, tt.files, f.viewers["entA"])
			e := wantDemandErr(t, err, portal.EINVALID)
			if e.Key != tt.key || e.Fields["attachments"] != tt.key {
				t.Errorf("key %s fields %v, want %s", e.Key, e.Fields, tt.key)
			}
			if tt.key != "attachment.too_many" && (len(e.Args) != 1 || !strings.Contains(fmt.Sprint(e.Args[0]), ".")) {
				t.Errorf("the message does not name the file: %v", e.Args)
			}
		})
	}
	if n := f.count(`SELECT count(*) FROM demands`) + f.count(`SELECT count(*) FROM demand_attachments`); n != 0 {
		t.Errorf("%d rows saved", n)
	}
}

func TestApplyDemand(t *testing.T) {
	f := newDemandFixture(t)
	// After the demand's creation (the database's clock), so the timeline keeps its order.
	now := time.Now().Add(time.Minute).Truncate(time.Microsecond)
	official := f.viewers["official"]
	id := f.demand(f.entA, "融资对接", false)

	t.Run("illegal step", func(t *testing.T) {
		err := f.store.Apply(f.ctx, id, 1, portal.Step{Action: portal.DemandRate, Actor: f.viewers["entA"], Rating: portal.RatingSatisfied, Now: now}, nil)
		wantDemandErr(t, err, portal.ECONFLICT)
	})
	t.Run("wrong actor", func(t *testing.T) {
		err := f.store.Apply(f.ctx, id, 1, portal.Step{Action: portal.DemandReject, Actor: f.viewers["entA"], Note: "x", Now: now}, nil)
		wantDemandErr(t, err, portal.EFORBIDDEN)
	})
	t.Run("invisible", func(t *testing.T) {
		err := f.store.Apply(f.ctx, id, 1, portal.Step{Action: portal.DemandStart, Actor: f.viewers["dept1"], Now: now}, nil)
		wantDemandErr(t, err, portal.ENOTFOUND)
	})
	t.Run("missing reason", func(t *testing.T) {
		err := f.store.Apply(f.ctx, id, 1, portal.Step{Action: portal.DemandReject, Actor: official, Now: now}, nil)
		if e := wantDemandErr(t, err, portal.EINVALID); e.Fields["note"] == "" {
			t.Errorf("fields %v", e.Fields)
		}
	})
	t.Run("a failing change rolls back", func(t *testing.T) {
		boom := errors.New("boom")
		err := f.store.Apply(f.ctx, id, 1, portal.Step{Action: portal.DemandReject, Actor: official, Note: "不属于受理范围", Now: now},
			func(ctx context.Context, tx pgx.Tx, d *portal.Demand, to portal.DemandStatus) error {
				if _, err := tx.Exec(ctx, `UPDATE demands SET reject_reason = 'x' WHERE id = $1`, d.ID); err != nil {
					return err
				}
				return boom
			})
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v", err)
		}
		d, _ := f.store.ByID(f.ctx, id, official)
		if d.Status != portal.DemandSubmitted || d.Version != 1 || d.RejectReason != "" {
			t.Errorf("after rollback: %+v", d)
		}
	})
	t.Run("allowed step", func(t *testing.T) {
		var sawTo portal.DemandStatus
		err := f.store.Apply(f.ctx, id, 1, portal.Step{Action: portal.DemandReject, Actor: official, Note: " 不属于受理范围 ", Now: now},
			func(ctx context.Context, tx pgx.Tx, d *portal.Demand, to portal.DemandStatus) error {
				sawTo = to
				_, err := tx.Exec(ctx, `UPDATE demands SET reject_reason = 'x' WHERE id = $1`, d.ID)
				return err
			})
		if err != nil {
			t.Fatal(err)
		}
		d, _ := f.store.ByID(f.ctx, id, official)
		if sawTo != portal.DemandRejected || d.Status != portal.DemandRejected || d.Version != 2 || d.RejectReason != "x" {
			t.Errorf("demand %+v, change saw %s", d, sawTo)
		}
		events := f.detail(id, official).Events
		last := events[len(events)-1]
		if len(events) != 2 || last.Action != "reject" || last.From != portal.DemandSubmitted || last.To != portal.DemandRejected ||
			last.Note != "不属于受理范围" || !last.At.Equal(now) || last.Actor != "用户official" {
			t.Errorf("events %+v", events)
		}
	})
	t.Run("stale version", func(t *testing.T) {
		other := f.demand(f.entA, "另一条", false)
		step := portal.Step{Action: portal.DemandReject, Actor: official, Note: "重复", Now: now}
		if err := f.store.Apply(f.ctx, other, 1, step, nil); err != nil {
			t.Fatal(err)
		}
		// A second official who loaded the page at version 1 cannot overwrite the first.
		e := wantDemandErr(t, f.store.Apply(f.ctx, other, 1, portal.Step{Action: portal.DemandMerge, Actor: f.viewers["admin"], Now: now}, nil), portal.ECONFLICT)
		if e.Key != "error.conflict" {
			t.Errorf("key %s", e.Key)
		}
	})
}

func TestRateDemand(t *testing.T) {
	f := newDemandFixture(t)
	now := time.Date(2026, 3, 10, 9, 30, 0, 0, portal.CST)
	answered := func(title string) int64 {
		id := f.demand(f.entA, title, false)
		f.assign(id, f.dept[0])
		if _, err := f.pool.Exec(f.ctx, `UPDATE demands SET status = 'answered', answer = '已协调解决', answered_at = $2,
			version = version + 1 WHERE id = $1`, id, now.AddDate(0, 0, -2)); err != nil {
			t.Fatal(err)
		}
		return id
	}
	entA := f.viewers["entA"]
	official := f.viewers["official"]
	tests := []struct {
		name   string
		rating portal.Rating
		note   string
		want   portal.DemandStatus
	}{
		{"satisfied closes", portal.RatingSatisfied, "", portal.DemandClosed},
		{"basically satisfied closes", portal.RatingBasically, "还行", portal.DemandClosed},
		{"unsatisfied reopens under supervision", portal.RatingUnsatisfied, "电力增容仍未落实", portal.DemandReopened},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := answered(tt.name)
			if err := f.store.Rate(f.ctx, id, 3, portal.Step{Actor: entA, Rating: tt.rating, Note: tt.note, Now: now}); err != nil {
				t.Fatal(err)
			}
			d, _ := f.store.ByID(f.ctx, id, official)
			if d.Status != tt.want || d.Rating == nil || *d.Rating != tt.rating || d.RatingComment != tt.note ||
				d.RatedAt == nil || !d.RatedAt.Equal(now) {
				t.Fatalf("demand %+v", d)
			}
			if tt.want == portal.DemandClosed {
				if d.ClosedAt == nil || d.Supervised {
					t.Errorf("closed_at %v supervised %v", d.ClosedAt, d.Supervised)
				}
				return
			}
			if d.ClosedAt != nil || !d.Supervised || d.SupervisionNote != tt.note || d.LeadDepartmentID == nil || *d.LeadDepartmentID != f.dept[0] {
				t.Errorf("reopened: %+v", d)
			}
		})
	}
	t.Run("refusals", func(t *testing.T) {
		id := answered("拒绝")
		wantDemandErr(t, f.store.Rate(f.ctx, id, 3, portal.Step{Actor: entA, Rating: portal.RatingUnsatisfied, Now: now}), portal.EINVALID)
		wantDemandErr(t, f.store.Rate(f.ctx, id, 3, portal.Step{Actor: entA, Rating: "great", Now: now}), portal.EINVALID)
		wantDemandErr(t, f.store.Rate(f.ctx, id, 3, portal.Step{Actor: f.viewers["entB"], Rating: portal.RatingSatisfied, Now: now}), portal.ENOTFOUND)
		wantDemandErr(t, f.store.Rate(f.ctx, id, 3, portal.Step{Actor: official, Rating: portal.RatingSatisfied, Now: now}), portal.EFORBIDDEN)
		wantDemandErr(t, f.store.Rate(f.ctx, id, 2, portal.Step{Actor: entA, Rating: portal.RatingSatisfied, Now: now}), portal.ECONFLICT)
		if err := f.store.Rate(f.ctx, id, 3, portal.Step{Actor: entA, Rating: portal.RatingSatisfied, Now: now}); err != nil {
			t.Fatal(err)
		}
		// Rated once: a second rating (say from a second tab) is refused by the state machine.
		wantDemandErr(t, f.store.Rate(f.ctx, id, 4, portal.Step{Actor: entA, Rating: portal.RatingUnsatisfied, Note: "x", Now: now}), portal.ECONFLICT)
	})
}

func TestRatingWindowDays(t *testing.T) {
	pool, _ := pgtest.New(t)
	ctx := context.Background()
	s := postgres.NewSettingsStore(pool)
	for _, tt := range []struct {
		value string
		want  int
	}{{"15", 15}, {"7", 7}, {"abc", 15}, {"0", 15}} {
		if _, err := pool.Exec(ctx, `UPDATE settings SET value = $1 WHERE key = 'rating_window_days'`, tt.value); err != nil {
			t.Fatal(err)
		}
		if got, err := s.RatingWindowDays(ctx); err != nil || got != tt.want {
			t.Errorf("%q: %d %v, want %d", tt.value, got, err, tt.want)
		}
	}
	if _, err := pool.Exec(ctx, `DELETE FROM settings`); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.RatingWindowDays(ctx); got != postgres.DefaultRatingWindowDays {
		t.Errorf("missing: %d", got)
	}
}

// TestListedCoDepartmentsAreNamedInPinyinOrder: lists name a demand's co-handling departments
// from the kept departments, in pinyin order whatever their ids, reports with their short
// names, and a department newer than the kept list is still named.
func TestListedCoDepartmentsAreNamedInPinyinOrder(t *testing.T) {
	f := newDemandFixture(t)
	var safety int64
	if err := f.pool.QueryRow(f.ctx, `INSERT INTO departments (name, short_name) VALUES ('安全生产监督管理局', '安监局')
		RETURNING id`).Scan(&safety); err != nil {
		t.Fatal(err)
	}
	official := f.viewers["official"]
	id, err := f.store.Create(f.ctx, portal.DemandInput{EnterpriseID: f.entA, CategoryID: f.cat, Title: "园区道路改造",
		Description: "道路破损影响物流。"}, nil, f.viewers["entA"])
	if err != nil {
		t.Fatal(err)
	}
	addCo := func(dept int64) {
		t.Helper()
		if _, err := f.pool.Exec(f.ctx, `INSERT INTO demand_co_departments (demand_id, department_id) VALUES ($1, $2)`, id, dept); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.pool.Exec(f.ctx, `UPDATE demands SET status = 'assigned', lead_department_id = $2 WHERE id = $1`, id, f.dept[0]); err != nil {
		t.Fatal(err)
	}
	for _, d := range []int64{f.dept[1], f.dept[2], safety} {
		addCo(d)
	}
	listed := func(ctx context.Context) portal.Demand {
		t.Helper()
		page, err := f.store.List(ctx, postgres.DemandFilter{EnterpriseID: &f.entA}, official)
		if err != nil || len(page.Demands) != 1 {
			t.Fatalf("list: %v, %d demands", err, len(page.Demands))
		}
		return page.Demands[0].Demand
	}
	// 安 ān < 供 gòng < 自 zì, though 安全生产监督管理局 has the largest id.
	d := listed(f.ctx)
	if want := []string{"安全生产监督管理局", "供电公司", "自然资源和规划局"}; !slices.Equal(d.CoDepartments, want) {
		t.Errorf("co-handling departments %v, want %v", d.CoDepartments, want)
	}
	if want := []int64{safety, f.dept[2], f.dept[1]}; !slices.Equal(d.CoDepartmentIDs, want) {
		t.Errorf("co-handling ids %v, want %v", d.CoDepartmentIDs, want)
	}
	reported, _, err := postgres.NewDemandReportStore(f.pool).EnterpriseDemands(f.ctx, f.entA, official)
	if err != nil || len(reported) != 1 {
		t.Fatalf("reports: %v, %d", err, len(reported))
	}
	if want := []string{"安监局", "供电公司", "自然资源和规划局"}; !slices.Equal(reported[0].CoDepartments, want) {
		t.Errorf("reported co-handling departments %v, want %v", reported[0].CoDepartments, want)
	}

	// A request that started before a department was created keeps the older list; the new
	// department, co-handling already, is named all the same.
	var v postgres.Versions
	if err := f.pool.QueryRow(f.ctx, `SELECT (SELECT version FROM reference_version), (SELECT version FROM dashboard_version)`).
		Scan(&v.Reference, &v.Dashboard); err != nil {
		t.Fatal(err)
	}
	before := postgres.WithVersions(f.ctx, v)
	listed(before)
	var zone int64
	if err := f.pool.QueryRow(f.ctx, `INSERT INTO departments (name) VALUES ('北湖片区管委会') RETURNING id`).Scan(&zone); err != nil {
		t.Fatal(err)
	}
	addCo(zone)
	if got, want := listed(before).CoDepartments, []string{"安全生产监督管理局", "北湖片区管委会", "供电公司", "自然资源和规划局"}; !slices.Equal(got, want) {
		t.Errorf("with a department newer than the kept list: %v, want %v", got, want)
	}
}
