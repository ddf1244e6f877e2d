package i18n

// categoriesTexts are the texts of the administrators' reference pages for demands: the demand
// categories (诉求类别) and the settings (the rating window); and the triage panel's warning
// about a year without a holiday schedule.
var categoriesTexts = map[string]entry{
	"nav.categories": {"诉求类别", "Demand categories"},

	"categories.title":              {"诉求类别", "Demand categories"},
	"categories.intro":              {"企业提交诉求时按这里的顺序选择类别。已被诉求使用的类别不能删除，只能停用：停用后不再出现在提交表单中，原有诉求仍显示原类别。", "Enterprises choose a category in this order when they submit a demand. A category in use is never deleted, only deactivated: it is then no longer offered on the form, and older demands keep showing it."},
	"categories.rating_window":      {"企业对答复的评价期限为 %d 天，期满未评价的诉求计为“未评价”。", "Enterprises have %d days to rate an answer; a demand not rated by then counts as not rated."},
	"categories.change_settings":    {"修改评价期限", "Change the rating window"},
	"categories.new":                {"新增类别", "New category"},
	"categories.edit":               {"修改类别名称", "Rename category"},
	"categories.rename":             {"改名", "Rename"},
	"categories.rename_hint":        {"改名后，使用该类别的所有诉求都显示新名称。", "Every demand of this category shows the new name."},
	"categories.name_zh":            {"中文名称", "Chinese name"},
	"categories.name_en":            {"英文名称", "English name"},
	"categories.col_order":          {"顺序", "Order"},
	"categories.col_demands":        {"诉求数", "Demands"},
	"categories.col_status":         {"状态", "Status"},
	"categories.col_actions":        {"操作", "Actions"},
	"categories.move_up":            {"将“%s”上移", "Move %s up"},
	"categories.move_down":          {"将“%s”下移", "Move %s down"},
	"categories.active":             {"启用", "Active"},
	"categories.inactive":           {"已停用", "Inactive"},
	"categories.activate":           {"启用", "Activate"},
	"categories.deactivate":         {"停用", "Deactivate"},
	"categories.deactivate_confirm": {"停用类别“%s”？企业提交诉求时将不能再选择它，原有诉求不受影响。", "Deactivate the category %s? Enterprises will no longer be able to choose it; existing demands keep it."},
	"categories.name_taken":         {"已有同名类别。", "Another category has this name."},
	"categories.created_ok":         {"已新增类别“%s”。", "Category %s added."},
	"categories.updated_ok":         {"类别已改名为“%s”。", "Category renamed to %s."},
	"categories.activated_ok":       {"类别“%s”已启用。", "Category %s activated."},
	"categories.deactivated_ok":     {"类别“%s”已停用，不再出现在诉求提交表单中。", "Category %s deactivated: it is no longer offered on the demand form."},

	"triage.calendar_missing": {"%d 年的放假安排尚未录入：落在该年的办理期限按正常周末计算，交办后标注“待核”。请管理员在“工作日历”中录入。", "The %d holiday schedule has not been entered: a deadline in that year is counted with normal weekends and flagged as unsure. An administrator enters it under Working days."},

	"settings.title":                 {"系统设置", "Settings"},
	"settings.rating_window":         {"评价期限（天）", "Rating window (days)"},
	"settings.rating_window_hint":    {"部门答复后，企业在这么多天内可以评价；期满未评价的诉求计为“未评价”（不计为满意），区府办可将其办结。1–90 天。", "After a department answers, the enterprise has this many days to rate the answer; a demand not rated by then counts as “not rated” (never as satisfied) and officials may close it. 1 to 90 days."},
	"settings.rating_window_invalid": {"请输入 1 到 90 之间的天数。", "Enter a number of days from 1 to 90."},
	"settings.saved_ok":              {"设置已保存：评价期限 %d 天。", "Settings saved: the rating window is %d days."},
}
