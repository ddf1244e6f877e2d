package postgres

import (
	"context"
	"fmt"

	"breakfast/internal/portal"

	"github.com/jackc/pgx/v5"
)

// demoEnterprises are fictional enterprises of the kind a district's industry chains hold,
// grouped by chain. The new-energy-vehicle chain is the largest: its breakfast meetings have
// about thirty enterprises at the table.
var demoEnterprises = map[string][]string{
	"新能源汽车": {
		"星途新能源汽车股份有限公司", "远航动力电池科技有限公司", "恒驰电驱动系统有限公司", "智行充电科技有限公司",
		"蓝鲸汽车零部件有限公司", "锦程新能源客车有限公司", "华锂新材料科技有限公司", "天枢自动驾驶科技有限公司",
		"安途汽车电子有限公司", "绿源换电科技有限公司", "腾骏热管理系统有限公司", "鼎力电机制造有限公司",
		"明德汽车轻量化科技有限公司", "极光储能电池有限公司", "驰骋汽车座椅有限公司", "凯越车身结构件有限公司",
		"华纬汽车线束有限公司", "精锐电控科技有限公司", "速充电源设备有限公司", "卓越车载显示有限公司",
		"领航激光雷达科技有限公司", "瑞能电池回收科技有限公司", "宏达汽车模具有限公司", "新纪元氢能科技有限公司",
		"北辰智能座舱有限公司", "东润汽车玻璃有限公司", "博远底盘系统有限公司", "华通车联网科技有限公司",
		"顺昌汽车轮毂有限公司", "远景电驱桥有限公司", "启明功率半导体有限公司", "万航新能源专用车有限公司",
	},
	"集成电路": {
		"芯源微电子有限公司", "华芯半导体制造有限公司", "晶测封装测试有限公司", "纳微芯片设计有限公司",
		"光刻精密设备有限公司", "中科存储芯片有限公司", "锐思模拟芯片有限公司", "硅材电子材料有限公司",
	},
	"软件和人工智能": {
		"数智云科技有限公司", "灵犀大模型科技有限公司", "云帆工业软件有限公司", "智算数据服务有限公司",
		"慧眼视觉科技有限公司", "天工信创软件有限公司", "知行机器人智能有限公司",
	},
	"生物医药": {
		"康元生物医药有限公司", "华瑞医疗器械有限公司", "瑞康创新药业有限公司", "博生基因科技有限公司",
		"安泰医学影像有限公司", "仁和生物制造有限公司",
	},
	"智能电网": {
		"国能智能电气有限公司", "恒通输配电设备有限公司", "储能宝科技有限公司", "电联能源互联网有限公司", "华电表计有限公司",
	},
	"轨道交通": {
		"中轨装备制造有限公司", "迅捷信号系统有限公司", "轨安运维服务有限公司", "铁科新材料有限公司",
	},
	"智能制造装备": {
		"精工数控机床有限公司", "智造机器人科技有限公司", "力拓激光装备有限公司", "协同智能产线有限公司", "昊天精密减速器有限公司",
	},
	"新材料": {
		"碳谷新材料有限公司", "聚源高分子材料有限公司", "华晶电子化学品有限公司", "钛盛金属材料有限公司", "石墨烯应用科技有限公司",
	},
}

// demoChainOrder fixes the order enterprises are made in, so codes and flags are stable.
var demoChainOrder = []string{"新能源汽车", "集成电路", "软件和人工智能", "生物医药", "智能电网", "轨道交通", "智能制造装备", "新材料"}

var demoSurnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
var demoGiven = []string{"建华", "志强", "丽娟", "海峰", "晓东", "文杰", "静怡", "国栋", "明辉", "雪梅", "俊杰", "春燕", "振宇", "红霞", "立新", "秀英"}
var demoTitles = []string{"董事长", "总经理", "副总经理", "董事会秘书", "行政总监", "财务总监", "综合部经理"}
var demoParks = []string{"未来科技城", "紫金港科技园", "云城智造园", "湖畔创新区", "高新技术产业园", "经济开发区", "城西科创园"}

// DemoUSCC makes the n-th demo enterprise's unified social credit code: fictional, but with a
// correct check character.
func DemoUSCC(n int) string {
	const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	org := fmt.Sprintf("MA2%c%c%c%c%c%c", alphabet[(n/31/31)%31], alphabet[(n/31)%31], alphabet[n%31],
		alphabet[(n*7+3)%31], alphabet[(n*11+5)%31], alphabet[(n*13+1)%31])
	first17 := "91330110" + org
	return first17 + string(portal.USCCCheckChar(first17))
}

func demoPerson(n int) string {
	return string(demoSurnames[n%len(demoSurnames)]) + demoGiven[(n*7)%len(demoGiven)]
}

