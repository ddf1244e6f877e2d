-- A hand-built data set with known dashboard figures (see dashboard_test.go for the answers).
-- "Now" is Friday 2026-11-20 10:00 China time. Enterprises: 甲 (新能源汽车), 乙 (集成电路),
-- 丙 (both chains), 丁 (新能源汽车, invited only). Departments: 工信局 and 资规局 lead demands,
-- 税务局 one, 供电公司 none.
INSERT INTO departments (name, short_name) VALUES ('工业和信息化局', '工信局'), ('自然资源和规划局', '资规局'),
    ('供电公司', ''), ('税务局', '')
ON CONFLICT (name) DO UPDATE SET short_name = excluded.short_name;
INSERT INTO industry_chains (name) VALUES ('新能源汽车'), ('集成电路') ON CONFLICT (name) DO NOTHING;
INSERT INTO enterprises (name, uscc, scale, status) VALUES
    ('看板甲汽车零部件有限公司', '9133010600000000A1', 'above', 'verified'),
    ('看板乙微电子有限公司', '9133010600000000A2', 'above', 'verified'),
    ('看板丙新材料有限公司', '9133010600000000A3', 'above', 'verified'),
    ('看板丁智能装备有限公司', '9133010600000000A4', 'below', 'verified');
INSERT INTO enterprise_chains (enterprise_id, chain_id)
SELECT e.id, c.id FROM enterprises e, industry_chains c
WHERE (e.name, c.name) IN (('看板甲汽车零部件有限公司', '新能源汽车'), ('看板乙微电子有限公司', '集成电路'),
    ('看板丙新材料有限公司', '新能源汽车'), ('看板丙新材料有限公司', '集成电路'), ('看板丁智能装备有限公司', '新能源汽车'));

-- Meetings: one held in October 2026 (counted), one published for December, one held in
-- 2025 and one cancelled in 2026 (not counted).
INSERT INTO meetings (theme, starts_at, ends_at, venue, chain_id, host_name, host_title, capacity, status)
SELECT t.theme, t.starts_at, t.starts_at + interval '90 minutes', '区行政中心', c.id, '陈志远', '区长', 30, t.status
FROM (VALUES ('看板十月早餐会', timestamptz '2026-10-15 07:30+08', 'held'),
             ('看板十二月早餐会', timestamptz '2026-12-18 07:30+08', 'published'),
             ('看板去年早餐会', timestamptz '2025-10-15 07:30+08', 'closed'),
             ('看板取消的早餐会', timestamptz '2026-05-20 07:30+08', 'cancelled')) AS t (theme, starts_at, status),
     industry_chains c WHERE c.name = '新能源汽车';
INSERT INTO meeting_departments (meeting_id, department_id, attended)
SELECT m.id, d.id, true FROM meetings m, departments d WHERE m.theme = '看板十月早餐会' AND d.name = '工业和信息化局';
-- October: 甲 and 丙 accepted, 乙 declined, 丁 never answered.
INSERT INTO invitations (meeting_id, enterprise_id, status, source, replied_at)
SELECT m.id, e.id, t.status, 'official', CASE WHEN t.status <> 'invited' THEN timestamptz '2026-10-10 09:00+08' END
FROM (VALUES ('看板甲汽车零部件有限公司', 'accepted'), ('看板乙微电子有限公司', 'declined'),
             ('看板丙新材料有限公司', 'accepted'), ('看板丁智能装备有限公司', 'invited')) AS t (enterprise, status),
     meetings m, enterprises e WHERE m.theme = '看板十月早餐会' AND e.name = t.enterprise;
-- Three people expected (two checked in) and a walk-in.
INSERT INTO attendees (meeting_id, invitation_id, enterprise_id, name, checkin_code, walk_in, checked_in_at)
SELECT m.id, i.id, e.id, t.person, t.code, false, t.checked
FROM (VALUES ('看板甲汽车零部件有限公司', '甲一', 'K0001', timestamptz '2026-10-15 07:20+08'),
             ('看板甲汽车零部件有限公司', '甲二', 'K0002', NULL),
             ('看板丙新材料有限公司', '丙一', 'K0003', timestamptz '2026-10-15 07:25+08')) AS t (enterprise, person, code, checked),
     meetings m, enterprises e, invitations i
WHERE m.theme = '看板十月早餐会' AND e.name = t.enterprise AND i.meeting_id = m.id AND i.enterprise_id = e.id;
INSERT INTO attendees (meeting_id, enterprise_name, name, checkin_code, walk_in, checked_in_at)
SELECT m.id, '外来企业', '路人', 'K0004', true, timestamptz '2026-10-15 07:29+08' FROM meetings m WHERE m.theme = '看板十月早餐会';

-- The demands. Dates are China time.
INSERT INTO demands (title, description, enterprise_id, category_id, meeting_id, status, lead_department_id,
    time_limit_days, created_at, assigned_at, deadline, answered_at, rating, rated_at, closed_at, supervised, supervision_note)
SELECT t.title, '说明', e.id, c.id, m.id, t.status, ld.id, CASE WHEN t.assigned IS NOT NULL THEN 5 END,
    t.created, t.assigned, t.deadline, t.answered, t.rating, t.rated, t.closed, t.supervised, t.note
