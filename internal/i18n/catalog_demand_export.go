package i18n

// demandExportTexts are the texts of the demand list's Excel and CSV export.
var demandExportTexts = map[string]entry{
	"demand_export.link_xlsx":      {"导出 Excel", "Export to Excel"},
	"demand_export.link_csv":       {"导出 CSV", "Export to CSV"},
	"demand_export.sheet":          {"诉求清单", "Demands"},
	"demand_export.filename":       {"诉求清单", "demands"},
	"demand_export.col_id":         {"编号", "No."},
	"demand_export.col_title":      {"诉求标题", "Title"},
	"demand_export.col_enterprise": {"企业", "Enterprise"},
	"demand_export.col_category":   {"类别", "Category"},
	"demand_export.col_status":     {"状态", "Status"},
	"demand_export.col_priority":   {"优先级", "Priority"},
	"demand_export.col_lead":       {"主办单位", "Lead department"},
	"demand_export.col_co":         {"协办单位", "Co-handling departments"},
	"demand_export.col_meeting":    {"提出会议", "Raised at"},
	"demand_export.col_created":    {"提出时间", "Submitted"},
	"demand_export.col_assigned":   {"交办时间", "Assigned"},
	"demand_export.col_limit":      {"办理时限（工作日）", "Time limit (working days)"},
	"demand_export.col_deadline":   {"截止日期", "Deadline"},
	"demand_export.col_answered":   {"答复时间", "Answered"},
	"demand_export.col_rating":     {"评价", "Rating"},
	"demand_export.col_closed":     {"办结时间", "Closed"},
	"demand_export.col_supervised": {"督办", "Supervised"},
	"demand_export.yes":            {"是", "Yes"},
}
