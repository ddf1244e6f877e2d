package postgres

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"breakfast/internal/portal"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// The large data set of the performance benchmark (`make seed-large`, `make bench`): years of a
// province-wide deployment, generated with realistic distributions and loaded with COPY. Per
// million demands: 10,000 enterprises, 2,000 meetings, about 60,000 invitations and 60,000
// attendees, about 3.5 million timeline rows. Never load it into a database holding real data:
// SeedLarge expects a freshly migrated, empty database.

// SeedLargeOptions sizes the data set.
type SeedLargeOptions struct {
	Demands int       // how many demands; everything else scales with it
	Now     time.Time // the newest demand is from just before Now
	Log     io.Writer // progress
}

// BenchPassword is the password of the benchmark accounts SeedLarge creates: bench-official,
// bench-admin, bench-dept (staff of the department leading the most demands) and bench-ent
// (an entrepreneur of an enterprise with an ordinary number of demands).
const BenchPassword = "bench-pass-2026"

// SeedLarge fills the freshly migrated, empty database of pool with the benchmark data set.
// Foreign keys are not checked while loading (session_replication_role = replica, which
// needs a superuser, as the local cluster's user is): the generator makes every reference
// valid by construction. The indexes of the big tables are dropped before the load and built
// again after it, then the tables are analyzed.
func SeedLarge(ctx context.Context, pool *pgxpool.Pool, opts SeedLargeOptions) error {
	if opts.Demands <= 0 {
		return fmt.Errorf("seed-large: the number of demands must be positive")
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	var existing int
	if err := pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM demands) + (SELECT count(*) FROM enterprises)`).Scan(&existing); err != nil {
		return err
	}
	if existing > 0 {
		return fmt.Errorf("seed-large: the database is not empty; seed a fresh one")
	}
	g := newSeedGen(opts)
	start := time.Now()
	step := func(name string, t0 time.Time) {
		fmt.Fprintf(opts.Log, "seed-large: %-34s %6.1fs (total %.1fs)\n", name, time.Since(t0).Seconds(), time.Since(start).Seconds())
	}

	t0 := time.Now()
	if err := g.reference(ctx, pool); err != nil {
		return fmt.Errorf("seed-large: reference data: %w", err)
	}
	step("departments, chains, users", t0)

	t0 = time.Now()
	big := []string{"demands", "demand_events", "demand_co_departments", "demand_extensions", "attendees", "invitations",
		"enterprises", "enterprise_chains", "enterprise_contacts", "meetings", "meeting_departments"}
	indexes, err := dropIndexes(ctx, pool, big)
	if err != nil {
		return fmt.Errorf("seed-large: dropping indexes: %w", err)
	}
	g.plan()
	g.orderDemands()
	step("plan (enterprises, meetings, demands)", t0)

	t0 = time.Now()
	loads := []struct {
		table string
		cols  []string
		src   func() pgx.CopyFromSource
	}{
		{"enterprises", []string{"id", "name", "uscc", "scale", "annual_output", "is_key", "address", "park", "legal_rep", "status",
			"reviewed_at", "submitted_at", "created_at", "updated_at"}, g.enterpriseRows},
		{"enterprise_chains", []string{"enterprise_id", "chain_id"}, g.enterpriseChainRows},
		{"enterprise_contacts", []string{"enterprise_id", "position", "name", "title", "mobile"}, g.contactRows},
		{"meetings", []string{"id", "series_id", "theme", "starts_at", "ends_at", "venue", "chain_id", "host_name", "host_title",
			"capacity", "per_enterprise_limit", "agenda", "status", "cancel_reason", "summary", "minutes_at", "created_by",
			"created_at", "updated_at"}, g.meetingRows},
		{"meeting_departments", []string{"meeting_id", "department_id", "attended"}, g.meetingDepartmentRows},
		{"invitations", []string{"id", "meeting_id", "enterprise_id", "status", "source", "queued_at", "replied_at", "created_by",
			"created_at", "updated_at"}, g.invitationRows},
		{"attendees", []string{"meeting_id", "invitation_id", "enterprise_id", "name", "title", "mobile", "checkin_code",
			"checked_in_at", "created_at"}, g.attendeeRows},
	}
	if err := seedTx(ctx, pool, func(tx pgx.Tx) error {
		for _, l := range loads {
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{l.table}, l.cols, l.src()); err != nil {
				return fmt.Errorf("%s: %w", l.table, err)
			}
		}
		return nil
	}); err != nil {
		return fmt.Errorf("seed-large: %w", err)
	}
	step("enterprises, meetings, attendees", t0)

	// The demands and their timeline rows, in parallel on two connections: each demand's
	// story is decided by its number alone (its own random stream), so both streams agree.
	t0 = time.Now()
	gctx, cancel := context.WithCancel(ctx)
	defer cancel()
	err = parallel(cancel, func() error {
		return seedTx(gctx, pool, func(tx pgx.Tx) error {
			if _, err := tx.CopyFrom(gctx, pgx.Identifier{"demands"}, seedDemandColumns, g.demandRows()); err != nil {
				return fmt.Errorf("demands: %w", err)
			}
			// demand_status is written here: the loading transaction's triggers are off (migration
			// 000019's trigger fills it otherwise).
			if _, err := tx.CopyFrom(gctx, pgx.Identifier{"demand_co_departments"}, []string{"demand_id", "department_id",
				"demand_status"}, g.coDepartmentRows()); err != nil {
				return fmt.Errorf("demand_co_departments: %w", err)
			}
			_, err := tx.CopyFrom(gctx, pgx.Identifier{"demand_extensions"}, []string{"demand_id", "requested_by",
				"requested_at", "extra_days", "reason", "status", "decided_by", "decided_at"}, g.extensionRows())
			return err
		})
	}, func() error {
		return seedTx(gctx, pool, func(tx pgx.Tx) error {
			_, err := tx.CopyFrom(gctx, pgx.Identifier{"demand_events"},
				[]string{"demand_id", "at", "actor_id", "action", "from_status", "to_status", "note"}, g.eventRows())
			return err
		})
	})
	if err != nil {
		return fmt.Errorf("seed-large: %w", err)
	}
	step(fmt.Sprintf("%d demands with their timelines", opts.Demands), t0)

	t0 = time.Now()
	if err := recreateIndexes(ctx, pool, indexes); err != nil {
		return fmt.Errorf("seed-large: indexes: %w", err)
	}
	step(fmt.Sprintf("%d indexes built", len(indexes)), t0)

	t0 = time.Now()
	for _, seq := range []string{"enterprises", "meetings", "invitations", "demands"} {
		if _, err := pool.Exec(ctx, `SELECT setval(pg_get_serial_sequence($1, 'id'), (SELECT max(id) FROM `+seq+`))`, seq); err != nil {
			return err
		}
	}
	// VACUUM sets the visibility map (index-only scans), as autovacuum would have long done on
	// a live database, and ANALYZE gives the planner the statistics.
	if _, err := pool.Exec(ctx, `VACUUM (ANALYZE)`); err != nil {
		return err
	}
	step("sequences, VACUUM ANALYZE", t0)
	return nil
}

// seedTx runs fn in a transaction whose foreign-key triggers are off.
func seedTx(ctx context.Context, pool *pgxpool.Pool, fn func(pgx.Tx) error) error {
	return withTx(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SET LOCAL session_replication_role = replica`); err != nil {
			return fmt.Errorf("loading without foreign-key checks needs a superuser: %w", err)
		}
		if _, err := tx.Exec(ctx, `SET LOCAL synchronous_commit = off`); err != nil {
			return err
		}
		return fn(tx)
	})
}

