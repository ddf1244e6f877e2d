package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"breakfast/internal/portal"
	"breakfast/internal/postgres"
	"breakfast/internal/postgres/pgtest"

	"github.com/jackc/pgx/v5/pgxpool"
)

// invFixture is a database with an official, one industry chain, and helpers to add
// enterprises and meetings.
type invFixture struct {
	t        *testing.T
	ctx      context.Context
	pool     *pgxpool.Pool
	store    *postgres.InvitationStore
	official int64
	chain    int64
	n        int
	now      time.Time
}

func newInvFixture(t *testing.T) *invFixture {
	t.Helper()
	pool, _ := pgtest.New(t)
	f := &invFixture{t: t, ctx: context.Background(), pool: pool, store: postgres.NewInvitationStore(pool),
		now: time.Date(2026, 11, 2, 9, 0, 0, 0, portal.CST)}
	u, err := postgres.NewUserStore(pool).Create(f.ctx, portal.UserInput{Username: "official1", DisplayName: "刘洋",
		Role: portal.RoleOfficial, Password: "secret123"})
	if err != nil {
		t.Fatal(err)
	}
	f.official = u.ID
	if err := pool.QueryRow(f.ctx, `INSERT INTO industry_chains (name, leader_name) VALUES ('新能源汽车', '陈志远') RETURNING id`).
		Scan(&f.chain); err != nil {
		t.Fatal(err)
	}
	return f
}

// enterprise adds an enterprise of the fixture's chain.
func (f *invFixture) enterprise(name string, status portal.EnterpriseStatus, isKey bool) int64 {
	f.t.Helper()
	f.n++
	var id int64
	if err := f.pool.QueryRow(f.ctx, `INSERT INTO enterprises (name, uscc, scale, status, is_key) VALUES ($1, $2, 'above', $3, $4) RETURNING id`,
		name, postgres.DemoUSCC(500+f.n), status, isKey).Scan(&id); err != nil {
		f.t.Fatal(err)
	}
	if _, err := f.pool.Exec(f.ctx, `INSERT INTO enterprise_chains VALUES ($1, $2)`, id, f.chain); err != nil {
		f.t.Fatal(err)
	}
	return id
}

// enterprises adds n verified enterprises named prefix-1 … prefix-n.
func (f *invFixture) enterprises(prefix string, n int) []int64 {
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = f.enterprise(fmt.Sprintf("%s-%02d", prefix, i+1), portal.EnterpriseVerified, false)
	}
	return ids
}

// meeting schedules a meeting of the chain starting at start and publishes it unless draft.
func (f *invFixture) meeting(capacity, limit int, start time.Time, draft bool) int64 {
	f.t.Helper()
	start = start.In(portal.CST)
	ms := postgres.NewMeetingStore(f.pool)
	id, err := ms.Create(f.ctx, portal.MeetingInput{Theme: "新能源汽车产业链早餐会", Date: start.Format("2006-01-02"),
		StartTime: start.Format("15:04"), EndTime: start.Add(90 * time.Minute).Format("15:04"), Venue: "区行政中心 3 楼",
		ChainID: &f.chain, Capacity: capacity, PerEnterpriseLimit: limit}, f.official)
	if err != nil {
		f.t.Fatal(err)
	}
	if !draft {
		if _, err := ms.Transition(f.ctx, id, 1, portal.ActionPublish, "", f.now); err != nil {
			f.t.Fatal(err)
		}
	}
	return id
}

// statuses returns each enterprise's invitation state at the meeting.
func (f *invFixture) statuses(meetingID int64) map[int64]portal.InvitationStatus {
	f.t.Helper()
	list, err := f.store.ForMeeting(f.ctx, meetingID)
	if err != nil {
		f.t.Fatal(err)
	}
	m := map[int64]portal.InvitationStatus{}
	for _, inv := range list {
		m[inv.EnterpriseID] = inv.Status
	}
	return m
}

func (f *invFixture) countStatus(meetingID int64, statuses ...string) int {
	f.t.Helper()
	var n int
	if err := f.pool.QueryRow(f.ctx, `SELECT count(*) FROM invitations WHERE meeting_id = $1 AND status = ANY($2)`,
		meetingID, statuses).Scan(&n); err != nil {
		f.t.Fatal(err)
	}
	return n
}

