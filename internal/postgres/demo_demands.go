package postgres

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"breakfast/internal/portal"
	"breakfast/internal/workdays"

	"github.com/jackc/pgx/v5"
)

// demoDemand is one demand of the demo data set and the story it has lived so far.
type demoDemand struct {
	enterprise string
	category   string // demand_categories.code
	title      string
	desc       string
	expected   string
	lead       string   // department name; "" for none
	co         []string // department names
	limit      int      // working days; 0 for a deadline two working days from now
	priority   portal.Priority
	story      string // see loadDemoDemands
	online     bool   // submitted online by the entrepreneur, not recorded at the meeting
	noMeeting  bool   // raised outside any meeting
	conf       bool
	answer     string
	comment    string // the enterprise's rating comment
	note       string // a reason (reject, return), a progress note or a supervision note
	extension  string // "approved" or "pending"
	mergeInto  int    // index of the demand a merged one duplicates
}

// demoDemands are the demands raised at last month's new-energy-vehicle breakfast (and a few
// online), in every state of the loop. The stories (see loadDemoDemands): submitted, assigned,
// progress, overdue, answered, answered_old (rating window passed), satisfied, basically,
// reopened (不满意 → supervised), rejected, merged, returned.
var demoDemands = []demoDemand{
	// 0–4: 星途新能源汽车 (the demo entrepreneur demo-ent).
	{enterprise: "星途新能源汽车股份有限公司", category: "approvals", title: "新建厂房竣工验收周期长，希望并联审批",
		desc:     "公司二期总装厂房已于上月完工，竣工验收涉及规划核实、消防验收、人防、档案等多个环节，目前按顺序逐项办理，预计需 3 个月以上，影响新车型按期投产。",
		expected: "希望推行联合验收、并联审批，一个月内完成竣工验收。", lead: "行政审批局", co: []string{"住房和城乡建设局", "自然资源和规划局"},
		limit: 15, priority: portal.PriorityHigh, story: "answered",
		answer: "经行政审批局牵头协调，已将贵公司二期总装厂房纳入“联合验收”试点：规划核实、消防验收、人防验收和档案验收由住建局统一受理、同步开展，现场踏勘一次完成。" +
			"贵公司材料已于本周一齐全受理，联合验收定于下周三进行，预计 5 个工作日内出具联合验收意见书。联系人：审批局周科长 0571-87010008。"},
	{enterprise: "星途新能源汽车股份有限公司", category: "utilities", title: "申请增加 10 千伏专线用电容量",
		desc:     "新增电池包装配线和充电测试线后，现有 2×1600 千伏安容量不足，高峰时段多次跳闸。",
		expected: "希望增容至 2×2500 千伏安并新建 10 千伏专线，年底前送电。", lead: "供电公司", co: []string{"发展和改革委员会"},
		limit: 20, priority: portal.PriorityUrgent, story: "satisfied",
		answer:  "供电公司已完成现场勘查，增容方案（新建 10 千伏专线 1.8 公里，增容至 2×2500 千伏安）已批复，施工已进场，计划 12 月 20 日前送电。期间高峰时段安排临时发电车保障。",
		comment: "供电公司上门服务，方案清楚、进度很快，非常满意。"},
	{enterprise: "星途新能源汽车股份有限公司", category: "land", title: "二期项目用地指标",
		desc:     "公司计划建设年产 10 万台电驱动总成的二期项目，需新增工业用地约 120 亩，目前园区内无可用指标。",
		expected: "希望明年上半年完成土地出让。", lead: "自然资源和规划局", co: []string{"发展和改革委员会", "工业和信息化局"},
		limit: 0, priority: portal.PriorityHigh, story: "progress", note: "已梳理园区东区两宗储备地块（合计 136 亩），正在对接市局调剂用地指标。"},
	{enterprise: "星途新能源汽车股份有限公司", category: "talent", title: "高技能人才公寓申请",
		desc:     "公司今年新引进高级技师、工程师 46 人，周边租房难、通勤远，希望申请区人才公寓。",
		expected: "希望分配人才公寓 30 套。", story: "submitted", online: true, noMeeting: true},
	{enterprise: "星途新能源汽车股份有限公司", category: "policy", title: "新能源汽车下乡活动补贴申报口径咨询",
		desc:     "公司参加了省里组织的新能源汽车下乡活动，想了解区级配套补贴的申报条件、时间和需要提交的材料。",
		expected: "希望给出书面申报指引。", lead: "商务局", limit: 10, story: "satisfied",
		answer:  "区级配套补贴按车辆销售发票和上牌信息申报，每季度末受理一次，申报指引和表格已发至贵公司邮箱，商务局吴静负责解答。",
		comment: "答复及时。"},

	// 5–39: the other enterprises at the table.
	{enterprise: "远航动力电池科技有限公司", category: "funding", title: "专精特新企业贷款贴息政策咨询",
		desc: "公司去年获评省级专精特新企业，今年新增技改贷款 8000 万元，想了解区里的贷款贴息政策。", expected: "希望明确贴息比例和申报时间。",
		lead: "金融工作办公室", co: []string{"工业和信息化局"}, limit: 10, story: "basically",
		answer:  "专精特新企业技改贷款可按贷款市场报价利率的 50% 给予贴息，单个企业每年最高 200 万元，每年 3 月集中申报。金融办已将贵公司纳入今年的预审名单。",
		comment: "政策讲清楚了，但希望贴息上限能再提高。"},
	{enterprise: "恒驰电驱动系统有限公司", category: "market", title: "希望推荐产品进入本地整车企业供应链",
		desc: "公司扁线电机已通过多家车企验证，希望区里组织与本地整车企业的供需对接。", expected: "组织一次专场对接会。",
		lead: "工业和信息化局", co: []string{"商务局"}, limit: 20, story: "progress", note: "已与两家整车企业采购部门沟通，对接会初定下月中旬召开。"},
	{enterprise: "智行充电科技有限公司", category: "approvals", title: "充电桩进小区审批难",
		desc:     "公司在区内 12 个老旧小区推进公共充电桩建设，物业和业委会以消防安全为由不同意，街道也没有明确的审批流程。",
		expected: "希望明确老旧小区充电桩建设的审批流程和责任部门。", lead: "住房和城乡建设局", co: []string{"供电公司"},
		limit: 15, priority: portal.PriorityHigh, story: "reopened",
		answer:  "住建局已发文要求物业企业配合充电设施建设，请企业与各小区物业协商。",
		comment: "答复只是转发文件，12 个小区仍然一个都没落地，问题没有解决。"},
	{enterprise: "蓝鲸汽车零部件有限公司", category: "utilities", title: "厂区天然气管道接入进度慢",
		desc: "公司涂装线需使用天然气，报装已三个月，管道仍未接入，目前使用液化气成本高、有安全隐患。", expected: "希望一个月内完成通气。",
		lead: "住房和城乡建设局", limit: 10, priority: portal.PriorityHigh, story: "overdue",
		note: "请住建局督促燃气公司倒排工期，本周内报送通气计划。"},
	{enterprise: "锦程新能源客车有限公司", category: "market", title: "新能源公交车更新采购希望支持本地产品",
		desc: "区里明年将更新一批公交车，公司产品已进入省推荐目录，希望在同等条件下优先考虑本地产品。", expected: "参与公交车更新采购。",
		story: "submitted", online: true},
	{enterprise: "华锂新材料科技有限公司", category: "approvals", title: "危化品仓库扩建审批",
		desc: "电解液原料仓库需扩建，涉及危化品仓储许可、安全评价和环评，企业对办理顺序不清楚。", expected: "希望提供一站式指导。",
		lead: "行政审批局", co: []string{"市场监督管理局"}, limit: 20, story: "assigned"},
	{enterprise: "天枢自动驾驶科技有限公司", category: "policy", title: "申请开放自动驾驶测试道路",
		desc: "公司 L4 级自动驾驶车辆需要开放道路测试，目前区内仅有 5 公里测试道路。", expected: "希望新增 30 公里测试道路并覆盖园区主干道。",
		lead: "工业和信息化局", co: []string{"科学技术局"}, limit: 15, story: "progress", extension: "approved",
		note: "已会同交警部门完成 22 公里候选道路的安全评估。"},
	{enterprise: "安途汽车电子有限公司", category: "talent", title: "研发人员子女入学安排",
		desc: "公司引进的 8 名研发骨干子女面临入学问题，希望按人才政策协调就近入学。", expected: "9 月开学前落实学位。",
		lead: "人力资源和社会保障局", limit: 20, story: "assigned", conf: true},
	{enterprise: "绿源换电科技有限公司", category: "land", title: "换电站建设用地规划许可",
		desc: "公司计划在区内建设 6 座重卡换电站，其中 3 座选址在城市道路附属用地，规划许可办理无先例。", expected: "明确规划许可办理路径。",
		lead: "自然资源和规划局", co: []string{"供电公司"}, limit: 10, story: "overdue", priority: portal.PriorityHigh,
		note: "已超期，请资规局本周内给出明确意见并报区府办。"},
	{enterprise: "腾骏热管理系统有限公司", category: "funding", title: "技改项目设备补助资金拨付滞后",
		desc: "公司去年的智能化技改项目已通过验收，设备补助 320 万元至今未拨付。", expected: "年底前拨付到位。",
		lead: "工业和信息化局", co: []string{"发展和改革委员会"}, limit: 10, story: "answered",
		answer: "经核查，贵公司技改补助已列入第三批资金计划，财政已于本月 5 日完成审核，预计 10 个工作日内拨付到企业账户。"},
	{enterprise: "鼎力电机制造有限公司", category: "utilities", title: "高峰时段限电影响生产",
		desc: "今夏高峰时段公司被列入有序用电名单，每周限电两天，订单交付受影响。", expected: "调整有序用电安排。",
		lead: "供电公司", limit: 10, story: "satisfied",
		answer:  "已根据贵公司产值能耗水平将其调整至有序用电保障类名单，高峰时段不再安排限电，并为贵公司配置了需求响应补贴。",
		comment: "问题彻底解决了，感谢！"},
	{enterprise: "明德汽车轻量化科技有限公司", category: "approvals", title: "新产品 3C 认证咨询",
		desc: "公司新开发的铝合金电池托盘需要办理认证，希望了解认证流程和检测机构。", expected: "给出认证指引。",
		lead: "市场监督管理局", limit: 10, story: "satisfied",
		answer:  "电池托盘不属于 3C 强制认证目录，可自愿申请产品认证；市场监管局已推荐两家省级检测机构并协调缩短排期。",
		comment: "很专业。"},
	{enterprise: "极光储能电池有限公司", category: "policy", title: "工商业储能项目并网政策",
		desc: "公司在园区建设 5 兆瓦时工商业储能项目，并网接入和峰谷电价结算规则不清楚。", expected: "明确并网流程和结算办法。",
		lead: "供电公司", co: []string{"发展和改革委员会"}, limit: 15, story: "progress", extension: "pending",
		note: "并网方案已初审，正在等待省公司调度意见。"},
	{enterprise: "驰骋汽车座椅有限公司", category: "talent", title: "一线技术工人招工难",
		desc: "公司年底前需新增缝纫、焊接等一线工人 200 名，目前缺口 120 人。", expected: "组织专场招聘会。",
		lead: "人力资源和社会保障局", limit: 15, story: "basically",
		answer:  "人社局已于上周在区人力资源市场举办新能源汽车产业专场招聘会，贵公司现场达成意向 76 人，并将对接职业院校开展订单式培养。",
		comment: "招聘会效果不错，缺口还有一些。"},
	{enterprise: "凯越车身结构件有限公司", category: "land", title: "厂区门口断头路打通",
		desc: "厂区南侧规划道路至今未打通，货车需绕行 3 公里，多次发生拥堵。", expected: "明年内打通道路。",
		lead: "住房和城乡建设局", co: []string{"自然资源和规划局"}, limit: 0, story: "assigned"},
	{enterprise: "华纬汽车线束有限公司", category: "funding", title: "出口退税办理进度慢",
		desc: "公司出口业务增长较快，退税资金占用近 2000 万元，希望加快办理。", expected: "缩短退税办理时间。",
		lead: "税务局", limit: 10, story: "satisfied",
		answer:  "已将贵公司纳入出口退税一类企业管理，正常退税 3 个工作日内办结，本月积压的 1860 万元已全部退付。",
		comment: "退税到账了，满意。"},
	{enterprise: "精锐电控科技有限公司", category: "market", title: "希望政府出面协调降低上游芯片价格",
		desc: "车规级芯片价格上涨 30%，希望政府协调供应商降价。", expected: "芯片采购价格回落。",
		story: "rejected", note: "芯片价格属市场行为，政府不宜干预定价。可参加工信局组织的车规芯片供需对接和集中采购，已将贵公司列入下次对接名单。"},
	{enterprise: "速充电源设备有限公司", category: "approvals", title: "充电设备产品质量检测排期长",
		desc: "新款 480 千瓦液冷超充设备需做型式试验，省检测院排期 4 个月。", expected: "协调缩短排期。",
		lead: "市场监督管理局", limit: 10, story: "answered_old",
		answer: "市场监管局已协调省检测院将贵公司样品插入本月检测计划，预计 20 个工作日内出具报告。"},
	{enterprise: "卓越车载显示有限公司", category: "funding", title: "首台套保险补偿申报",
		desc: "公司车载曲面屏生产线装备被认定为省首台套，希望申报保险补偿。", expected: "指导完成申报。",
		lead: "工业和信息化局", limit: 20, story: "assigned"},
	{enterprise: "领航激光雷达科技有限公司", category: "talent", title: "高层次人才认定",
		desc: "公司 3 名海外引进的激光雷达专家希望申请区高层次人才认定，享受住房补贴。", expected: "年内完成认定。",
		lead: "人力资源和社会保障局", co: []string{"科学技术局"}, limit: 20, story: "progress", note: "材料已初审通过，提交区人才办评审。"},
	{enterprise: "宏达汽车模具有限公司", category: "land", title: "厂房屋顶分布式光伏并网",
		desc: "公司 3 万平方米厂房屋顶建设分布式光伏，并网申请受理后一直无进展。", expected: "尽快并网发电。",
		lead: "自然资源和规划局", limit: 15, story: "returned",
		note: "分布式光伏并网由供电公司受理，不属于本局职责，请重新交办。"},
	{enterprise: "新纪元氢能科技有限公司", category: "policy", title: "加氢站建设审批主管部门不明确",
		desc: "公司计划建设一座 500 公斤级加氢站，涉及燃气、危化品、规划多个部门，主管部门不明确。", expected: "明确牵头部门。",
		lead: "发展和改革委员会", co: []string{"住房和城乡建设局", "行政审批局"}, limit: 20, story: "progress", priority: portal.PriorityHigh,
		note: "已起草加氢站建设管理办法（征求意见稿），明确住建局为行业主管部门。"},
	{enterprise: "北辰智能座舱有限公司", category: "funding", title: "研发费用加计扣除政策辅导",
		desc: "公司今年研发投入大幅增加，对研发费用归集和加计扣除口径把握不准。", expected: "上门辅导。",
		lead: "税务局", co: []string{"科学技术局"}, limit: 10, story: "satisfied",
		answer: "税务局已两次上门辅导，协助完成研发费用辅助账的规范设置，预计可享受加计扣除 1200 万元。", comment: "辅导非常细致。"},
	{enterprise: "东润汽车玻璃有限公司", category: "utilities", title: "工业用水水压不足",
		desc: "厂区地势较高，用水高峰时水压不足，影响钢化炉冷却。", expected: "增设加压设施。",
		lead: "住房和城乡建设局", limit: 20, story: "progress", note: "已委托供水公司完成管网测压，拟在厂区北侧增设加压泵站。"},
	{enterprise: "博远底盘系统有限公司", category: "approvals", title: "企业投资项目备案变更",
		desc: "项目建设内容调整，需变更投资项目备案，网上系统无法修改。", expected: "完成备案变更。",
		lead: "发展和改革委员会", limit: 5, story: "satisfied",
		answer: "已在投资项目在线审批监管平台为贵公司开通变更通道，备案变更已于当日办结。", comment: "当天就办好了。"},
	{enterprise: "华通车联网科技有限公司", category: "market", title: "车联网数据出境安全评估辅导",
		desc: "公司为海外车企提供车联网服务，涉及数据出境，需要开展安全评估。", expected: "提供评估辅导。",
		lead: "工业和信息化局", co: []string{"商务局"}, limit: 20, story: "progress", conf: true,
		note: "已联系省网信办，安排专家下周到企业辅导。"},
	{enterprise: "顺昌汽车轮毂有限公司", category: "land", title: "厂房加层规划审批",
		desc: "为扩大产能，公司拟在现有厂房上加建一层，需办理规划许可变更。", expected: "两个月内取得许可。",
		lead: "自然资源和规划局", limit: 20, story: "progress", note: "已完成容积率核算，符合控规要求，正在办理规划条件变更。"},
	{enterprise: "远景电驱桥有限公司", category: "land", title: "土地证分割办理",
		desc: "公司拟将部分厂房转让给配套企业，需分割办理不动产权证。", expected: "完成分割登记。",
		lead: "自然资源和规划局", limit: 10, story: "assigned"},
	{enterprise: "启明功率半导体有限公司", category: "utilities", title: "双回路供电改造",
		desc: "碳化硅芯片生产线对供电可靠性要求极高，目前为单回路供电，希望改造为双回路。", expected: "明年一季度完成改造。",
		lead: "供电公司", limit: 30, story: "assigned", priority: portal.PriorityUrgent},
	{enterprise: "智行充电科技有限公司", category: "utilities", title: "公共充电站电费结算方式",
		desc: "公司运营的公共充电站希望执行大工业电价和峰谷分时电价。", expected: "明确适用电价。",
		lead: "供电公司", limit: 10, story: "answered",
		answer: "按国家规定，经营性集中式充换电设施用电执行大工业电价，2025 年底前免收需量（容量）电费；供电公司已为贵公司 8 个站点办理电价变更，下月起执行。"},
	{enterprise: "速充电源设备有限公司", category: "approvals", title: "小区充电桩报装难",
		desc: "公司承接的小区充电桩项目报装时物业不出具同意证明。", expected: "协调物业配合。",
		story: "merged", mergeInto: 7},
	{enterprise: "蓝鲸汽车零部件有限公司", category: "other", title: "厂区周边公交线路调整",
		desc: "园区现有公交班次少，员工上下班不便，希望增开通勤公交线路。", expected: "增开早晚高峰班次。",
		story: "submitted", online: true},
	{enterprise: "恒驰电驱动系统有限公司", category: "funding", title: "企业上云补助申报",
		desc: "公司今年完成 ERP、MES 系统上云，希望申报企业上云补助。", expected: "完成补助申报。",
		lead: "工业和信息化局", limit: 20, story: "assigned"},
	{enterprise: "鼎力电机制造有限公司", category: "policy", title: "智能工厂认定标准咨询",
		desc: "公司拟申报市级智能工厂，对认定标准中的数字化指标不太清楚。", expected: "提供辅导。",
		lead: "工业和信息化局", limit: 0, story: "progress", note: "已发送认定标准解读材料，约定本周五上门辅导。"},
	{enterprise: "天枢自动驾驶科技有限公司", category: "talent", title: "外籍专家工作许可办理",
		desc: "公司两名外籍算法专家工作许可即将到期，续期材料要求不清楚。", expected: "按期完成续期。",
		story: "submitted", online: true},
}