// dropIndexes drops the indexes of tables that no constraint owns, returning their
// definitions to build them again after the load.
func dropIndexes(ctx context.Context, pool *pgxpool.Pool, tables []string) ([]string, error) {
	rows, err := pool.Query(ctx, `SELECT i.indexname, i.indexdef FROM pg_indexes i
		WHERE i.schemaname = 'public' AND i.tablename = ANY ($1)
		  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = (quote_ident(i.indexname))::regclass)
		ORDER BY i.tablename, i.indexname`, tables)
	if err != nil {
		return nil, err
	}
	var names, defs []string
	var name, def string
	if _, err := pgx.ForEachRow(rows, []any{&name, &def}, func() error {
		names, defs = append(names, name), append(defs, def)
		return nil
	}); err != nil {
		return nil, err
	}
	for _, n := range names {
		if _, err := pool.Exec(ctx, `DROP INDEX `+pgx.Identifier{n}.Sanitize()); err != nil {
			return nil, err
		}
	}
	return defs, nil
}

// parallel runs fns at once and returns the first error; cancel is called on an error so the
// others stop.
func parallel(cancel func(), fns ...func() error) error {
	var wg sync.WaitGroup
	errs := make([]error, len(fns))
	for i, fn := range fns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if errs[i] = fn(); errs[i] != nil {
				cancel()
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// recreateIndexes runs the index definitions on two connections (the machine's cores).
func recreateIndexes(ctx context.Context, pool *pgxpool.Pool, defs []string) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	work := make(chan string, len(defs))
	for _, d := range defs {
		work <- d
	}
	close(work)
	worker := func() error {
		conn, err := pool.Acquire(ctx)
		if err != nil {
			return err
		}
		defer conn.Release()
		if _, err := conn.Exec(ctx, `SET maintenance_work_mem = '256MB'`); err != nil {
			return err
		}
		for def := range work {
			if _, err := conn.Exec(ctx, def); err != nil {
				return fmt.Errorf("%s: %w", def, err)
			}
		}
		return nil
	}
	return parallel(cancel, worker, worker)
}

// seedGen generates the rows. Every random choice comes from a stream seeded by what it
// describes (the n-th demand, the n-th meeting), so any part can be generated on its own.
type seedGen struct {
	opts                    SeedLargeOptions
	now                     time.Time
	span                    time.Duration // demands are created over this span before now
	nEnterprises, nMeetings int
	nHosts                  int // districts holding breakfasts: each has a series per chain
	departments, chains     []int64
	categories              []int64
	officials               []int64 // actor ids for officials' events
	departmentStaff         map[int64]int64
	benchEnterprise         int64
	deptWeights, catWeights []float64
	enterpriseChains        [][]int64 // by enterprise index
	chainEnterprises        map[int64][]int64
	meetings                []seedMeeting
	heldMeetings            []int // indexes into meetings of held or closed meetings
	firstInvitation         []int64
	categoryCodes           []string
	order                   []int32 // generated demand numbers by creation time
}

type seedMeeting struct {
	id       int64
	chain    int64
	series   int64
	starts   time.Time
	status   string
	invitees []int64
	accepted int // the first accepted invitees
}

func newSeedGen(opts SeedLargeOptions) *seedGen {
	n := opts.Demands
	return &seedGen{
		opts: opts,
		now:  opts.Now,
		span: 5 * 365 * 24 * time.Hour,
		// At least 300 enterprises, so that every chain has the 30 a breakfast invites (a
		// meeting is as large in a district as in a province: pages showing one compare alike).
		nEnterprises: max(n/100, 300),
		nMeetings:    max(n/500, 60), // a breakfast a month: lists of meetings fill a page at any size
		// A province has more breakfast series than a district, not longer ones: each
		// district runs a series per chain, about seriesLength meetings of each in the span.
		nHosts:          max(1, max(n/500, 60)/(len(seedChainNames)*seriesLength)),
		departmentStaff: map[int64]int64{},
	}
}

func (g *seedGen) rng(kind, n uint64) *rand.Rand {
	return rand.New(rand.NewPCG(kind*0x9E3779B97F4A7C15+1, n+12345))
}

var seedDistricts = []string{"上城区", "拱墅区", "西湖区", "滨江区"}

// seedHosts are the districts and counties whose breakfast series the data holds (seedGen.nHosts
// of them); past the list, names repeat with a number.
var seedHosts = []string{"上城区", "拱墅区", "西湖区", "滨江区", "萧山区", "余杭区", "临平区", "钱塘区", "富阳区", "临安区",
	"桐庐县", "淳安县", "建德市", "海曙区", "江北区", "北仑区", "镇海区", "鄞州区", "奉化区", "余姚市", "慈溪市", "宁海县",
	"象山县", "鹿城区", "龙湾区", "瓯海区", "洞头区", "瑞安市", "乐清市", "永嘉县", "平阳县", "苍南县", "南湖区", "秀洲区",
	"海宁市", "平湖市", "桐乡市", "嘉善县", "海盐县", "吴兴区", "南浔区", "德清县", "长兴县", "安吉县", "越城区", "柯桥区",
	"上虞区", "诸暨市", "嵊州市", "新昌县"}

// seriesLength is about how many meetings each series has in the data, at any size.
const seriesLength = 4

func seedHost(k int) string {
	if k < len(seedHosts) {
		return seedHosts[k]
	}
	return seedHosts[k%len(seedHosts)] + strconv.Itoa(k/len(seedHosts)+1)
}

// seriesOf is the series of the chain with index chain held by host k.
func (g *seedGen) seriesOf(host, chain int) int64 { return int64(host*len(g.chains) + chain + 1) }

var seedDepartmentNames = []string{"工业和信息化局", "自然资源和规划局", "发展和改革委员会", "行政审批局", "住房和城乡建设局",
	"商务局", "科学技术局", "人力资源和社会保障局", "金融工作办公室", "市场监督管理局"}
var seedChainNames = []string{"新能源汽车", "集成电路", "生物医药", "人工智能", "高端装备", "新材料", "数字安防", "智能物联",
	"节能环保", "现代纺织", "航空航天", "文化创意", "软件信息", "智能家居", "时尚消费", "现代物流"}
var seedCompanyWords = []string{"星途", "远航", "恒驰", "智行", "芯源", "瑞能", "华创", "博远", "天衡", "中科", "海纳", "云帆",
	"启明", "卓越", "东方", "鼎盛", "金石", "宏图", "立信", "新锐", "联众", "汇通", "润达", "嘉禾", "明德", "精工", "飞鸿", "长风"}
var seedCompanyKinds = []string{"新能源科技", "微电子", "生物医药", "智能装备", "新材料", "信息技术", "精密机械", "环保科技",
	"数字科技", "汽车零部件", "光电科技", "医疗器械"}
var seedCompanySuffix = []string{"有限公司", "股份有限公司", "科技有限公司", "集团有限公司"}
var seedTitleParts = [][]string{
	{"二期项目", "新建厂房", "研发中心", "生产线技改", "仓储物流中心", "员工宿舍", "中试基地", "总部大楼"},
	{"用地指标落实", "竣工验收提速", "用电增容", "融资贴息申报", "人才公寓申请", "环评审批", "消防验收", "道路配套",
		"政策兑现", "供需对接", "天然气接入", "证照办理"},
}
var seedSentences = []string{
	"公司今年订单增长明显，现有产能已经饱和，急需扩大生产规模。",
	"该事项涉及多个部门，企业多次咨询仍未得到明确答复。",
	"按目前进度测算，将影响新产品按期投产和年度产值目标。",
	"希望区里牵头协调，明确责任部门和办理时限。",
	"前期已向有关部门提交全部材料，目前仍在等待审核意见。",
	"周边配套设施不完善，员工通勤和生活不便，影响人才引进。",
	"高峰时段多次出现供能不足，已造成一定经济损失。",
	"企业已完成前期论证，资金已基本落实，只待审批。",
	"恳请政府在政策允许范围内给予支持，帮助企业渡过难关。",
	"同类企业在其他区县已有成功做法，希望参照执行。",
}
var seedAnswers = []string{
	"经协调，相关部门已明确办理路径，材料齐全后 5 个工作日内办结。",
	"已会同有关单位现场踏勘，方案已批复，施工已进场。",
	"已将企业纳入今年的政策支持名单，资金将于下月拨付。",
	"经研究，该事项按现行政策可以办理，已安排专人对接。",
}

var seedDemandColumns = []string{"id", "enterprise_id", "meeting_id", "category_id", "title", "description", "expected_outcome",
	"confidential", "status", "priority", "lead_department_id", "time_limit_days", "assigned_at", "deadline",
	"answer", "answered_at", "rating", "rating_comment", "rated_at", "closed_at", "supervised", "supervision_note",
	"merged_into", "reject_reason", "submitted_by", "recorded_by_official", "version", "created_at", "updated_at"}

// reference inserts departments, chains, meeting series and the accounts.
func (g *seedGen) reference(ctx context.Context, pool *pgxpool.Pool) error {
	return withTx(ctx, pool, func(tx pgx.Tx) error {
		for _, district := range seedDistricts {
			for _, name := range seedDepartmentNames {
				var id int64
				if err := tx.QueryRow(ctx, `INSERT INTO departments (name, short_name) VALUES ($1, $2) RETURNING id`,
					district+name, district+strings.TrimSuffix(strings.TrimSuffix(name, "局"), "委员会")).Scan(&id); err != nil {
					return err
				}
				g.departments = append(g.departments, id)
			}
		}
		for i, name := range seedChainNames {
			var id int64
			if err := tx.QueryRow(ctx, `INSERT INTO industry_chains (name, leader_name, leader_title) VALUES ($1, $2, '副区长') RETURNING id`,
				name, demoPerson(i)).Scan(&id); err != nil {
				return err
			}
			g.chains = append(g.chains, id)
		}
		for k := range g.nHosts {
			for c, name := range seedChainNames {
				if _, err := tx.Exec(ctx, `INSERT INTO meeting_series (id, name) VALUES ($1, $2)`,
					g.seriesOf(k, c), seedHost(k)+name+"产业链政企早餐会"); err != nil {
					return err
				}
			}
		}
		if _, err := tx.Exec(ctx, `SELECT setval('meeting_series_id_seq', $1)`, g.seriesOf(g.nHosts-1, len(g.chains)-1)); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT id, code FROM demand_categories ORDER BY position, id`)
		if err != nil {
			return err
		}
		var id int64
		var code string
		if _, err := pgx.ForEachRow(rows, []any{&id, &code}, func() error {
			g.categories, g.categoryCodes = append(g.categories, id), append(g.categoryCodes, code)
			return nil
		}); err != nil {
			return err
		}
		hash, err := portal.HashPassword(BenchPassword)
		if err != nil {
			return err
		}
		user := func(username, name, role string, department, enterprise *int64) (int64, error) {
			var id int64
			err := tx.QueryRow(ctx, `INSERT INTO users (username, display_name, role, password_hash, department_id, enterprise_id)
				VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, username, name, role, hash, department, enterprise).Scan(&id)
			return id, err
		}
		for i, u := range []string{"bench-official", "bench-official2", "bench-official3"} {
			id, err := user(u, demoPerson(100+i), "official", nil, nil)
			if err != nil {
				return err
			}
			g.officials = append(g.officials, id)
		}
		if _, err := user("bench-admin", "基准管理员", "admin", nil, nil); err != nil {
			return err
		}
		for i, d := range g.departments {
			name := "dept-" + strconv.Itoa(i+1)
			if i == 0 {
				name = "bench-dept" // the department leading the most demands (see deptWeights)
			}
			id, err := user(name, demoPerson(200+i), "department", &d, nil)
			if err != nil {
				return err
			}
			g.departmentStaff[d] = id
		}
		// bench-ent belongs to an enterprise created by the enterprise COPY below (foreign keys
		// are not checked in this transaction either).
		if _, err := tx.Exec(ctx, `SET LOCAL session_replication_role = replica`); err != nil {
			return err
		}
		g.benchEnterprise = int64(g.nEnterprises/2 + 1)
		_, err = user("bench-ent", demoPerson(300), "entrepreneur", nil, &g.benchEnterprise)
		return err
	})
}