FROM (VALUES
    -- D1 工信局: answered on time in 4 working days, 满意, closed.
    ('D1 厂房用地指标', '看板甲汽车零部件有限公司', 'land', NULL, 'closed', '工业和信息化局',
     timestamptz '2026-11-01 09:00+08', timestamptz '2026-11-02 10:00+08', date '2026-11-09', timestamptz '2026-11-06 15:00+08',
     'satisfied', timestamptz '2026-11-07 09:00+08', timestamptz '2026-11-07 09:00+08', true, '区长批示'),
    -- D2 工信局: answered late (after the National Day holiday: 6 working days), 基本满意, closed.
    ('D2 贷款贴息', '看板乙微电子有限公司', 'funding', NULL, 'closed', '工业和信息化局',
     timestamptz '2026-09-27 09:00+08', timestamptz '2026-09-28 10:00+08', date '2026-10-09', timestamptz '2026-10-12 16:00+08',
     'basically', timestamptz '2026-10-13 09:00+08', timestamptz '2026-10-13 09:00+08', false, ''),
    -- D3 工信局: answered on time in 3 working days, 不满意: reopened, overdue again, supervised.
    ('D3 供电扩容', '看板甲汽车零部件有限公司', 'utilities', NULL, 'reopened', '工业和信息化局',
     timestamptz '2026-11-04 09:00+08', timestamptz '2026-11-05 10:00+08', date '2026-11-12', timestamptz '2026-11-10 11:00+08',
     'unsatisfied', timestamptz '2026-11-12 09:00+08', NULL, true, '重点跟踪'),
    -- D4 工信局: raised at the October meeting (新能源汽车 only), in progress, not yet due.
    ('D4 人才公寓', '看板丙新材料有限公司', 'talent', '看板十月早餐会', 'in_progress', '工业和信息化局',
     timestamptz '2026-11-03 09:00+08', timestamptz '2026-11-04 10:00+08', date '2026-11-30', NULL,
     NULL, NULL, NULL, false, ''),
    -- D5 资规局: assigned, overdue since 18 November.
    ('D5 规划许可', '看板乙微电子有限公司', 'approvals', NULL, 'assigned', '自然资源和规划局',
     timestamptz '2026-11-02 09:00+08', timestamptz '2026-11-03 10:00+08', date '2026-11-18', NULL,
     NULL, NULL, NULL, false, ''),
    -- D6 资规局: answered late in 5 working days, waiting for a rating (within the window).
    ('D6 土地变更', '看板甲汽车零部件有限公司', 'land', NULL, 'answered', '自然资源和规划局',
     timestamptz '2026-11-08 09:00+08', timestamptz '2026-11-09 10:00+08', date '2026-11-13', timestamptz '2026-11-16 10:00+08',
     NULL, NULL, NULL, false, ''),
    -- D7 税务局: answered on time in 5 working days, closed without a rating.
    ('D7 出口退税', '看板乙微电子有限公司', 'policy', NULL, 'closed', '税务局',
     timestamptz '2026-08-24 09:00+08', timestamptz '2026-08-25 10:00+08', date '2026-09-10', timestamptz '2026-09-01 10:00+08',
     NULL, NULL, timestamptz '2026-09-20 10:00+08', false, ''),
    -- D8 just submitted; D9 rejected; D10 merged; D11 returned to triage (no lead).
    ('D8 展会补贴', '看板甲汽车零部件有限公司', 'market', NULL, 'submitted', NULL,
     timestamptz '2026-11-19 09:00+08', NULL, NULL, NULL, NULL, NULL, NULL, false, ''),
    ('D9 不属于政府职能', '看板乙微电子有限公司', 'other', NULL, 'rejected', NULL,
     timestamptz '2026-10-10 09:00+08', NULL, NULL, NULL, NULL, NULL, NULL, false, ''),
    ('D10 重复的诉求', '看板丙新材料有限公司', 'other', NULL, 'merged', NULL,
     timestamptz '2026-10-20 09:00+08', NULL, NULL, NULL, NULL, NULL, NULL, false, ''),
    ('D11 交错部门', '看板甲汽车零部件有限公司', 'other', NULL, 'returned', NULL,
     timestamptz '2026-06-05 09:00+08', timestamptz '2026-06-08 10:00+08', date '2026-06-15', NULL, NULL, NULL, NULL, false, ''),
    -- D12 工信局: last year's, closed — outside this year's figures.
    ('D12 去年的诉求', '看板甲汽车零部件有限公司', 'land', NULL, 'closed', '工业和信息化局',
     timestamptz '2025-06-01 09:00+08', timestamptz '2025-06-02 10:00+08', date '2025-06-09', timestamptz '2025-06-05 10:00+08',
     'satisfied', timestamptz '2025-06-10 10:00+08', timestamptz '2025-06-10 10:00+08', false, '')
) AS t (title, enterprise, category, meeting, status, lead, created, assigned, deadline, answered, rating, rated, closed, supervised, note)
JOIN enterprises e ON e.name = t.enterprise
JOIN demand_categories c ON c.code = t.category
LEFT JOIN meetings m ON m.theme = t.meeting
LEFT JOIN departments ld ON ld.name = t.lead;
