package i18n

// demandReportTexts are the texts of the officials' demand overviews: a meeting's demand list
// (问题清单) on screen, on paper and as files; the open demands of a series' earlier meetings;
// an enterprise's meetings and demands.
var demandReportTexts = map[string]entry{
	"meeting.tab_demands": {"问题清单", "Demands"},

	// The meeting's demand list.
	"demandreport.title":         {"问题清单", "Demand list"},
	"demandreport.intro":         {"本次早餐会上企业提出的全部诉求，以及主办、协办单位和办理时限。", "Every demand raised for this breakfast meeting, with its lead and co-handling departments and deadline."},
	"demandreport.record":        {"代企业登记诉求", "Record a demand for an enterprise"},
	"demandreport.empty":         {"本次会议尚无诉求。", "No demands were raised for this meeting."},
	"demandreport.print_page":    {"打印页", "Print page"},
	"demandreport.files":         {"打印和下载：", "Print and download:"},
	"demandreport.count_total":   {"诉求", "Demands"},
	"demandreport.count_open":    {"办理中", "Being handled"},
	"demandreport.count_answer":  {"已答复待评价", "Answered, to rate"},
	"demandreport.count_closed":  {"已办结", "Closed"},
	"demandreport.count_overdue": {"已超期", "Overdue"},
	"demandreport.print_hint":    {"本次会议企业诉求的交办情况：企业、诉求、主办和协办单位、办理时限和状态。", "The meeting's demands as assigned: enterprise, demand, lead and co-handling departments, deadline and state."},

	// Columns of the list, on screen, on paper and in the files.
	"demandreport.col_no":         {"序号", "No."},
	"demandreport.col_enterprise": {"企业", "Enterprise"},
	"demandreport.col_demand":     {"诉求（类别）", "Demand (category)"},
	"demandreport.col_lead":       {"主办单位", "Lead department"},
	"demandreport.col_co":         {"协办单位", "Co-handling"},
	"demandreport.col_deadline":   {"办理时限", "Deadline"},
	"demandreport.col_status":     {"状态", "State"},
	"demandreport.col_meeting":    {"会议", "Meeting"},
	"demandreport.col_date":       {"日期", "Date"},
	"demandreport.col_invitation": {"邀请", "Invitation"},
	"demandreport.col_checkin":    {"签到", "Checked in"},
	"demandreport.col_raised":     {"提出时间", "Raised"},

	// Marks in the cells.
	"demandreport.overdue":           {"已超期", "Overdue"},
	"demandreport.supervised":        {"督办", "Supervised"},
	"demandreport.deadline_unsure":   {"该年度节假日安排尚未公布，日期可能调整。", "That year's holiday schedule is not out yet: the date may change."},
	"demandreport.deadline_overdue":  {"%s\n已超期", "%s\n(overdue)"},
	"demandreport.status_supervised": {"%s · 督办", "%s · supervised"},
	"demandreport.title_category":    {"%s（%s）", "%s (%s)"},
	"demandreport.list_sep":          {"、", ", "},
	"demandreport.recorded":          {"会上登记", "Recorded at the meeting"},

	// The open demands of the series' earlier meetings, on a meeting's overview.
	"demandreport.series_title": {"往期未办结问题", "Open demands from earlier meetings"},
	"demandreport.series_hint":  {"本系列往期早餐会上提出、尚未办结的诉求（含已答复待评价的），供本期会上通报办理情况。", "Demands raised at earlier breakfasts of this series that are not closed yet (answered ones waiting for a rating included), to report on at this meeting."},
	"demandreport.series_empty": {"往期会议提出的诉求均已办结。", "Every demand from earlier meetings is closed."},

	// The enterprise page's sections.
	"demandreport.ent_meetings":       {"参会记录", "Breakfast meetings"},
	"demandreport.ent_meetings_empty": {"该企业尚未受邀参加早餐会。", "The enterprise has not been invited to a breakfast meeting yet."},
	"demandreport.walk_in":            {"现场登记", "Walk-in"},
	"demandreport.checked_in":         {"已签到（%d/%d 人）", "Yes (%d of %d)"},
	"demandreport.not_checked_in":     {"未签到", "No"},
	"demandreport.ent_demands":        {"诉求", "Demands"},
	"demandreport.ent_demands_empty":  {"该企业尚未提出诉求。", "The enterprise has raised no demands."},
	"demandreport.ent_demands_all":    {"查看全部 %d 条诉求", "All %d demands"},
}