// plan decides the enterprises' chains and the meetings with their invitees, which the
// demands refer to.
func (g *seedGen) plan() {
	// Department i leads demands with weight 1/(i+1)^0.8: a few departments get most of them.
	for i := range g.departments {
		g.deptWeights = append(g.deptWeights, 1/math.Pow(float64(i+1), 0.8))
	}
	g.catWeights = []float64{14, 12, 18, 10, 9, 11, 16, 10}[:len(g.categories)]
	g.enterpriseChains = make([][]int64, g.nEnterprises)
	g.chainEnterprises = map[int64][]int64{}
	for e := range g.nEnterprises {
		r := g.rng(1, uint64(e))
		c := g.chains[r.IntN(len(g.chains))]
		g.enterpriseChains[e] = []int64{c}
		g.chainEnterprises[c] = append(g.chainEnterprises[c], int64(e+1))
		if r.IntN(5) == 0 {
			c2 := g.chains[r.IntN(len(g.chains))]
			if c2 != c {
				g.enterpriseChains[e] = append(g.enterpriseChains[e], c2)
				g.chainEnterprises[c2] = append(g.chainEnterprises[c2], int64(e+1))
			}
		}
	}
	// Meetings: the chains take turns, evenly over the span, the last few in the future.
	first := g.now.Add(-g.span)
	step := g.span / time.Duration(g.nMeetings-4)
	var inv int64 = 1
	for m := range g.nMeetings {
		r := g.rng(2, uint64(m))
		day := first.Add(time.Duration(m) * step).In(portal.CST)
		starts := time.Date(day.Year(), day.Month(), day.Day(), 7, 30, 0, 0, portal.CST)
		chain := g.chains[m%len(g.chains)]
		// The chains take turns; each turn of a chain goes to the next host district.
		series := g.seriesOf(m/len(g.chains)%g.nHosts, m%len(g.chains))
		status := "closed"
		switch {
		case starts.After(g.now.Add(14 * 24 * time.Hour)):
			status = "draft"
		case starts.After(g.now):
			status = "published"
		case starts.After(g.now.Add(-10 * 24 * time.Hour)):
			status = "held"
		case r.IntN(40) == 0:
			status = "cancelled"
		}
		pool := g.chainEnterprises[chain]
		n := min(30, len(pool))
		invitees := make([]int64, 0, n)
		for _, k := range r.Perm(len(pool))[:n] {
			invitees = append(invitees, pool[k])
		}
		sm := seedMeeting{id: int64(m + 1), chain: chain, series: series, starts: starts, status: status, invitees: invitees,
			accepted: n * (8 + r.IntN(3)) / 10}
		if status == "draft" {
			sm.invitees, sm.accepted = nil, 0
		}
		g.meetings = append(g.meetings, sm)
		g.firstInvitation = append(g.firstInvitation, inv)
		inv += int64(len(sm.invitees))
		if status == "held" || status == "closed" {
			g.heldMeetings = append(g.heldMeetings, m)
		}
	}
}

