package i18n

// demandTexts are the texts of the demand loop's rules, states, ratings and priorities.
var demandTexts = map[string]entry{
	"demand.step_refused":                {"诉求当前状态下不能进行这个操作，可能已被他人处理，请刷新。", "This step is not possible in the demand's current state; someone may have acted on it. Please reload."},
	"demand.not_yours":                   {"您无权对这条诉求进行这个操作。", "You may not take this step on this demand."},
	"demand.reason_required":             {"请填写原因。", "Please give a reason."},
	"demand.answer_required":             {"请填写答复内容。", "Please write the answer."},
	"demand.rating_required":             {"请选择满意度。", "Please choose a rating."},
	"demand.unsatisfied_reason_required": {"选择“不满意”时请说明原因，便于重新办理。", "Please say why you are not satisfied, so the department can act on it."},
	"demand.rating_window_open":          {"企业评价期尚未结束，暂不能按未评价办结。", "The enterprise can still rate the answer; it cannot be closed as unrated yet."},
	"demand.category_required":           {"请选择诉求类别。", "Please choose a category."},
	"demand.lead_required":               {"请选择主办单位。", "Please choose the lead department."},
	"demand.co_is_lead":                  {"协办单位不能与主办单位相同。", "A co-handling department cannot also be the lead."},
	"demand.priority_invalid":            {"请选择优先级。", "Please choose a priority."},
	"demand.time_limit_invalid":          {"办理时限请填写 1–180 个工作日。", "Enter a time limit of 1 to 180 working days."},

	"demand_status.submitted":   {"待受理", "Submitted"},
	"demand_status.assigned":    {"已交办", "Assigned"},
	"demand_status.in_progress": {"办理中", "In progress"},
	"demand_status.answered":    {"已答复（待评价）", "Answered (to rate)"},
	"demand_status.closed":      {"已办结", "Closed"},
	"demand_status.rejected":    {"不予受理", "Not applicable"},
	"demand_status.returned":    {"退回", "Returned"},
	"demand_status.reopened":    {"重新办理", "Reopened"},
	"demand_status.merged":      {"已合并", "Merged"},

	"rating.satisfied":   {"满意", "Satisfied"},
	"rating.basically":   {"基本满意", "Basically satisfied"},
	"rating.unsatisfied": {"不满意", "Not satisfied"},
	"rating.none":        {"未评价", "Not rated"},

	"priority.normal": {"一般", "Normal"},
	"priority.high":   {"重要", "High"},
	"priority.urgent": {"紧急", "Urgent"},
}