// demoEvent is one entry of a demo demand's timeline.
type demoEvent struct {
	at       time.Time
	actor    *int64
	action   string
	from, to portal.DemandStatus
	note     string
}

// loadDemoDemands adds about forty demands raised at last month's held breakfast of the
// new-energy-vehicle series (most recorded by the official at the table, some submitted
// online by the enterprises), each with a timeline that matches its state: waiting for
// triage, assigned with deadlines counted in working days, in progress (some overdue and
// supervised, one with an extension approved, one with a request pending), answered and
// waiting for a rating, closed 满意 or 基本满意, reopened after 不满意 and supervised,
// rejected, merged, and returned by the wrong department.
func loadDemoDemands(ctx context.Context, tx pgx.Tx, _ string) error {
	var officialID, entUserID int64
	var heldID int64
	var heldStart time.Time
	if err := tx.QueryRow(ctx, `SELECT (SELECT id FROM users WHERE username = 'demo-official'),
			(SELECT id FROM users WHERE username = 'demo-ent'),
			m.id, m.starts_at
		FROM meetings m JOIN meeting_series s ON s.id = m.series_id
		WHERE s.name = '新能源汽车产业链企业家早餐会' AND m.status = 'held' ORDER BY m.starts_at DESC LIMIT 1`).
		Scan(&officialID, &entUserID, &heldID, &heldStart); err != nil {
		return fmt.Errorf("the held demo meeting: %w", err)
	}
	cal, err := demoCalendar(ctx, tx)
	if err != nil {
		return err
	}
	ids := map[string]int64{}
	for _, table := range []string{"enterprises", "departments", "demand_categories", "users"} {
		column := map[string]string{"enterprises": "name", "departments": "name", "demand_categories": "code", "users": "username"}[table]
		rows, err := tx.Query(ctx, `SELECT `+column+`, id FROM `+table)
		if err != nil {
			return err
		}
		for rows.Next() {
			var name string
			var id int64
			if err := rows.Scan(&name, &id); err != nil {
				rows.Close()
				return err
			}
			ids[table+":"+name] = id
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	need := func(kind, name string) (int64, error) {
		id, ok := ids[kind+":"+name]
		if !ok {
			return 0, fmt.Errorf("demo demands: no %s %q", kind, name)
		}
		return id, nil
	}
	// The department accounts act for their departments; other departments have none here.
	deptUser := map[string]*int64{}
	for username, dept := range map[string]string{"demo-gxj": "工业和信息化局", "demo-zgj": "自然资源和规划局", "demo-power": "供电公司"} {
		if id, ok := ids["users:"+username]; ok {
			deptUser[dept] = &id
		}
	}
	now := time.Now()
	at := func(d time.Time, hour, minute int) time.Time {
		d = d.In(portal.CST)
		return time.Date(d.Year(), d.Month(), d.Day(), hour, minute, 0, 0, portal.CST)
	}
	// Officials and departments work on working days: wd is the n-th working day after the
	// meeting, back the n-th working day before today.
	wd := func(n, hour, minute int) time.Time {
		d, _ := cal.AddWorkdays(heldStart, n)
		return at(d, hour, minute)
	}
	back := func(n, hour, minute int) time.Time {
		d := now
		for n > 0 {
			d = d.AddDate(0, 0, -1)
			if cal.IsWorkday(d) {
				n--
			}
		}
		return at(d, hour, minute)
	}
	// Never later than an hour ago: a timeline entry is never in the future.
	past := func(t time.Time) time.Time {
		if t.After(now.Add(-time.Hour)) {
			return now.Add(-time.Hour)
		}
		return t
	}
	official := &officialID
	ids2 := make([]int64, len(demoDemands))
	for i, dd := range demoDemands {
		entID, err := need("enterprises", dd.enterprise)
		if err != nil {
			return err
		}
		catID, err := need("demand_categories", dd.category)
		if err != nil {
			return err
		}
		var leadID *int64
		if dd.lead != "" {
			id, err := need("departments", dd.lead)
			if err != nil {
				return err
			}
			leadID = &id
		}
		var coIDs []int64
		for _, name := range dd.co {
			id, err := need("departments", name)
			if err != nil {
				return err
			}
			coIDs = append(coIDs, id)
		}
		// Who raised it: the entrepreneur online (demo-ent has an account; other enterprises'
		// online demands count as theirs without one), else the official at the table.
		var submitter, rater *int64
		if dd.enterprise == "星途新能源汽车股份有限公司" {
			rater = &entUserID
		}
		recorded := !dd.online
		if recorded {
			submitter = official
		} else {
			submitter = rater
		}
		dept := deptUser[dd.lead]
		created := heldStart.Add(time.Duration(40+i*3) * time.Minute)
		if dd.online {
			created = past(at(now.AddDate(0, 0, -1-i%3), 9+i%8, 10+i%40))
		}
		meetingID := &heldID
		if dd.noMeeting {
			meetingID = nil
		}
		var (
			events                  []demoEvent
			status                  = portal.DemandSubmitted
			assignedAt, answeredAt  *time.Time
			ratedAt, closedAt       *time.Time
			deadline                *time.Time
			unsure, supervised      bool
			supervisionNote         string
			rating                  *string
			answer, ratingComment   string
			rejectReason            string
			timeLimit               *int
			mergedInto              *int64
			version                 = 1
			extRequested, extDecide time.Time
			extDays                 int
		)
		add := func(at time.Time, actor *int64, action string, to portal.DemandStatus, note string) {
			at = past(at)
			events = append(events, demoEvent{at: at, actor: actor, action: action, from: status, to: to, note: note})
			if to != status {
				version++
			}
			status = to
		}
		add(created, submitter, "submit", portal.DemandSubmitted, "")
		events[0].from = ""

		assign := func(at time.Time) {
			at = past(at)
			limit := dd.limit
			if limit == 0 { // due within the next three working days
				limit = cal.WorkdaysBetween(at, now) + 2
			}
			d, u := cal.AddWorkdays(at, limit)
			assignedAt, deadline, unsure, timeLimit = &at, &d, u, &limit
			add(at, official, string(portal.DemandAssign), portal.DemandAssigned,
				fmt.Sprintf("请%s牵头办理，%d 个工作日内答复企业。", dd.lead, limit))
		}
		start := func(at time.Time) {
			add(at, dept, string(portal.DemandStart), portal.DemandInProgress, "")
		}
		note := func(at time.Time, text string) {
			if text != "" {
				add(at, dept, string(portal.WorkNote), status, text)
			}
		}
		answerIt := func(at time.Time) {
			at = past(at)
			answeredAt, answer = &at, dd.answer
			add(at, dept, string(portal.DemandAnswer), portal.DemandAnswered, dd.answer)
		}
		rate := func(at time.Time, r portal.Rating) {
			at = past(at)
			v := string(r)
			rating, ratedAt, ratingComment = &v, &at, dd.comment
			to := portal.DemandClosed
			if r == portal.RatingUnsatisfied {
				// Reopened: the same time limit again, from the reopening (DemandStore.Rate).
				to = portal.DemandReopened
				supervised, supervisionNote = true, dd.comment
				d, u := cal.AddWorkdays(at, *timeLimit)
				deadline, unsure = &d, u
			} else {
				closedAt = &at
			}
			add(at, rater, string(portal.DemandRate), to, dd.comment)
		}
		day1 := wd(1, 10, 15+i%40)
		switch dd.story {
		case "submitted":
		case "assigned":
			assign(day1)
		case "progress", "overdue":
			assign(day1)
			start(wd(2, 9, 30))
			if dd.story == "overdue" {
				// The department is stuck; the official flags it for supervision with dd.note.
				note(wd(7, 16, 0), "正在协调相关单位，尽快拿出解决方案。")
				supervised, supervisionNote = true, dd.note
				add(back(2, 9, 0), official, string(portal.WorkSupervise), status, dd.note)
				version++ // supervision changes the demand without a new state
			} else {
				note(wd(7, 16, 0), dd.note)
			}
			switch dd.extension {
			case "approved":
				extDays, extRequested, extDecide = 10, wd(12, 14, 0), wd(13, 9, 30)
				add(extRequested, dept, string(portal.WorkExtensionRequest), status,
					strconv.Itoa(extDays)+" · 涉及交警部门联合评估，需延长办理时限。")
				d, u := cal.AddWorkdays(*deadline, extDays)
				*timeLimit += extDays
				deadline, unsure = &d, u
				add(extDecide, official, string(portal.WorkExtensionApprove), status,
					"同意延期。\n"+strconv.Itoa(extDays)+" → "+d.Format("2006-01-02"))
				version++ // work that changes the demand bumps its version without a new state
			case "pending":
				extDays, extRequested = 5, back(1, 15, 0)
				add(extRequested, dept, string(portal.WorkExtensionRequest), status,
					strconv.Itoa(extDays)+" · 需等待省公司调度意见，申请延长 5 个工作日。")
				version++
			}
		case "answered", "answered_old", "satisfied", "basically", "reopened":
			assign(day1)
			start(wd(2, 9, 30))
			note(wd(4, 17, 0), dd.note)
			switch dd.story {
			case "answered":
				answerIt(back(3, 15, 20+i%30))
			case "answered_old":
				answerIt(wd(5, 11, 0))
			case "satisfied":
				answerIt(wd(8, 15, 0))
				rate(wd(10, 9, 40), portal.RatingSatisfied)
			case "basically":
				answerIt(wd(8, 15, 0))
				rate(wd(10, 9, 40), portal.RatingBasically)
			case "reopened":
				answerIt(wd(8, 15, 0))
				rate(wd(10, 9, 40), portal.RatingUnsatisfied)
				add(wd(12, 10, 0), dept, string(portal.WorkNote), status,
					"已约谈 12 个小区物业和街道，正逐个小区制定充电桩建设方案。")
			}
		case "rejected":
			rejectReason = dd.note
			add(day1, official, string(portal.DemandReject), portal.DemandRejected, dd.note)
		case "merged":
			target := ids2[dd.mergeInto]
			mergedInto = &target
			add(day1, official, string(portal.DemandMerge), portal.DemandMerged, "与第 "+strconv.FormatInt(target, 10)+" 号诉求重复，合并办理。")
		case "returned":
			assign(day1)
			add(wd(3, 11, 0), deptUser[dd.lead], string(portal.DemandReturn), portal.DemandReturned, dd.note)
		default:
			return fmt.Errorf("demo demand %q: unknown story %q", dd.title, dd.story)
		}
		var priority = dd.priority
		if priority == "" {
			priority = portal.PriorityNormal
		}
		var deadlineArg *string
		if deadline != nil {
			s := deadline.Format("2006-01-02")
			deadlineArg = &s
		}
		updated := events[len(events)-1].at
		var id int64
		if err := tx.QueryRow(ctx, `INSERT INTO demands (enterprise_id, meeting_id, category_id, title, description, expected_outcome,
				confidential, status, priority, lead_department_id, time_limit_days, assigned_at, deadline, deadline_unsure,
				answer, answered_at, rating, rating_comment, rated_at, closed_at, supervised, supervision_note, merged_into,
				reject_reason, submitted_by, recorded_by_official, version, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::date, $14, $15, $16, $17, $18, $19, $20, $21, $22,
				$23, $24, $25, $26, $27, $28, $29) RETURNING id`,
			entID, meetingID, catID, dd.title, dd.desc, dd.expected, dd.conf, status, priority, leadID, timeLimit,
			assignedAt, deadlineArg, unsure, answer, answeredAt, rating, ratingComment, ratedAt, closedAt, supervised,
			supervisionNote, mergedInto, rejectReason, submitter, recorded, version, created, updated).Scan(&id); err != nil {
			return fmt.Errorf("demo demand %q: %w", dd.title, err)
		}
		ids2[i] = id
		if len(coIDs) > 0 {
			if _, err := tx.Exec(ctx, `INSERT INTO demand_co_departments (demand_id, department_id) SELECT $1, unnest($2::bigint[])`,
				id, coIDs); err != nil {
				return err
			}
		}
		for _, ev := range events {
			if _, err := tx.Exec(ctx, `INSERT INTO demand_events (demand_id, at, actor_id, action, from_status, to_status, note)
				VALUES ($1, $2, $3, $4, nullif($5, ''), $6, $7)`, id, ev.at, ev.actor, ev.action, string(ev.from), string(ev.to), ev.note); err != nil {
				return err
			}
		}
		if mergedInto != nil {
			if _, err := tx.Exec(ctx, `INSERT INTO demand_events (demand_id, at, actor_id, action, from_status, to_status, note)
				SELECT $1, $2, $3, 'merged_from', e.to_status, e.to_status, $4 FROM demand_events e
				WHERE e.demand_id = $1 AND e.at <= $2 ORDER BY e.at DESC, e.id DESC LIMIT 1`,
				*mergedInto, past(day1), officialID, "#"+strconv.FormatInt(id, 10)+" "+dd.title); err != nil {
				return err
			}
		}
		switch {
		case dd.extension == "approved":
			if _, err := tx.Exec(ctx, `INSERT INTO demand_extensions (demand_id, requested_by, requested_at, extra_days, reason,
					status, decided_by, decided_at, decision_note)
				VALUES ($1, $2, $3, $4, '涉及交警部门联合评估，需延长办理时限。', 'approved', $5, $6, '同意延期。')`,
				id, deptUser[dd.lead], past(extRequested), extDays, officialID, past(extDecide)); err != nil {
				return err
			}
		case dd.extension == "pending":
			if _, err := tx.Exec(ctx, `INSERT INTO demand_extensions (demand_id, requested_by, requested_at, extra_days, reason)
				VALUES ($1, $2, $3, $4, '需等待省公司调度意见，申请延长 5 个工作日。')`,
				id, deptUser[dd.lead], past(extRequested), extDays); err != nil {
				return err
			}
		}
	}
	return nil
}

// demoCalendar is the working-day calendar as the database holds it (WorkdayStore.Calendar
// reads the same tables through the pool; the demo step has only its transaction).
func demoCalendar(ctx context.Context, tx pgx.Tx) (*workdays.Calendar, error) {
	rows, err := tx.Query(ctx, `SELECT day, kind, name FROM work_calendar_days ORDER BY day`)
	if err != nil {
		return nil, err
	}
	days, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (workdays.Day, error) {
		var d workdays.Day
		var date time.Time
		err := row.Scan(&date, &d.Kind, &d.Name)
		d.Date = workdays.Date(date.Year(), date.Month(), date.Day())
		return d, err
	})
	if err != nil {
		return nil, err
	}
	rows, err = tx.Query(ctx, `SELECT year FROM work_calendar_years ORDER BY year`)
	if err != nil {
		return nil, err
	}
	years, err := pgx.CollectRows(rows, pgx.RowTo[int])
	if err != nil {
		return nil, err
	}
	return workdays.New(days, years), nil
}

// demoPastDemand is a demand raised at one of the earlier breakfasts (demoPastMeetingPlan) and
// how it went.
type demoPastDemand struct {
	meeting    int // index into demoPastMeetingPlan
	enterprise string
	category   string
	title      string
	desc       string
	expected   string
	lead       string
	co         []string
	limit      int // working days
	days       int // working days the lead department took to answer (more than limit: late)
	story      string
	answer     string // the answer; for rejected the reason; for overdue the supervision note
	comment    string // the enterprise's rating comment
}

// demoPastDemands fill the past year for the dashboard's trend, its chain and category tables
// and the department ranking. Stories: satisfied, basically, unrated (closed by an official
// after the rating window), late (answered after the deadline, then rated 基本满意),
// reopened (不满意 → answered again → 满意), overdue (still open, supervised), rejected.
var demoPastDemands = []demoPastDemand{
	{0, "芯源微电子有限公司", "talent", "芯片设计人才住房补贴申领", "公司新引进的 12 名芯片设计工程师申请区人才住房补贴，材料多次退回。", "一个月内完成申领。",
		"人力资源和社会保障局", nil, 15, 9, "satisfied", "人社局已安排专人一次性审核 12 人材料，补贴已于本月发放到位。", "办理很快，非常满意。"},
	{0, "芯源微电子有限公司", "funding", "流片补贴申报", "公司 28 纳米工艺首次流片费用约 1200 万元，希望申报区流片补贴。", "按政策足额补贴。",
		"科学技术局", []string{"工业和信息化局"}, 20, 12, "reopened", "已受理贵公司流片补贴申报，将按程序审核。", "只说受理，没有说明补贴金额和到账时间。"},
	{0, "华芯半导体制造有限公司", "utilities", "晶圆厂双电源供电保障", "晶圆厂对电压暂降极为敏感，去年发生 3 次晃电导致整批报废。", "建设第二路电源。",
		"供电公司", []string{"发展和改革委员会"}, 30, 22, "basically", "供电公司已完成第二路 110 千伏电源接入方案，并加装动态电压恢复装置，明年汛期前投运。", "方案可行，工期还是偏长。"},
	{0, "晶测封装测试有限公司", "land", "封测二期厂房用地", "封测产能扩张需要新增用地 40 亩。", "年内完成供地。",
		"自然资源和规划局", nil, 20, 26, "late", "园区西区 42 亩工业用地已完成收储，计划下季度挂牌出让。", "用地落实了，但答复超过了时限。"},
	{0, "纳微芯片设计有限公司", "market", "国产芯片首购推荐", "公司车规级 MCU 已通过认证，希望列入首购推荐目录。", "进入推荐目录。",
		"工业和信息化局", nil, 15, 8, "satisfied", "已将贵公司产品推荐列入省首购首用目录，并组织了两场整车企业对接。", "感谢推荐。"},

	{1, "数智云科技有限公司", "policy", "数据中心能耗指标", "公司计划扩建数据中心机柜 2000 个，需要能耗指标。", "明确能耗指标来源。",
		"发展和改革委员会", nil, 20, 14, "basically", "发改委已将项目列入全区重点用能项目清单，能耗指标分两期安排。", "分期安排影响进度，但可以接受。"},
	{1, "灵犀大模型科技有限公司", "funding", "算力券申领", "公司训练大模型需要大量算力，希望申领区算力券。", "按季度申领算力券。",
		"科学技术局", nil, 10, 6, "satisfied", "已为贵公司发放首批算力券 300 万元，后续按季度申领。", "很及时。"},
	{1, "云帆工业软件有限公司", "market", "工业软件首版次保险补偿", "公司自主研发的 CAE 软件入选首版次目录，希望申报保险补偿。", "完成保险补偿申报。",
		"工业和信息化局", nil, 15, 9, "unrated", "已指导贵公司完成首版次软件保险补偿申报，补偿资金预计下季度拨付。", ""},
	{1, "智算数据服务有限公司", "other", "希望减免数据中心房租", "公司租用的国有厂房房租上涨 20%，希望减免。", "房租减半。",
		"", nil, 0, 0, "rejected", "国有厂房租金已按市场评估价确定，不宜个别减免。可申报区数字经济企业租金补贴，已告知申报方式。", ""},

	{2, "康元生物医药有限公司", "approvals", "创新药临床试验审批加速", "公司 1 类创新药已递交临床试验申请，希望加快审评。", "缩短审评时间。",
		"市场监督管理局", []string{"科学技术局"}, 20, 15, "satisfied", "已协调省药监局开展前置辅导，贵公司临床试验申请已获默示许可。", "辅导很专业。"},
	{2, "华瑞医疗器械有限公司", "approvals", "二类医疗器械注册检验排期", "新产品注册检验排期超过 5 个月。", "协调缩短排期。",
		"市场监督管理局", nil, 15, 19, "late", "已协调省医疗器械检验院开通绿色通道，检验周期缩短至 2 个月。", "解决了，就是答复慢了些。"},
	{2, "瑞康创新药业有限公司", "talent", "外籍研发人员工作许可", "公司 3 名外籍研发人员工作许可办理周期长。", "一个月内办结。",
		"人力资源和社会保障局", nil, 10, 7, "basically", "已开通外国高端人才绿色通道，3 人工作许可已全部办结。", "办好了。"},
	{2, "博生基因科技有限公司", "land", "生物实验室用房", "公司需要 P2 实验室用房 3000 平方米。", "半年内入驻。",
		"科学技术局", []string{"自然资源和规划局"}, 20, 12, "satisfied", "已在生命科学园为贵公司安排 3200 平方米实验用房，租金前三年减半。", "非常满意。"},

	{3, "国能智能电气有限公司", "market", "智能电表招标资格", "公司产品入围省电网招标遇到资质门槛。", "明确资质要求。",
		"供电公司", nil, 15, 10, "basically", "已说明招标资质要求，并推荐贵公司参加省电网供应商培训。", "说明清楚了。"},
	{3, "储能宝科技有限公司", "utilities", "储能电站并网接入", "公司 20 兆瓦时储能电站建成后并网迟迟未批。", "两个月内并网。",
		"供电公司", []string{"发展和改革委员会"}, 20, 13, "satisfied", "储能电站并网方案已批复，本月完成并网验收。", "并网了，满意。"},
	{3, "恒通输配电设备有限公司", "funding", "设备更新贷款贴息", "公司技改设备更新贷款 5000 万元，申请贴息。", "享受贴息政策。",
		"金融工作办公室", nil, 10, 8, "unrated", "贵公司已纳入设备更新贷款贴息名单，贴息 1 个百分点。", ""},

	{4, "中轨装备制造有限公司", "approvals", "大件运输通行许可", "公司轨道车辆大件运输每次都要单独审批。", "办理长期通行许可。",
		"行政审批局", nil, 10, 6, "satisfied", "已为贵公司办理半年期大件运输通行许可，每次运输提前报备即可。", "问题解决了。"},
	{4, "迅捷信号系统有限公司", "talent", "信号系统工程师职称评审", "公司工程师跨专业职称评审无对应评委会。", "明确评审渠道。",
		"人力资源和社会保障局", nil, 20, 24, "late", "已协调市职称办将轨道交通信号专业纳入工程系列评审。", "渠道打通了，但时间拖得久。"},
	{4, "轨安运维服务有限公司", "market", "地铁运维服务本地采购", "希望参与本地地铁运维服务采购。", "获得投标机会。",
		"商务局", nil, 15, 9, "basically", "已将贵公司推荐给市地铁集团，纳入供应商库。", "希望后续有实际订单。"},

	{5, "精工数控机床有限公司", "funding", "首台套装备奖励", "公司五轴数控机床获评省首台套，奖励尚未兑现。", "兑现奖励。",
		"工业和信息化局", nil, 15, 10, "satisfied", "首台套奖励 200 万元已拨付。", "到账了，满意。"},
	{5, "智造机器人科技有限公司", "land", "机器人产业园入驻", "公司希望入驻机器人产业园，扩大产能。", "年内入驻。",
		"自然资源和规划局", []string{"工业和信息化局"}, 20, 14, "reopened", "产业园厂房正在建设中，建成后优先安排。", "没有给出时间表。"},
	{5, "昊天精密减速器有限公司", "approvals", "环评审批", "新建减速器生产线需做环评，审批时间长。", "三个月内取得批复。",
		"行政审批局", nil, 20, 11, "satisfied", "环评已实行告知承诺制审批，贵公司项目已取得批复。", "很快。"},

	{6, "碳谷新材料有限公司", "utilities", "天然气供应不足", "冬季天然气限供，影响碳纤维生产。", "保障冬季供气。",
		"住房和城乡建设局", nil, 15, 0, "overdue", "已超期两个月，请住建局牵头约谈燃气公司，本周内拿出保供方案并报区府办。", ""},
	{6, "聚源高分子材料有限公司", "policy", "化工园区认定", "公司所在区域尚未认定为化工园区，扩产受限。", "推动园区认定。",
		"发展和改革委员会", nil, 30, 25, "basically", "化工园区认定申请材料已报省里，预计年内完成认定。", "还需要等。"},
	{6, "华晶电子化学品有限公司", "approvals", "危化品经营许可延续", "危化品经营许可即将到期，延续材料要求不清楚。", "按时延续。",
		"市场监督管理局", nil, 10, 5, "satisfied", "已一次性告知延续材料，许可已延续。", "满意。"},

	{7, "远航动力电池科技有限公司", "talent", "电池工程师子女入学", "公司引进的 5 名电池工程师子女入学问题。", "开学前落实学位。",
		"人力资源和社会保障局", nil, 15, 9, "satisfied", "5 名子女已按人才政策安排在就近学校入学。", "解决了后顾之忧。"},
	{7, "恒驰电驱动系统有限公司", "approvals", "新建厂房施工许可", "二期厂房施工许可办理慢。", "一个月内取得施工许可。",
		"住房和城乡建设局", []string{"行政审批局"}, 15, 18, "late", "施工许可已核发。", "拿到了，但比承诺晚。"},
	{7, "明德汽车轻量化科技有限公司", "funding", "技改项目贷款", "铝合金压铸线技改需要贷款 1 亿元，银行授信不足。", "协调银行授信。",
		"金融工作办公室", nil, 15, 10, "unrated", "已组织 3 家银行上门对接，授信方案正在审批。", ""},
	{7, "鼎力电机制造有限公司", "land", "厂区扩建用地", "公司扩产需要相邻 15 亩地块。", "年内供地。",
		"自然资源和规划局", nil, 20, 16, "basically", "相邻地块已纳入今年供地计划。", "等出让。"},

	{8, "蓝鲸汽车零部件有限公司", "market", "参加海外展会补贴", "公司参加德国汽车零部件展，希望申请展会补贴。", "申领补贴。",
		"商务局", nil, 10, 6, "satisfied", "展位费补贴 50% 已拨付。", "满意。"},
	{8, "天枢自动驾驶科技有限公司", "policy", "自动驾驶测试牌照", "公司新增 10 辆测试车，需要办理测试牌照。", "一个月内办好。",
		"工业和信息化局", []string{"科学技术局"}, 15, 0, "overdue", "测试牌照逾期未办，请工信局会同交警部门本周内办结并报告。", ""},
	{8, "华纬汽车线束有限公司", "utilities", "厂区污水管网接入", "新厂区污水管网未接入市政管网。", "两个月内接入。",
		"住房和城乡建设局", nil, 20, 15, "satisfied", "污水管网已接通。", "很好。"},
	{8, "星途新能源汽车股份有限公司", "talent", "新能源汽车技工培训补贴", "公司开展新能源汽车装调工培训 300 人次，希望申请培训补贴。", "按人次补贴。",
		"人力资源和社会保障局", nil, 15, 8, "satisfied", "培训补贴 45 万元已拨付到企业账户。", "补贴到账，感谢。"},

	{9, "智行充电科技有限公司", "land", "充电站临时用地", "公司在 3 个地块建设临时充电站，需要办理临时用地手续。", "一个月内办好。",
		"自然资源和规划局", nil, 10, 7, "basically", "临时用地手续已办理，期限两年。", "期限有点短。"},
	{9, "腾骏热管理系统有限公司", "funding", "高新技术企业奖励", "公司去年获评国家高新技术企业，奖励未兑现。", "兑现奖励。",
		"科学技术局", nil, 10, 6, "satisfied", "高企奖励 30 万元已拨付。", "满意。"},
	{9, "驰骋汽车座椅有限公司", "other", "员工通勤班车站点", "希望在园区增设员工通勤公交站点。", "增设站点。",
		"住房和城乡建设局", nil, 15, 0, "rejected", "公交线路站点由市公交集团统一规划，已将贵公司需求转交市公交集团，请直接联系。", ""},
	{9, "卓越车载显示有限公司", "approvals", "进口设备免税确认", "公司进口曲面屏生产设备，希望办理免税确认。", "办理免税确认。",
		"税务局", []string{"商务局"}, 10, 5, "satisfied", "进口设备免税确认已办结。", "很快。"},
}

// demoReanswers are the second answers of the reopened past demands.
var demoReanswers = map[string]string{
	"流片补贴申报":   "经科技局、工信局联合复核，贵公司流片补贴核定为 360 万元（按流片费用的 30%），已于本月 12 日拨付到企业账户。",
	"机器人产业园入驻": "产业园 3 号厂房将于明年 3 月竣工，已书面确认为贵公司预留 6000 平方米，并签订入驻意向协议。",
}

// loadDemoHistory adds the earlier breakfasts of the past year (loadDemoPastMeetings) and the
// demands raised at them, answered, rated and closed over the months since — a few late, a
// few closed unrated, two reopened and answered again, two still overdue under supervision —
// so the dashboard's trend, chain and category tables and ranking have a year to show.
func loadDemoHistory(ctx context.Context, tx pgx.Tx, _ string) error {
	var officialID int64
	if err := tx.QueryRow(ctx, `SELECT id FROM users WHERE username = 'demo-official'`).Scan(&officialID); err != nil {
		return err
	}
	meetings, err := loadDemoPastMeetings(ctx, tx, officialID)
	if err != nil {
		return err
	}
	cal, err := demoCalendar(ctx, tx)
	if err != nil {
		return err
	}
	ids, err := demoIDs(ctx, tx)
	if err != nil {
		return err
	}
	deptUser := map[string]*int64{}
	for username, dept := range map[string]string{"demo-gxj": "工业和信息化局", "demo-zgj": "自然资源和规划局", "demo-power": "供电公司"} {
		if id, ok := ids["users:"+username]; ok {
			deptUser[dept] = &id
		}
	}
	raters := map[string]*int64{}
	for username, enterprise := range map[string]string{"demo-ent": "星途新能源汽车股份有限公司", "demo-ent2": "芯源微电子有限公司"} {
		if id, ok := ids["users:"+username]; ok {
			raters[enterprise] = &id
		}
	}
	now := time.Now()
	past := func(t time.Time) time.Time {
		if t.After(now.Add(-time.Hour)) {
			return now.Add(-time.Hour)
		}
		return t
	}
	// wd is the n-th working day after t at hour:minute, China time.
	wd := func(t time.Time, n, hour, minute int) time.Time {
		d, _ := cal.AddWorkdays(t, n)
		return time.Date(d.Year(), d.Month(), d.Day(), hour, minute, 0, 0, portal.CST)
	}
	official := &officialID
	window, err := ratingWindow(ctx, tx)
	if err != nil {
		return err
	}
	for i, pd := range demoPastDemands {
		m := meetings[pd.meeting]
		entID, ok := ids["enterprises:"+pd.enterprise]
		if !ok {
			return fmt.Errorf("demo history: no enterprise %q", pd.enterprise)
		}
		catID, ok := ids["demand_categories:"+pd.category]
		if !ok {
			return fmt.Errorf("demo history: no category %q", pd.category)
		}
		var leadID *int64
		var coIDs []int64
		for j, name := range append([]string{pd.lead}, pd.co...) {
			if name == "" {
				continue
			}
			id, ok := ids["departments:"+name]
			if !ok {
				return fmt.Errorf("demo history: no department %q", name)
			}
			if j == 0 {
				leadID = &id
			} else {
				coIDs = append(coIDs, id)
			}
		}
		dept, rater := deptUser[pd.lead], raters[pd.enterprise]
		row := demoDemandRow{enterpriseID: entID, meetingID: &m.id, categoryID: catID, title: pd.title, desc: pd.desc,
			expected: pd.expected, priority: portal.PriorityNormal, leadID: leadID, submitter: official, recorded: true,
			status: portal.DemandSubmitted, version: 1}
		var events []demoEvent
		add := func(at time.Time, actor *int64, action string, to portal.DemandStatus, note string) {
			at = past(at)
			events = append(events, demoEvent{at: at, actor: actor, action: action, from: row.status, to: to, note: note})
			if to != row.status {
				row.version++
			}
			row.status = to
		}
		row.created = m.startAt.Add(time.Duration(35+i%6*7) * time.Minute)
		add(row.created, official, "submit", portal.DemandSubmitted, "")
		events[0].from = ""
		if pd.story == "rejected" {
			row.rejectReason = pd.answer
			add(wd(row.created, 1, 10, 20), official, string(portal.DemandReject), portal.DemandRejected, pd.answer)
			row.leadID = nil
			if _, err := insertDemoDemand(ctx, tx, row, events, nil); err != nil {
				return err
			}
			continue
		}
		assigned := past(wd(row.created, 1, 10, 10+i%40))
		limit := pd.limit
		deadline, unsure := cal.AddWorkdays(assigned, limit)
		row.assignedAt, row.deadline, row.unsure, row.timeLimit = &assigned, &deadline, unsure, &limit
		add(assigned, official, string(portal.DemandAssign), portal.DemandAssigned,
			fmt.Sprintf("请%s牵头办理，%d 个工作日内答复企业。", pd.lead, limit))
		add(wd(assigned, 1, 9, 30), dept, string(portal.DemandStart), portal.DemandInProgress, "")
		add(wd(assigned, 2, 16, 0), dept, string(portal.WorkNote), row.status, "已与企业当面沟通，正在会同相关单位办理。")
		answer := func(at time.Time, text string) time.Time {
			at = past(at)
			row.answer, row.answeredAt = text, &at
			add(at, dept, string(portal.DemandAnswer), portal.DemandAnswered, text)
			return at
		}
		rate := func(at time.Time, r portal.Rating, comment string) {
			at = past(at)
			v := string(r)
			row.rating, row.ratedAt, row.ratingComment = &v, &at, comment
			to := portal.DemandClosed
			if r == portal.RatingUnsatisfied {
				to = portal.DemandReopened
				row.supervised, row.supervisionNote = true, comment
				d, u := cal.AddWorkdays(at, limit)
				row.deadline, row.unsure = &d, u
			} else {
				row.closedAt = &at
			}
			add(at, rater, string(portal.DemandRate), to, comment)
		}
		switch pd.story {
		case "satisfied", "basically", "late":
			answered := answer(wd(assigned, pd.days, 15, 0), pd.answer)
			r := portal.RatingSatisfied
			if pd.story != "satisfied" {
				r = portal.RatingBasically
			}
			rate(wd(answered, 2, 10, 0), r, pd.comment)
		case "unrated":
			answered := answer(wd(assigned, pd.days, 15, 0), pd.answer)
			closed := past(answered.AddDate(0, 0, window+1))
			row.closedAt = &closed
			add(closed, official, string(portal.DemandCloseUnrated), portal.DemandClosed, "")
		case "reopened":
			answered := answer(wd(assigned, pd.days, 15, 0), pd.answer)
			rate(wd(answered, 1, 11, 0), portal.RatingUnsatisfied, pd.comment)
			reopened := *row.ratedAt
			add(wd(reopened, 2, 10, 0), dept, string(portal.WorkNote), row.status, "已按企业意见重新核实，补充说明具体金额和时间。")
			answered = answer(wd(reopened, 5, 15, 0), demoReanswers[pd.title])
			rate(wd(answered, 1, 9, 30), portal.RatingSatisfied, "重新答复后问题解决了。")
		case "overdue":
			row.supervised, row.supervisionNote = true, pd.answer
			add(wd(deadline, 10, 9, 0), official, string(portal.WorkSupervise), row.status, pd.answer)
			row.version++ // supervision changes the demand without a new state
		default:
			return fmt.Errorf("demo history %q: unknown story %q", pd.title, pd.story)
		}
		if _, err := insertDemoDemand(ctx, tx, row, events, coIDs); err != nil {
			return err
		}
	}
	return nil
}

// demoDemandRow is a demo demand's row as insertDemoDemand writes it.
type demoDemandRow struct {
	enterpriseID                    int64
	meetingID                       *int64
	categoryID                      int64
	title, desc, expected           string
	confidential                    bool
	status                          portal.DemandStatus
	priority                        portal.Priority
	leadID                          *int64
	timeLimit                       *int
	assignedAt, answeredAt, ratedAt *time.Time
	closedAt                        *time.Time
	deadline                        *time.Time
	unsure, supervised              bool
	answer, ratingComment           string
	rating                          *string
	supervisionNote, rejectReason   string
	submitter                       *int64
	recorded                        bool
	version                         int
	created                         time.Time
}

// insertDemoDemand writes a demo demand, its timeline and its co-handling departments, and
// returns its id; its updated_at is its last event's time.
func insertDemoDemand(ctx context.Context, tx pgx.Tx, r demoDemandRow, events []demoEvent, coIDs []int64) (int64, error) {
	var deadline *string
	if r.deadline != nil {
		s := r.deadline.Format("2006-01-02")
		deadline = &s
	}
	var id int64
	if err := tx.QueryRow(ctx, `INSERT INTO demands (enterprise_id, meeting_id, category_id, title, description, expected_outcome,
			confidential, status, priority, lead_department_id, time_limit_days, assigned_at, deadline, deadline_unsure,
			answer, answered_at, rating, rating_comment, rated_at, closed_at, supervised, supervision_note,
			reject_reason, submitted_by, recorded_by_official, version, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::date, $14, $15, $16, $17, $18, $19, $20, $21, $22,
			$23, $24, $25, $26, $27, $28) RETURNING id`,
		r.enterpriseID, r.meetingID, r.categoryID, r.title, r.desc, r.expected, r.confidential, r.status, r.priority, r.leadID,
		r.timeLimit, r.assignedAt, deadline, r.unsure, r.answer, r.answeredAt, r.rating, r.ratingComment, r.ratedAt, r.closedAt,
		r.supervised, r.supervisionNote, r.rejectReason, r.submitter, r.recorded, r.version, r.created,
		events[len(events)-1].at).Scan(&id); err != nil {
		return 0, fmt.Errorf("demo demand %q: %w", r.title, err)
	}
	if len(coIDs) > 0 {
		if _, err := tx.Exec(ctx, `INSERT INTO demand_co_departments (demand_id, department_id) SELECT $1, unnest($2::bigint[])`,
			id, coIDs); err != nil {
			return 0, err
		}
	}
	for _, ev := range events {
		if _, err := tx.Exec(ctx, `INSERT INTO demand_events (demand_id, at, actor_id, action, from_status, to_status, note)
			VALUES ($1, $2, $3, $4, nullif($5, ''), $6, $7)`, id, ev.at, ev.actor, ev.action, string(ev.from), string(ev.to), ev.note); err != nil {
			return 0, err
		}
	}
	return id, nil
}

// demoIDs maps "enterprises:<name>", "departments:<name>", "demand_categories:<code>" and
// "users:<username>" to ids.
func demoIDs(ctx context.Context, tx pgx.Tx) (map[string]int64, error) {
	ids := map[string]int64{}
	for _, q := range [][2]string{{"enterprises", "name"}, {"departments", "name"}, {"demand_categories", "code"}, {"users", "username"}} {
		rows, err := tx.Query(ctx, `SELECT `+q[1]+`, id FROM `+q[0])
		if err != nil {
			return nil, err
		}
		list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (struct {
			name string
			id   int64
		}, error) {
			var v struct {
				name string
				id   int64
			}
			err := row.Scan(&v.name, &v.id)
			return v, err
		})
		if err != nil {
			return nil, err
		}
		for _, v := range list {
			ids[q[0]+":"+v.name] = v.id
		}
	}
	return ids, nil
}
