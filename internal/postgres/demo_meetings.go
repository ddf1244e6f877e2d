package postgres

import (
	"context"
	"time"

	"breakfast/internal/portal"

	"github.com/jackc/pgx/v5"
)

// loadDemoMeetings adds the new-energy-vehicle chain's monthly breakfast series: last month's
// meeting, held with about thirty enterprises checked in; next month's, published with replies
// still coming in and a waitlist; and an integrated-circuit meeting still in draft.
func loadDemoMeetings(ctx context.Context, tx pgx.Tx, _ string) error {
	var officialID, nevChain, icChain int64
	if err := tx.QueryRow(ctx, `SELECT (SELECT id FROM users WHERE username = 'demo-official'),
		(SELECT id FROM industry_chains WHERE name = '新能源汽车'), (SELECT id FROM industry_chains WHERE name = '集成电路')`).
		Scan(&officialID, &nevChain, &icChain); err != nil {
		return err
	}
	var seriesID int64
	if err := tx.QueryRow(ctx, `INSERT INTO meeting_series (name) VALUES ('新能源汽车产业链企业家早餐会')
		ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING id`).Scan(&seriesID); err != nil {
		return err
	}
	today := time.Now().In(portal.CST)
	at := func(days int, hour, minute int) time.Time {
		d := today.AddDate(0, 0, days)
		return time.Date(d.Year(), d.Month(), d.Day(), hour, minute, 0, 0, portal.CST)
	}
	meeting := func(theme string, series *int64, chain int64, start time.Time, capacity int, status portal.MeetingStatus, agenda string) (int64, error) {
		var id int64
		err := tx.QueryRow(ctx, `INSERT INTO meetings (series_id, theme, starts_at, ends_at, venue, chain_id, host_name, host_title,
				capacity, per_enterprise_limit, agenda, status, created_by)
			SELECT $1, $2, $3, $3::timestamptz + interval '90 minutes', '区行政中心 5 楼第一会议室', $4, c.leader_name, c.leader_title,
				$5, 2, $6, $7, $8 FROM industry_chains c WHERE c.id = $4 RETURNING id`,
			series, theme, start, chain, capacity, agenda, status, officialID).Scan(&id)
		if err != nil {
			return 0, err
		}
		_, err = tx.Exec(ctx, `INSERT INTO meeting_departments (meeting_id, department_id, attended)
			SELECT $1, id, $2 FROM departments WHERE name IN ('工业和信息化局', '发展和改革委员会', '自然资源和规划局', '供电公司', '行政审批局', '金融工作办公室')`,
			id, status == portal.MeetingHeld)
		return id, err
	}
	agenda := "一、区长通报全区新能源汽车产业运行情况；\n二、企业家围绕用地、融资、审批、用电、人才等方面反映困难和诉求；\n三、相关部门现场回应，会后形成问题清单限时办理。"

	// Last month's meeting: held, every enterprise of the chain at the table.
	held, err := meeting("新能源汽车产业链企业家早餐会（第 11 期）", &seriesID, nevChain, at(-24, 7, 30), 32, portal.MeetingHeld, agenda)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE meetings SET summary = $2, attending_leaders = '陈志远（区长）、林国栋（常务副区长）', minutes_at = $3
		WHERE id = $1`, held,
		"本期早餐会共有 30 家新能源汽车产业链企业参加。企业集中反映了产业用地指标紧张、专精特新企业融资难、新建厂房竣工验收周期长、"+
			"高峰时段用电容量不足、高技能人才招引难等问题。区长要求各责任单位对企业诉求逐条建立清单、明确时限、限时办结，并在下期早餐会上通报办理情况。",
		at(-24, 10, 0)); err != nil {
		return err
	}
	if err := demoInvite(ctx, tx, held, nevChain, 30, officialID, at(-40, 10, 0), true); err != nil {
		return err
	}

	// Next month's meeting: published, replies coming in, two enterprises on the waitlist.
	next, err := meeting("新能源汽车产业链企业家早餐会（第 12 期）", &seriesID, nevChain, at(18, 7, 30), 20, portal.MeetingPublished, agenda)
	if err != nil {
		return err
	}
	if err := demoInvite(ctx, tx, next, nevChain, 22, officialID, at(-2, 9, 0), false); err != nil {
		return err
	}

	// An integrated-circuit meeting being prepared.
	_, err = meeting("集成电路产业链企业家早餐会", nil, icChain, at(40, 7, 30), 15, portal.MeetingDraft,
		"围绕芯片设计企业流片补贴、人才公寓和研发用房等问题听取企业意见。")
	return err
}

// demoInvite invites the first n verified enterprises of chain. For a held meeting all accept
// and all but two of their representatives are checked in; for an upcoming one about half
// have accepted, two declined, and those beyond the capacity wait.
func demoInvite(ctx context.Context, tx pgx.Tx, meetingID, chainID int64, n int, officialID int64, invitedAt time.Time, held bool) error {
	rows, err := tx.Query(ctx, `SELECT e.id, c.name, c.title, c.mobile FROM enterprises e
		JOIN enterprise_chains ec ON ec.enterprise_id = e.id AND ec.chain_id = $1
		JOIN enterprise_contacts c ON c.enterprise_id = e.id AND c.position = 0
		WHERE e.status = 'verified' ORDER BY e.id LIMIT $2`, chainID, n)
	if err != nil {
		return err
	}
	type candidate struct {
		id                  int64
		name, title, mobile string
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (candidate, error) {
		var c candidate
		err := row.Scan(&c.id, &c.name, &c.title, &c.mobile)
		return c, err
	})
	if err != nil {
		return err
	}
	var capacity int
	if err := tx.QueryRow(ctx, `SELECT capacity FROM meetings WHERE id = $1`, meetingID).Scan(&capacity); err != nil {
		return err
	}
	for i, c := range list {
		status := portal.InvitationAccepted
		switch {
		case i >= capacity:
			status = portal.InvitationWaitlisted
		case !held && i%5 == 3:
			status = portal.InvitationDeclined
		case !held && i%2 == 1:
			status = portal.InvitationInvited
		}
		var invID int64
		queued := invitedAt.Add(time.Duration(i) * time.Minute)
		if err := tx.QueryRow(ctx, `INSERT INTO invitations (meeting_id, enterprise_id, status, source, queued_at, replied_at, created_by, created_at)
			VALUES ($1, $2, $3, 'official', $4, CASE WHEN $3 IN ('accepted', 'declined') THEN $4::timestamptz + interval '1 day' END, $5, $4)
			RETURNING id`, meetingID, c.id, status, queued, officialID).Scan(&invID); err != nil {
			return err
		}
		if status != portal.InvitationAccepted {
			continue
		}
		enterpriseID := c.id
		attendeeID, _, err := insertAttendee(ctx, tx, attendeeRow{MeetingID: meetingID, InvitationID: &invID,
			EnterpriseID: &enterpriseID, Name: c.name, Title: c.title, Mobile: c.mobile})
		if err != nil {
			return err
		}
		if held && i < len(list)-2 {
			if _, err := tx.Exec(ctx, `UPDATE attendees SET checked_in_at = m.starts_at - make_interval(mins => $2), checked_in_by = $3
				FROM meetings m WHERE attendees.id = $1 AND m.id = attendees.meeting_id`, attendeeID, 25-i%20, officialID); err != nil {
				return err
			}
		}
	}
	return nil
}

// demoPastMeeting is a breakfast held in an earlier month, for the demo's history.
type demoPastMeeting struct {
	id      int64
	chain   string
	startAt time.Time
}

// demoPastMeetingPlan is the district's breakfasts of the past year before last month's: the
// other chains' first meetings, then the new-energy-vehicle series' issues 8 to 10. monthsAgo
// counts back from this month.
var demoPastMeetingPlan = []struct {
	monthsAgo int
	chain     string
	theme     string
	invite    int
}{
	{11, "集成电路", "集成电路产业链企业家早餐会（第 1 期）", 8},
	{10, "软件和人工智能", "软件和人工智能产业链企业家早餐会", 7},
	{9, "生物医药", "生物医药产业链企业家早餐会", 6},
	{8, "智能电网", "智能电网产业链企业家早餐会", 5},
	{7, "轨道交通", "轨道交通产业链企业家早餐会", 4},
	{6, "智能制造装备", "智能制造装备产业链企业家早餐会", 5},
	{5, "新材料", "新材料产业链企业家早餐会", 5},
	{4, "新能源汽车", "新能源汽车产业链企业家早餐会（第 8 期）", 24},
	{3, "新能源汽车", "新能源汽车产业链企业家早餐会（第 9 期）", 26},
	{2, "新能源汽车", "新能源汽车产业链企业家早餐会（第 10 期）", 28},
}

// loadDemoPastMeetings adds the held breakfasts of demoPastMeetingPlan, each on a Tuesday to
// Thursday in the middle of its month at 7:30 with its chain's enterprises invited and
// checked in, minutes written; the new-energy-vehicle ones belong to its series.
func loadDemoPastMeetings(ctx context.Context, tx pgx.Tx, officialID int64) ([]demoPastMeeting, error) {
	var seriesID int64
	if err := tx.QueryRow(ctx, `SELECT id FROM meeting_series WHERE name = '新能源汽车产业链企业家早餐会'`).Scan(&seriesID); err != nil {
		return nil, err
	}
	today := time.Now().In(portal.CST)
	var out []demoPastMeeting
	for _, p := range demoPastMeetingPlan {
		first := time.Date(today.Year(), today.Month(), 1, 7, 30, 0, 0, portal.CST).AddDate(0, -p.monthsAgo, 0)
		start := first.AddDate(0, 0, 13)
		for start.Weekday() < time.Tuesday || start.Weekday() > time.Thursday {
			start = start.AddDate(0, 0, 1)
		}
		var series *int64
		if p.chain == "新能源汽车" {
			series = &seriesID
		}
		var id, chainID int64
		err := tx.QueryRow(ctx, `INSERT INTO meetings (series_id, theme, starts_at, ends_at, venue, chain_id, host_name, host_title,
				capacity, per_enterprise_limit, agenda, status, created_by, summary, attending_leaders, minutes_at)
			SELECT $1, $2, $3, $3::timestamptz + interval '90 minutes', '区行政中心 5 楼第一会议室', c.id, c.leader_name, c.leader_title,
				32, 2, $5, 'held', $6, $7, c.leader_name || '（' || c.leader_title || '）', $3::timestamptz + interval '3 hours'
			FROM industry_chains c WHERE c.name = $4 RETURNING id, chain_id`,
			series, p.theme, start, p.chain,
			"一、通报"+p.chain+"产业运行情况；\n二、企业家反映困难和诉求；\n三、相关部门现场回应，会后形成问题清单限时办理。",
			officialID, "本期早餐会听取了"+p.chain+"产业链企业反映的困难和诉求，现场交办问题清单，明确责任单位和办理时限。").
			Scan(&id, &chainID)
		if err != nil {
			return nil, err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO meeting_departments (meeting_id, department_id, attended)
			SELECT $1, id, true FROM departments WHERE name IN ('工业和信息化局', '发展和改革委员会', '自然资源和规划局', '供电公司', '科学技术局')`,
			id); err != nil {
			return nil, err
		}
		if err := demoInvite(ctx, tx, id, chainID, p.invite, officialID, start.AddDate(0, 0, -14), true); err != nil {
			return nil, err
		}
		out = append(out, demoPastMeeting{id: id, chain: p.chain, startAt: start})
	}
	return out, nil
}