// demoEntrepreneurs are the enterprises with a demo login, and the state of their registration.
var demoEntrepreneurs = []struct {
	username, enterprise string
	status               portal.EnterpriseStatus
	note                 string
}{
	{"demo-ent", "星途新能源汽车股份有限公司", portal.EnterpriseVerified, ""},
	{"demo-ent2", "芯源微电子有限公司", portal.EnterpriseVerified, ""},
	{"demo-pending", "瑞能电池回收科技有限公司", portal.EnterprisePending, ""},
	{"demo-rejected", "石墨烯应用科技有限公司", portal.EnterpriseRejected, "营业执照上的企业名称为“石墨烯应用技术有限公司”，与填写不一致，请核对后重新提交。"},
}

func loadDemoEnterprises(ctx context.Context, tx pgx.Tx, hash string) error {
	var officialID int64
	if err := tx.QueryRow(ctx, `SELECT id FROM users WHERE username = 'demo-official'`).Scan(&officialID); err != nil {
		return err
	}
	special := map[string]int{}
	for i, e := range demoEntrepreneurs {
		special[e.enterprise] = i
	}
	n := 0
	for _, chain := range demoChainOrder {
		for _, name := range demoEnterprises[chain] {
			n++
			status, note := portal.EnterpriseVerified, ""
			if i, ok := special[name]; ok {
				status, note = demoEntrepreneurs[i].status, demoEntrepreneurs[i].note
			}
			scale := portal.ScaleAbove
			if n%4 == 0 {
				scale = portal.ScaleBelow
			}
			var output *float64
			if n%5 != 0 {
				v := float64((n*7919)%90000+2000) + float64(n%10)/10
				output = &v
			}
			var id int64
			err := tx.QueryRow(ctx, `INSERT INTO enterprises (name, uscc, scale, annual_output, is_key, address, park, legal_rep,
					status, review_note, reviewed_at, reviewed_by, submitted_at, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
					CASE WHEN $9 = 'pending' THEN NULL ELSE now() - make_interval(days => $11) END,
					CASE WHEN $9 = 'pending' THEN NULL ELSE $12::bigint END,
					now() - make_interval(days => $11 + 2), now() - make_interval(days => $11 + 2))
				ON CONFLICT (uscc) DO NOTHING RETURNING id`,
				name, DemoUSCC(n), scale, output, n%5 < 2 || n <= 12, fmt.Sprintf("浙江省杭州市余杭区文一西路 %d 号", 100+n*7),
				demoParks[n%len(demoParks)], demoPerson(n*3), status, note, (70-n)%60+1, officialID).Scan(&id)
			if err == pgx.ErrNoRows {
				continue
			}
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `INSERT INTO enterprise_chains (enterprise_id, chain_id)
				SELECT $1, id FROM industry_chains WHERE name = $2 OR (name = '集成电路' AND $3 = '启明功率半导体有限公司')`,
				id, chain, name); err != nil {
				return err
			}
			for c := 0; c < 1+n%2; c++ {
				if _, err := tx.Exec(ctx, `INSERT INTO enterprise_contacts (enterprise_id, position, name, title, mobile, email)
					VALUES ($1, $2, $3, $4, $5, $6)`, id, c, demoPerson(n*3+c+1), demoTitles[(n+c)%len(demoTitles)],
					fmt.Sprintf("13%d%08d", 5+(n+c)%5, 57100000+n*131+c), fmt.Sprintf("contact%d@example.cn", n*10+c)); err != nil {
					return err
				}
			}
			action := "created"
			if _, ok := special[name]; ok {
				action = "submitted"
			}
			if _, err := tx.Exec(ctx, `INSERT INTO enterprise_reviews (enterprise_id, action, actor_id, at)
				VALUES ($1, $2, $3, now() - make_interval(days => $4 + 2))`, id, action, officialID, (70-n)%60+1); err != nil {
				return err
			}
			if status != portal.EnterprisePending && action == "submitted" {
				if _, err := tx.Exec(ctx, `INSERT INTO enterprise_reviews (enterprise_id, action, note, actor_id, at)
					VALUES ($1, $2, $3, $4, now() - make_interval(days => $5))`, id, status, note, officialID, (70-n)%60+1); err != nil {
					return err
				}
			}
		}
	}
	for _, e := range demoEntrepreneurs {
		if _, err := tx.Exec(ctx, `INSERT INTO users (username, display_name, role, password_hash, enterprise_id)
			SELECT $1, c.name, 'entrepreneur', $2, e.id FROM enterprises e
			JOIN enterprise_contacts c ON c.enterprise_id = e.id AND c.position = 0
			WHERE e.name = $3 ON CONFLICT DO NOTHING`, e.username, hash, e.enterprise); err != nil {
			return err
		}
	}
	return nil
}
