package postgres

import (
	"context"
	"fmt"

	"breakfast/internal/portal"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// DemoPassword is the password of every demo account.
const DemoPassword = "demo1234"

// DemoAccount is a demo login printed by `make run`.
type DemoAccount struct {
	Username, DisplayName string
	Role                  portal.Role
}

// demoStep is one idempotent slice of the demo data set; later features add steps.
type demoStep struct {
	name string
	load func(ctx context.Context, tx pgx.Tx, passwordHash string) error
}

var demoSteps = []demoStep{
	{"foundation", loadDemoFoundation},
	{"enterprises", loadDemoEnterprises},
	{"meetings", loadDemoMeetings},
	{"demands", loadDemoDemands},
	{"history", loadDemoHistory},
}

// LoadDemo loads every demo step that the database does not have yet, each in its own
// transaction, so running it again changes nothing.
func LoadDemo(ctx context.Context, pool *pgxpool.Pool) error {
	hash, err := portal.HashPassword(DemoPassword)
	if err != nil {
		return err
	}
	for _, step := range demoSteps {
		err := withTx(ctx, pool, func(tx pgx.Tx) error {
			tag, err := tx.Exec(ctx, `INSERT INTO demo_steps (name) VALUES ($1) ON CONFLICT DO NOTHING`, step.name)
			if err != nil || tag.RowsAffected() == 0 {
				return err
			}
			return step.load(ctx, tx, hash)
		})
		if err != nil {
			return fmt.Errorf("demo step %s: %w", step.name, err)
		}
	}
	return nil
}

// DemoAccounts lists the demo logins that exist in the database, for the start-up banner.
func DemoAccounts(ctx context.Context, pool *pgxpool.Pool) ([]DemoAccount, error) {
	rows, err := pool.Query(ctx, `SELECT username, display_name, role FROM users
		WHERE username LIKE 'demo-%' AND NOT disabled ORDER BY array_position(ARRAY['admin','official','department','entrepreneur'], role), id`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (DemoAccount, error) {
		var a DemoAccount
		err := row.Scan(&a.Username, &a.DisplayName, &a.Role)
		return a, err
	})
}

func loadDemoFoundation(ctx context.Context, tx pgx.Tx, hash string) error {
	departments := [][4]string{
		{"工业和信息化局", "工信局", "王建国", "0571-87010001"},
		{"发展和改革委员会", "发改委", "李明华", "0571-87010002"},
		{"自然资源和规划局", "资规局", "张卫东", "0571-87010003"},
		{"人力资源和社会保障局", "人社局", "陈晓燕", "0571-87010004"},
		{"市场监督管理局", "市场监管局", "刘志强", "0571-87010005"},
		{"税务局", "税务局", "赵丽萍", "0571-87010006"},
		{"供电公司", "供电公司", "孙海涛", "0571-87010007"},
		{"行政审批局", "审批局", "周文斌", "0571-87010008"},
		{"商务局", "商务局", "吴静", "0571-87010009"},
		{"科学技术局", "科技局", "郑毅", "0571-87010010"},
		{"住房和城乡建设局", "住建局", "冯国庆", "0571-87010011"},
		{"金融工作办公室", "金融办", "何佳", "0571-87010012"},
	}
	for _, d := range departments {
		if _, err := tx.Exec(ctx, `INSERT INTO departments (name, short_name, contact_name, contact_phone)
			VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO NOTHING`, d[0], d[1], d[2], d[3]); err != nil {
			return err
		}
	}
	chains := [][4]string{
		{"新能源汽车", "整车、动力电池、驱动电机、充电设施等新能源汽车全产业链", "陈志远", "区委副书记、区长"},
		{"集成电路", "芯片设计、制造、封装测试及装备材料", "林国栋", "区委常委、常务副区长"},
		{"软件和人工智能", "工业软件、大模型、智能算力与数据服务", "黄晓明", "副区长"},
		{"生物医药", "创新药、医疗器械与生物制造", "杨丽华", "副区长"},
		{"智能电网", "输配电装备、储能与能源互联网", "徐建军", "副区长"},
		{"轨道交通", "轨道交通装备、信号系统与运维服务", "马俊", "区人大常委会副主任"},
		{"智能制造装备", "工业机器人、数控机床与智能产线", "朱海燕", "副区长"},
		{"新材料", "先进高分子、电子化学品与高性能金属材料", "胡振华", "区政协副主席"},
	}
	for _, c := range chains {
		if _, err := tx.Exec(ctx, `INSERT INTO industry_chains (name, description, leader_name, leader_title)
			VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO NOTHING`, c[0], c[1], c[2], c[3]); err != nil {
			return err
		}
	}
	type account struct {
		username, name, role, department string
	}
	accounts := []account{
		{"demo-admin", "系统管理员", "admin", ""},
		{"demo-official", "区府办 刘洋", "official", ""},
		{"demo-official2", "区府办 宋佳", "official", ""},
		{"demo-gxj", "工信局 王磊", "department", "工业和信息化局"},
		{"demo-zgj", "资规局 赵敏", "department", "自然资源和规划局"},
		{"demo-power", "供电公司 钱进", "department", "供电公司"},
	}
	for _, a := range accounts {
		if _, err := tx.Exec(ctx, `INSERT INTO users (username, display_name, role, password_hash, department_id)
			VALUES ($1, $2, $3, $4, (SELECT id FROM departments WHERE name = nullif($5, '')))
			ON CONFLICT DO NOTHING`, a.username, a.name, a.role, hash, a.department); err != nil {
			return err
		}
	}
	return nil
}