// rows adapts a generator of n rows to pgx.CopyFromSource.
type seedRows struct {
	next func() ([]any, bool)
	row  []any
}

func (s *seedRows) Next() bool {
	var ok bool
	s.row, ok = s.next()
	return ok
}
func (s *seedRows) Values() ([]any, error) { return s.row, nil }
func (s *seedRows) Err() error             { return nil }

// each yields the rows fn makes for i = 0..n-1; fn may return several rows for one i.
func each(n int, fn func(i int) [][]any) pgx.CopyFromSource {
	i := 0
	var pending [][]any
	return &seedRows{next: func() ([]any, bool) {
		for len(pending) == 0 {
			if i >= n {
				return nil, false
			}
			pending = fn(i)
			i++
		}
		row := pending[0]
		pending = pending[1:]
		return row, true
	}}
}

func (g *seedGen) enterpriseName(e int) string {
	w := seedCompanyWords
	name := w[e%len(w)] + w[(e/len(w))%len(w)] + seedCompanyKinds[(e/7)%len(seedCompanyKinds)] +
		seedCompanySuffix[e%len(seedCompanySuffix)]
	if e >= len(w)*len(w) {
		name += "（" + strconv.Itoa(e/(len(w)*len(w))) + "）" // names repeat after every pair of words
	}
	return name
}