func wantCode(t *testing.T, err error, code, key string) {
	t.Helper()
	var appErr *portal.Error
	if !errors.As(err, &appErr) || appErr.Code != code || (key != "" && appErr.Key != key) {
		t.Fatalf("err = %v, want %s %s", err, code, key)
	}
}

func rep(name, mobile string) portal.Representative {
	return portal.Representative{Name: name, Title: "总经理", Mobile: mobile}
}

func TestInviteFillsSeatsThenWaitlistsInOrder(t *testing.T) {
	f := newInvFixture(t)
	m := f.meeting(3, 2, f.now.AddDate(0, 0, 14), false)
	ids := f.enterprises("企业", 5)
	res, err := f.store.Invite(f.ctx, m, ids, f.official, f.now)
	if err != nil {
		t.Fatal(err)
	}
	if res.Invited != 3 || res.Waitlisted != 2 {
		t.Fatalf("result %+v, want 3 invited 2 waitlisted", res)
	}
	list, err := f.store.ForMeeting(f.ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	for i, inv := range list {
		want, pos := portal.InvitationInvited, 0
		if i >= 3 {
			want, pos = portal.InvitationWaitlisted, i-2
		}
		if inv.EnterpriseID != ids[i] || inv.Status != want || inv.QueuePosition != pos {
			t.Errorf("row %d: enterprise %d %s #%d, want %d %s #%d", i, inv.EnterpriseID, inv.Status, inv.QueuePosition, ids[i], want, pos)
		}
	}
	// A second round queues behind the first.
	more := f.enterprises("后来", 1)
	if res, err = f.store.Invite(f.ctx, m, more, f.official, f.now); err != nil || res.Waitlisted != 1 {
		t.Fatalf("second round: %+v %v", res, err)
	}
	inv, err := f.store.Of(f.ctx, m, more[0])
	if err != nil || inv.QueuePosition != 3 {
		t.Fatalf("later invitation: %+v %v", inv, err)
	}
}

func TestInviteRefusals(t *testing.T) {
	f := newInvFixture(t)
	m := f.meeting(10, 2, f.now.AddDate(0, 0, 14), false)
	ok := f.enterprises("企业", 2)
	pending := f.enterprise("待审核企业", portal.EnterprisePending, false)

	_, err := f.store.Invite(f.ctx, m, []int64{ok[0], pending}, f.official, f.now)
	wantCode(t, err, portal.ECONFLICT, "invitation.not_verified")
	if got := err.(*portal.Error).Args[0]; got != "待审核企业" {
		t.Errorf("message names %v", got)
	}
	if n := f.countStatus(m, "invited", "waitlisted"); n != 0 {
		t.Fatalf("%d invitations saved although the round was refused", n)
	}

	if _, err := f.store.Invite(f.ctx, m, ok[:1], f.official, f.now); err != nil {
		t.Fatal(err)
	}
	_, err = f.store.Invite(f.ctx, m, ok, f.official, f.now)
	wantCode(t, err, portal.ECONFLICT, "invitation.already_listed")
	if got := err.(*portal.Error).Args[0]; got != "企业-01" {
		t.Errorf("message names %v", got)
	}
	_, err = f.store.Invite(f.ctx, m, nil, f.official, f.now)
	wantCode(t, err, portal.EINVALID, "")
	_, err = f.store.Invite(f.ctx, m, []int64{987654}, f.official, f.now)
	wantCode(t, err, portal.ENOTFOUND, "")

	started := f.meeting(10, 2, f.now.Add(-time.Hour), false)
	_, err = f.store.Invite(f.ctx, started, ok[1:], f.official, f.now)
	wantCode(t, err, portal.ECONFLICT, "meeting.started_no_invites")
}

func TestReplyAcceptKeepsCodesAndDeclinePromotes(t *testing.T) {
	f := newInvFixture(t)
	m := f.meeting(2, 2, f.now.AddDate(0, 0, 7), false)
	ids := f.enterprises("企业", 4) // two seats, two waiting
	if _, err := f.store.Invite(f.ctx, m, ids, f.official, f.now); err != nil {
		t.Fatal(err)
	}
	a := ids[0]
	if err := f.store.Reply(f.ctx, m, a, true, []portal.Representative{rep("王建华", "13812345678"), rep("李明", "13912345678")}, f.now); err != nil {
		t.Fatal(err)
	}
	inv, _ := f.store.Of(f.ctx, m, a)
	if inv.Status != portal.InvitationAccepted || len(inv.Delegates) != 2 || inv.RepliedAt == nil {
		t.Fatalf("after accepting: %+v", inv)
	}
	code := inv.Delegates[0].CheckinCode
	if len(code) != postgres.CheckinCodeLength {
		t.Fatalf("code %q", code)
	}
	// Changing the representatives: 王建华 stays (same mobile), 李明 is replaced.
	if err := f.store.Reply(f.ctx, m, a, true, []portal.Representative{rep("王建华", "138 1234 5678"), rep("赵敏", "13712345678")}, f.now); err != nil {
		t.Fatal(err)
	}
	inv, _ = f.store.Of(f.ctx, m, a)
	if len(inv.Delegates) != 2 || inv.Delegates[0].CheckinCode != code || inv.Delegates[1].Name != "赵敏" {
		t.Fatalf("after changing: %+v", inv.Delegates)
	}

	// Too many representatives, a duplicate mobile, none at all.
	three := []portal.Representative{rep("甲", "13800000001"), rep("乙", "13800000002"), rep("丙", "13800000003")}
	wantCode(t, f.store.Reply(f.ctx, m, a, true, three, f.now), portal.EINVALID, "")
	wantCode(t, f.store.Reply(f.ctx, m, a, true, []portal.Representative{rep("甲", "13800000001"), rep("乙", "13800000001")}, f.now), portal.EINVALID, "")
	wantCode(t, f.store.Reply(f.ctx, m, a, true, nil, f.now), portal.EINVALID, "")

	// A waitlisted enterprise cannot accept yet.
	wantCode(t, f.store.Reply(f.ctx, m, ids[2], true, []portal.Representative{rep("甲", "13800000001")}, f.now),
		portal.ECONFLICT, "invitation.waitlisted_wait")

	// Declining frees the seat for the first on the waitlist and removes the representatives.
	if err := f.store.Reply(f.ctx, m, a, false, nil, f.now); err != nil {
		t.Fatal(err)
	}
	st := f.statuses(m)
	if st[a] != portal.InvitationDeclined || st[ids[2]] != portal.InvitationInvited || st[ids[3]] != portal.InvitationWaitlisted {
		t.Fatalf("after declining: %v", st)
	}
	var attendees int
	f.pool.QueryRow(f.ctx, `SELECT count(*) FROM attendees WHERE meeting_id = $1`, m).Scan(&attendees)
	if attendees != 0 {
		t.Errorf("%d attendees left after declining", attendees)
	}
	// A declined invitation takes no further answer; a waitlisted one may withdraw without
	// promoting anyone.
	wantCode(t, f.store.Reply(f.ctx, m, a, true, []portal.Representative{rep("甲", "13800000001")}, f.now), portal.ECONFLICT, "invitation.no_answer")
	if err := f.store.Reply(f.ctx, m, ids[3], false, nil, f.now); err != nil {
		t.Fatal(err)
	}
	if n := f.countStatus(m, "invited", "accepted"); n != 2 {
		t.Errorf("seats %d", n)
	}

	// Not invited: not found.
	other := f.enterprise("未受邀企业", portal.EnterpriseVerified, false)
	wantCode(t, f.store.Reply(f.ctx, m, other, false, nil, f.now), portal.ENOTFOUND, "")
}

func TestReplyRefusedWhenMeetingStartedOrCancelled(t *testing.T) {
	f := newInvFixture(t)
	e := f.enterprises("企业", 1)
	m := f.meeting(5, 2, f.now.AddDate(0, 0, 1), false)
	if _, err := f.store.Invite(f.ctx, m, e, f.official, f.now); err != nil {
		t.Fatal(err)
	}
	later := f.now.AddDate(0, 0, 2)
	wantCode(t, f.store.Reply(f.ctx, m, e[0], true, []portal.Representative{rep("甲", "13800000001")}, later),
		portal.ECONFLICT, "meeting.started_no_replies")
	if _, err := postgres.NewMeetingStore(f.pool).Transition(f.ctx, m, 2, portal.ActionCancel, "台风停课", f.now); err != nil {
		t.Fatal(err)
	}
	wantCode(t, f.store.Reply(f.ctx, m, e[0], false, nil, f.now), portal.ECONFLICT, "meeting.cancelled_no_replies")
}

func TestApplicationsAcceptedAndRefused(t *testing.T) {
	f := newInvFixture(t)
	m := f.meeting(1, 2, f.now.AddDate(0, 0, 14), false)
	ids := f.enterprises("申请", 3)
	for _, id := range ids {
		if err := f.store.Apply(f.ctx, m, id, f.official, f.now); err != nil {
			t.Fatal(err)
		}
	}
	wantCode(t, f.store.Apply(f.ctx, m, ids[0], f.official, f.now), portal.ECONFLICT, "invitation.already_applied")
	pending := f.enterprise("待审核企业", portal.EnterprisePending, false)
	wantCode(t, f.store.Apply(f.ctx, m, pending, f.official, f.now), portal.ECONFLICT, "invitation.apply_unverified")
	draft := f.meeting(5, 2, f.now.AddDate(0, 0, 14), true)
	wantCode(t, f.store.Apply(f.ctx, draft, ids[0], f.official, f.now), portal.ENOTFOUND, "")

	invs, _ := f.store.ForMeeting(f.ctx, m)
	byEnterprise := map[int64]int64{}
	for _, inv := range invs {
		if inv.Source != portal.SourceApplication || inv.Status != portal.InvitationApplied {
			t.Fatalf("application stored as %+v", inv)
		}
		byEnterprise[inv.EnterpriseID] = inv.ID
	}
	to, err := f.store.Decide(f.ctx, m, byEnterprise[ids[0]], true, "", f.now)
	if err != nil || to != portal.InvitationInvited {
		t.Fatalf("first accepted: %s %v", to, err)
	}
	to, err = f.store.Decide(f.ctx, m, byEnterprise[ids[1]], true, "", f.now)
	if err != nil || to != portal.InvitationWaitlisted {
		t.Fatalf("second accepted (meeting full): %s %v", to, err)
	}
	if _, err := f.store.Decide(f.ctx, m, byEnterprise[ids[2]], false, "本期名额已满，欢迎报名下月。", f.now); err != nil {
		t.Fatal(err)
	}
	inv, _ := f.store.Of(f.ctx, m, ids[2])
	if inv.Status != portal.InvitationRefused || inv.ReplyNote != "本期名额已满，欢迎报名下月。" {
		t.Fatalf("refused: %+v", inv)
	}
	_, err = f.store.Decide(f.ctx, m, byEnterprise[ids[2]], true, "", f.now)
	wantCode(t, err, portal.ECONFLICT, "invitation.not_applied")
	other := f.meeting(5, 2, f.now.AddDate(0, 0, 14), false)
	_, err = f.store.Decide(f.ctx, other, byEnterprise[ids[0]], true, "", f.now)
	wantCode(t, err, portal.ENOTFOUND, "")
}

func TestEnterpriseViewsHideDrafts(t *testing.T) {
	f := newInvFixture(t)
	e := f.enterprises("企业", 1)[0]
	draft := f.meeting(5, 2, f.now.AddDate(0, 0, 10), true)
	soon := f.meeting(5, 2, f.now.AddDate(0, 0, 3), false)
	later := f.meeting(5, 2, f.now.AddDate(0, 1, 0), false)
	past := f.meeting(5, 2, f.now.AddDate(0, -1, 0), false)
	open := f.meeting(5, 2, f.now.AddDate(0, 0, 20), false)
	for _, m := range []int64{draft, later, soon, past} {
		if _, err := f.store.Invite(f.ctx, m, []int64{e}, f.official, f.now.AddDate(0, -2, 0)); err != nil {
			t.Fatal(err)
		}
	}
	upcoming, gone, err := f.store.ForEnterprise(f.ctx, e, f.now)
	if err != nil {
		t.Fatal(err)
	}
	if len(upcoming) != 2 || upcoming[0].Meeting.ID != soon || upcoming[1].Meeting.ID != later {
		t.Fatalf("upcoming: %+v", upcoming)
	}
	if len(gone) != 1 || gone[0].Meeting.ID != past || gone[0].Invitation.Status != portal.InvitationInvited {
		t.Fatalf("past: %+v", gone)
	}
	openList, err := f.store.OpenForApplication(f.ctx, e, f.now)
	if err != nil || len(openList) != 1 || openList[0].ID != open {
		t.Fatalf("open for application: %+v %v", openList, err)
	}
	wantCode(t, f.store.Reply(f.ctx, draft, e, false, nil, f.now), portal.ENOTFOUND, "")
}

func TestCandidatesFilter(t *testing.T) {
	f := newInvFixture(t)
	m := f.meeting(10, 2, f.now.AddDate(0, 0, 14), false)
	key := f.enterprise("甲重点企业", portal.EnterpriseVerified, true)
	plain := f.enterprise("乙普通企业", portal.EnterpriseVerified, false)
	recent := f.enterprise("丙近期受邀企业", portal.EnterpriseVerified, false)
	longAgo := f.enterprise("丁半年前受邀企业", portal.EnterpriseVerified, false)
	invited := f.enterprise("戊已受邀企业", portal.EnterpriseVerified, false)
	f.enterprise("己待审核企业", portal.EnterprisePending, false)
	var otherChain int64
	f.pool.QueryRow(f.ctx, `INSERT INTO industry_chains (name, leader_name) VALUES ('集成电路', '林国栋') RETURNING id`).Scan(&otherChain)
	f.pool.Exec(f.ctx, `UPDATE enterprise_chains SET chain_id = $2 WHERE enterprise_id = $1`, plain, otherChain)

	lastMonth := f.meeting(10, 2, f.now.AddDate(0, -1, 0), false)
	halfYear := f.meeting(10, 2, f.now.AddDate(0, -6, 0), false)
	for _, x := range []struct{ m, e int64 }{{lastMonth, recent}, {halfYear, longAgo}, {m, invited}} {
		if _, err := f.store.Invite(f.ctx, x.m, []int64{x.e}, f.official, f.now.AddDate(-1, 0, 0)); err != nil {
			t.Fatal(err)
		}
	}
	yes := true
	tests := []struct {
		name   string
		filter postgres.CandidateFilter
		want   []int64
	}{
		{"verified and not on this meeting", postgres.CandidateFilter{}, []int64{recent, longAgo, key, plain}},
		{"chain", postgres.CandidateFilter{ChainID: &f.chain}, []int64{recent, longAgo, key}},
		{"key", postgres.CandidateFilter{IsKey: &yes}, []int64{key}},
		{"name", postgres.CandidateFilter{Query: "普通"}, []int64{plain}},
		{"not invited in 3 months", postgres.CandidateFilter{NotInvitedSince: portal.NotInvitedSince(f.now, 3)}, []int64{longAgo, key, plain}},
		{"not invited in 12 months", postgres.CandidateFilter{NotInvitedSince: portal.NotInvitedSince(f.now, 12)}, []int64{key, plain}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.filter.MeetingID = m
			page, err := f.store.Candidates(f.ctx, tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, e := range page.Enterprises {
				got = append(got, e.ID)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	// Pages of two follow the pinyin order (bing, ding, jia, yi) without gaps.
	page, err := f.store.Candidates(f.ctx, postgres.CandidateFilter{MeetingID: m, Limit: 2})
	if err != nil || len(page.Enterprises) != 2 || page.Next == "" {
		t.Fatalf("first page: %+v %v", page, err)
	}
	page, err = f.store.Candidates(f.ctx, postgres.CandidateFilter{MeetingID: m, Limit: 2, After: page.Next})
	if err != nil || len(page.Enterprises) != 2 || page.Enterprises[0].ID != key || page.Next != "" {
		t.Fatalf("second page: %+v %v", page, err)
	}
}

// TestConcurrentLastSeat races ten officials' rounds and ten application decisions for the last
// seat of a meeting: exactly one gets it, the others queue, and seats never exceed capacity.
func TestConcurrentLastSeat(t *testing.T) {
	f := newInvFixture(t)
	const capacity = 5
	run := func(n int, op func(i int) error) {
		var wg sync.WaitGroup
		start := make(chan struct{})
		errs := make(chan error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				errs <- op(i)
			}()
		}
		close(start)
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
	}

	t.Run("inviting", func(t *testing.T) {
		m := f.meeting(capacity, 2, f.now.AddDate(0, 0, 14), false)
		if _, err := f.store.Invite(f.ctx, m, f.enterprises("先到", capacity-1), f.official, f.now); err != nil {
			t.Fatal(err)
		}
		racers := f.enterprises("竞邀", 10)
		run(len(racers), func(i int) error {
			_, err := f.store.Invite(f.ctx, m, racers[i:i+1], f.official, f.now)
			return err
		})
		if seats := f.countStatus(m, "invited", "accepted"); seats != capacity {
			t.Errorf("seats = %d, want %d", seats, capacity)
		}
		if w := f.countStatus(m, "waitlisted"); w != 9 {
			t.Errorf("waitlisted = %d, want 9", w)
		}
	})

	t.Run("accepting applications", func(t *testing.T) {
		m := f.meeting(capacity, 2, f.now.AddDate(0, 0, 14), false)
		if _, err := f.store.Invite(f.ctx, m, f.enterprises("先邀", capacity-1), f.official, f.now); err != nil {
			t.Fatal(err)
		}
		applicants := f.enterprises("竞申", 10)
		invIDs := make([]int64, len(applicants))
		for i, e := range applicants {
			if err := f.store.Apply(f.ctx, m, e, f.official, f.now); err != nil {
				t.Fatal(err)
			}
			inv, _ := f.store.Of(f.ctx, m, e)
			invIDs[i] = inv.ID
		}
		var mu sync.Mutex
		got := map[portal.InvitationStatus]int{}
		run(len(invIDs), func(i int) error {
			to, err := f.store.Decide(f.ctx, m, invIDs[i], true, "", f.now)
			mu.Lock()
			got[to]++
			mu.Unlock()
			return err
		})
		if got[portal.InvitationInvited] != 1 || got[portal.InvitationWaitlisted] != 9 {
			t.Errorf("decisions %v, want 1 invited 9 waitlisted", got)
		}
		if seats := f.countStatus(m, "invited", "accepted"); seats != capacity {
			t.Errorf("seats = %d, want %d", seats, capacity)
		}
	})

	t.Run("declines promote the waitlist once each", func(t *testing.T) {
		m := f.meeting(capacity, 2, f.now.AddDate(0, 0, 14), false)
		holders := f.enterprises("在座", capacity)
		waiting := f.enterprises("候补", 8)
		if _, err := f.store.Invite(f.ctx, m, append(append([]int64{}, holders...), waiting...), f.official, f.now); err != nil {
			t.Fatal(err)
		}
		// Every seat holder declines while late applications are accepted at the same time.
		late := f.enterprises("晚申", 4)
		lateInv := make([]int64, len(late))
		for i, e := range late {
			if err := f.store.Apply(f.ctx, m, e, f.official, f.now); err != nil {
				t.Fatal(err)
			}
			inv, _ := f.store.Of(f.ctx, m, e)
			lateInv[i] = inv.ID
		}
		run(len(holders)+len(late), func(i int) error {
			if i < len(holders) {
				return f.store.Reply(f.ctx, m, holders[i], false, nil, f.now)
			}
			_, err := f.store.Decide(f.ctx, m, lateInv[i-len(holders)], true, "", f.now)
			return err
		})
		st := f.statuses(m)
		for i, e := range waiting {
			want := portal.InvitationWaitlisted
			if i < capacity {
				want = portal.InvitationInvited
			}
			if st[e] != want {
				t.Errorf("waiting enterprise %d: %s, want %s", i+1, st[e], want)
			}
		}
		for _, e := range late {
			if st[e] != portal.InvitationWaitlisted {
				t.Errorf("late application jumped the queue: %s", st[e])
			}
		}
		if seats := f.countStatus(m, "invited", "accepted"); seats != capacity {
			t.Errorf("seats = %d, want %d", seats, capacity)
		}
		if w := f.countStatus(m, "waitlisted"); w != 3+len(late) {
			t.Errorf("waitlisted = %d, want %d", w, 3+len(late))
		}
	})
}