func (g *seedGen) enterpriseRows() pgx.CopyFromSource {
	return each(g.nEnterprises, func(e int) [][]any {
		r := g.rng(1, uint64(e))
		created := g.now.Add(-g.span - 30*24*time.Hour - time.Duration(r.Int64N(int64(365*24*time.Hour))))
		status := "verified"
		var reviewed *time.Time
		switch x := r.IntN(100); {
		case x < 3:
			status = "pending"
		case x < 4:
			status = "rejected"
		}
		if status != "pending" {
			t := created.Add(48 * time.Hour)
			reviewed = &t
		}
		if int64(e+1) == g.benchEnterprise {
			status, reviewed = "verified", &created
		}
		scale := "above"
		if r.IntN(3) == 0 {
			scale = "below"
		}
		output := math.Round(r.Float64()*50000*100) / 100
		return [][]any{{int64(e + 1), g.enterpriseName(e), DemoUSCC(e + 1), scale, output, r.IntN(4) == 0,
			seedDistricts[e%len(seedDistricts)] + "科技大道 " + strconv.Itoa(100+e%900) + " 号", demoParks[e%len(demoParks)],
			demoPerson(e), status, reviewed, created, created, created}}
	})
}

func (g *seedGen) enterpriseChainRows() pgx.CopyFromSource {
	return each(g.nEnterprises, func(e int) [][]any {
		var out [][]any
		for _, c := range g.enterpriseChains[e] {
			out = append(out, []any{int64(e + 1), c})
		}
		return out
	})
}

func (g *seedGen) contactRows() pgx.CopyFromSource {
	return each(g.nEnterprises, func(e int) [][]any {
		return [][]any{{int64(e + 1), int32(0), demoPerson(e + 7), demoTitles[e%len(demoTitles)], fmt.Sprintf("138%08d", e)}}
	})
}

func (g *seedGen) meetingRows() pgx.CopyFromSource {
	return each(len(g.meetings), func(m int) [][]any {
		sm := g.meetings[m]
		name := seedChainNames[(sm.chain-g.chains[0])%int64(len(seedChainNames))]
		theme := fmt.Sprintf("%s产业链政企早餐会（%d年%d月）", name, sm.starts.Year(), sm.starts.Month())
		var reason, summary string
		var minutes *time.Time
		if sm.status == "cancelled" {
			reason = "领导临时公务，会议改期。"
		}
		if sm.status == "closed" {
			summary = "会上企业家反映诉求 " + strconv.Itoa(8+m%10) + " 项，已现场交办。"
			t := sm.starts.Add(26 * time.Hour)
			minutes = &t
		}
		created := sm.starts.Add(-20 * 24 * time.Hour)
		return [][]any{{sm.id, sm.series, theme, sm.starts, sm.starts.Add(90 * time.Minute), "区行政中心 3 楼第一会议室", sm.chain,
			demoPerson(int(sm.chain)), "副区长", int32(30), int32(2), "一、企业家发言；\n二、部门现场答复。", sm.status, reason, summary,
			minutes, g.officials[m%len(g.officials)], created, created}}
	})
}

func (g *seedGen) meetingDepartmentRows() pgx.CopyFromSource {
	return each(len(g.meetings), func(m int) [][]any {
		sm := g.meetings[m]
		var out [][]any
		seen := map[int64]bool{}
		for k := range 5 {
			d := g.departments[(m*3+k*7)%len(g.departments)]
			if !seen[d] {
				seen[d] = true
				out = append(out, []any{sm.id, d, sm.status == "closed"})
			}
		}
		return out
	})
}

func (g *seedGen) invitationRows() pgx.CopyFromSource {
	return each(len(g.meetings), func(m int) [][]any {
		sm := g.meetings[m]
		r := g.rng(3, uint64(m))
		var out [][]any
		invited := sm.starts.Add(-14 * 24 * time.Hour)
		for k, e := range sm.invitees {
			status := "accepted"
			var replied *time.Time
			t := invited.Add(time.Duration(1+r.IntN(72)) * time.Hour)
			switch {
			case k < sm.accepted:
				replied = &t
			case sm.status == "published" && r.IntN(2) == 0:
				status = "invited"
			case r.IntN(3) == 0:
				status = "waitlisted"
			default:
				status, replied = "declined", &t
			}
			out = append(out, []any{g.firstInvitation[m] + int64(k), sm.id, e, status, "official", invited, replied,
				g.officials[0], invited, invited})
		}
		return out
	})
}

func (g *seedGen) attendeeRows() pgx.CopyFromSource {
	return each(len(g.meetings), func(m int) [][]any {
		sm := g.meetings[m]
		r := g.rng(4, uint64(m))
		var out [][]any
		for k := range sm.accepted {
			e := sm.invitees[k]
			inv := g.firstInvitation[m] + int64(k)
			var checked *time.Time
			if (sm.status == "held" || sm.status == "closed") && r.IntN(10) != 0 {
				t := sm.starts.Add(-time.Duration(r.IntN(30)) * time.Minute)
				checked = &t
			}
			// Every enterprise sends its head, one in five a second person.
			people := 1
			if r.IntN(5) == 0 {
				people = 2
			}
			for p := range people {
				n := int(e)*3 + p
				out = append(out, []any{sm.id, inv, e, demoPerson(n), demoTitles[n%len(demoTitles)], fmt.Sprintf("139%08d", n),
					fmt.Sprintf("%c%c%05d", 'A'+rune(k%26), 'A'+rune(p), k), checked, sm.starts.Add(-7 * 24 * time.Hour)})
			}
		}
		return out
	})
}

// seedDemand is the story of one demand, decided by its number alone.
type seedDemand struct {
	id                                          int64
	enterprise                                  int64
	meeting                                     *int64
	category                                    int64
	status                                      portal.DemandStatus
	lead                                        *int64
	co                                          []int64
	limit                                       *int32
	created, updated                            time.Time
	assigned, answered, rated, closed           *time.Time
	deadline                                    *time.Time
	rating                                      *string
	supervised, confidential, recorded, pending bool
	priority                                    string
	mergedInto                                  *int64
	version                                     int32
	r                                           *rand.Rand
}

func pick(r *rand.Rand, weights []float64) int {
	var sum float64
	for _, w := range weights {
		sum += w
	}
	x := r.Float64() * sum
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

var seedStatuses = []portal.DemandStatus{portal.DemandSubmitted, portal.DemandAssigned, portal.DemandInProgress,
	portal.DemandAnswered, portal.DemandClosed, portal.DemandRejected, portal.DemandMerged, portal.DemandReturned,
	portal.DemandReopened}

// statusWeights: how likely each of seedStatuses is for a demand of that age.
func statusWeights(age time.Duration) []float64 {
	days := age.Hours() / 24
	switch {
	case days < 3:
		return []float64{60, 28, 2, 0, 0, 5, 4, 1, 0}
	case days < 30:
		return []float64{4, 20, 38, 16, 12, 4, 2, 2, 2}
	case days < 180:
		return []float64{0.2, 1, 3, 8, 78, 5, 2, 0.3, 1}
	}
	return []float64{0, 0.1, 0.2, 0.3, 90.5, 5.5, 3, 0.1, 0.3}
}

// origin decides where and when the n-th generated demand was raised, drawing first from
// its random stream r.
func (g *seedGen) origin(r *rand.Rand, d *seedDemand) {
	// Ages: more demands in recent years (the portal spreads), density rising linearly.
	age := time.Duration((1 - math.Sqrt(r.Float64())) * float64(g.span))
	if r.IntN(10) < 6 && len(g.heldMeetings) > 0 {
		// Raised at a held meeting by an invited enterprise; the newer meetings more likely.
		k := g.heldMeetings[len(g.heldMeetings)-1-int(float64(len(g.heldMeetings))*(1-math.Sqrt(r.Float64())))%len(g.heldMeetings)]
		sm := g.meetings[k]
		if sm.accepted > 0 {
			id := sm.id
			d.meeting = &id
			d.enterprise = sm.invitees[r.IntN(sm.accepted)]
			d.created = sm.starts.Add(time.Duration(60+r.IntN(600)) * time.Minute)
			d.recorded = true
		}
	}
	if d.meeting == nil {
		d.enterprise = int64(1 + r.IntN(g.nEnterprises))
		d.created = g.now.Add(-age - time.Duration(r.IntN(3600))*time.Second)
	}
	if d.created.After(g.now) {
		d.created = g.now.Add(-time.Minute)
	}
}

// orderDemands numbers the generated demands by creation time, as a live database numbers
// them: ids and created_at grow together, so the rows of a time range sit together on disk.
func (g *seedGen) orderDemands() {
	created := make([]int64, g.opts.Demands)
	g.order = make([]int32, g.opts.Demands)
	for n := range g.opts.Demands {
		var d seedDemand
		g.origin(g.rng(5, uint64(n)), &d)
		created[n] = d.created.UnixNano()
		g.order[n] = int32(n)
	}
	slices.SortStableFunc(g.order, func(a, b int32) int { return cmp.Compare(created[a], created[b]) })
}

// demand is the demand with id k+1: the generated demand order[k].
func (g *seedGen) demand(k int) seedDemand {
	n := int(g.order[k])
	r := g.rng(5, uint64(n))
	d := seedDemand{id: int64(k + 1), r: r, version: 1, priority: "normal"}
	g.origin(r, &d)
	d.category = g.categories[pick(r, g.catWeights)]
	switch x := r.IntN(100); {
	case x < 5:
		d.priority = "urgent"
	case x < 20:
		d.priority = "high"
	}
	d.confidential = r.IntN(20) == 0
	d.status = seedStatuses[pick(r, statusWeights(g.now.Sub(d.created)))]
	hour := time.Hour
	at := d.created
	later := func(minH, maxH int) time.Time {
		at = at.Add(time.Duration(minH)*hour + time.Duration(r.Int64N(int64(maxH-minH)*int64(hour)+1)))
		if at.After(g.now) {
			at = g.now.Add(-time.Duration(r.IntN(600)) * time.Second)
		}
		return at
	}
	switch d.status {
	case portal.DemandSubmitted, portal.DemandRejected:
	case portal.DemandMerged:
		if k > 0 {
			into := int64(1 + r.IntN(k)) // an earlier demand
			d.mergedInto = &into
		} else {
			d.status = portal.DemandRejected
		}
	default:
		lead := g.departments[pick(r, g.deptWeights)]
		d.lead = &lead
		if x := r.IntN(10); x < 4 {
			for k := 0; k <= x/3; k++ {
				co := g.departments[r.IntN(len(g.departments))]
				if co != lead && (len(d.co) == 0 || d.co[0] != co) {
					d.co = append(d.co, co)
				}
			}
		}
		limit := []int32{10, 15, 20, 30}[r.IntN(4)]
		d.limit = &limit
		assigned := later(2, 72)
		d.assigned = &assigned
		day := assigned.In(portal.CST)
		deadline := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(limit)*7/5)
		d.deadline = &deadline
		d.version += 2
		if d.status == portal.DemandAnswered || d.status == portal.DemandClosed || d.status == portal.DemandReopened {
			// Three in four answers come by the deadline.
			span := float64(limit) * 7 / 5 * 24 * (0.3 + r.Float64()*1.0)
			answered := later(int(span*0.8), int(span)+1)
			d.answered = &answered
			d.version += 2
			if d.status != portal.DemandAnswered {
				rated := later(24, 24*12)
				switch x := r.IntN(100); {
				case d.status == portal.DemandReopened:
					s := "unsatisfied"
					d.rating, d.rated = &s, &rated
				case x < 70:
					s := "satisfied"
					d.rating, d.rated = &s, &rated
				case x < 92:
					s := "basically"
					d.rating, d.rated = &s, &rated
				}
				if d.status == portal.DemandClosed {
					d.closed = &rated
				}
				d.version++
			}
		} else if d.status == portal.DemandInProgress {
			later(4, 48)
			d.version++
		}
		overdue := d.status.HasDeadline() && d.deadline.Before(g.now)
		d.supervised = r.IntN(100) < 2 || overdue && r.IntN(5) == 0
		d.pending = d.status.HasDeadline() && r.IntN(100) == 0
	}
	d.updated = at
	return d
}

func (g *seedGen) title(d seedDemand) string {
	r := rand.New(rand.NewPCG(uint64(d.id), 7))
	return seedTitleParts[0][r.IntN(len(seedTitleParts[0]))] + seedTitleParts[1][r.IntN(len(seedTitleParts[1]))] +
		"问题（" + g.categoryCodes[(d.category-g.categories[0])%int64(len(g.categoryCodes))] + "-" + strconv.FormatInt(d.id, 36) + "）"
}

func (g *seedGen) description(d seedDemand) string {
	r := rand.New(rand.NewPCG(uint64(d.id), 8))
	var b strings.Builder
	for range 2 + r.IntN(3) {
		b.WriteString(seedSentences[r.IntN(len(seedSentences))])
	}
	return b.String()
}

func dateOrNil(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.Format("2006-01-02")
}

func (g *seedGen) demandRows() pgx.CopyFromSource {
	return each(g.opts.Demands, func(n int) [][]any {
		d := g.demand(n)
		var answer, comment, supNote, reject string
		if d.answered != nil {
			answer = seedAnswers[n%len(seedAnswers)]
		}
		if d.rating != nil && *d.rating != "satisfied" {
			comment = "希望进一步跟进落实。"
		}
		if d.supervised {
			supNote = "逾期未办结，列入督办。"
		}
		if d.status == portal.DemandRejected {
			reject = "不属于政府职责范围，建议通过市场途径解决。"
		}
		var submitter any = g.officials[n%len(g.officials)]
		if !d.recorded {
			submitter = nil
		}
		return [][]any{{d.id, d.enterprise, d.meeting, d.category, g.title(d), g.description(d), "希望尽快协调解决。",
			d.confidential, string(d.status), d.priority, d.lead, d.limit, d.assigned, dateOrNil(d.deadline),
			answer, d.answered, d.rating, comment, d.rated, d.closed, d.supervised, supNote,
			d.mergedInto, reject, submitter, d.recorded, d.version, d.created, d.updated}}
	})
}

func (g *seedGen) coDepartmentRows() pgx.CopyFromSource {
	return each(g.opts.Demands, func(n int) [][]any {
		d := g.demand(n)
		out := make([][]any, 0, len(d.co))
		for _, c := range d.co {
			out = append(out, []any{d.id, c, string(d.status)})
		}
		return out
	})
}

func (g *seedGen) extensionRows() pgx.CopyFromSource {
	return each(g.opts.Demands, func(n int) [][]any {
		d := g.demand(n)
		if !d.pending {
			return nil
		}
		return [][]any{{d.id, g.departmentStaff[*d.lead], d.updated, int32(5), "需协调上级部门，申请延长办理时限。", "pending", nil, nil}}
	})
}

// eventRows are each demand's timeline: submission, then one row per step of its story.
func (g *seedGen) eventRows() pgx.CopyFromSource {
	return each(g.opts.Demands, func(n int) [][]any {
		d := g.demand(n)
		official := g.officials[n%len(g.officials)]
		out := [][]any{{d.id, d.created, nil, "submit", nil, string(portal.DemandSubmitted), ""}}
		add := func(at time.Time, actor any, action string, from, to portal.DemandStatus, note string) {
			var toArg any = string(to)
			if to == "" {
				toArg = nil
			}
			out = append(out, []any{d.id, at, actor, action, string(from), toArg, note})
		}
		switch d.status {
		case portal.DemandRejected:
			add(d.created.Add(5*time.Hour), official, "reject", portal.DemandSubmitted, portal.DemandRejected, "不属于政府职责范围。")
			return out
		case portal.DemandMerged:
			add(d.created.Add(5*time.Hour), official, "merge", portal.DemandSubmitted, portal.DemandMerged, "重复诉求，合并办理。")
			return out
		case portal.DemandSubmitted:
			return out
		}
		staff := g.departmentStaff[*d.lead]
		add(*d.assigned, official, "assign", portal.DemandSubmitted, portal.DemandAssigned, "请按时限办理。")
		if d.status == portal.DemandReturned {
			add(d.updated, staff, "return", portal.DemandAssigned, portal.DemandReturned, "不属于本单位职责。")
			return out
		}
		if d.status == portal.DemandAssigned {
			return out
		}
		started := d.assigned.Add(20 * time.Hour)
		if started.After(g.now) {
			started = g.now.Add(-time.Minute)
		}
		add(started, staff, "start", portal.DemandAssigned, portal.DemandInProgress, "")
		add(started.Add(time.Hour), staff, "note", portal.DemandInProgress, "", "已对接企业，正在研究解决方案。")
		if d.answered == nil {
			return out
		}
		add(*d.answered, staff, "answer", portal.DemandInProgress, portal.DemandAnswered, seedAnswers[n%len(seedAnswers)])
		switch {
		case d.rated != nil && d.status == portal.DemandReopened:
			add(*d.rated, nil, "rate", portal.DemandAnswered, portal.DemandReopened, "不满意：问题仍未解决。")
		case d.rated != nil:
			add(*d.rated, nil, "rate", portal.DemandAnswered, portal.DemandClosed, "")
		case d.closed != nil:
			add(*d.closed, official, "close_unrated", portal.DemandAnswered, portal.DemandClosed, "评价期已过。")
		}
		return out
	})
}
