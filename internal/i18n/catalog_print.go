package i18n

// printTexts are the texts of what meeting staff print: the print setup page, the attendee
// list, the sign-in sheet, the table name cards and the seat assignment.
var printTexts = map[string]entry{
	"meeting.tab_print": {"打印", "Print"},

	// The setup page.
	"print.title":            {"打印", "Print"},
	"print.intro":            {"会前一晚打印：选择文件和打印方式，打开打印页或下载 PDF、Excel、CSV。", "Print the evening before: choose a document and how to print it, then open the print page or download it as PDF, Excel or CSV."},
	"print.doc_list":         {"参会人员名单", "Attendee list"},
	"print.doc_signin":       {"签到表", "Sign-in sheet"},
	"print.doc_cards":        {"桌牌", "Table name cards"},
	"print.doc_list_hint":    {"企业、姓名、职务、手机和座位，一人一行。", "Enterprise, name, position, mobile and seat, one person a row."},
	"print.doc_signin_hint":  {"供参会人员签名，末尾留有现场登记用的空白行。", "For attendees to sign, ending with blank rows for walk-ins."},
	"print.doc_cards_hint":   {"每人一张 A4 纸，沿中线对折后立在桌上，两面都能看到姓名。", "One A4 sheet per person: folded in the middle, it stands on the table and shows the name on both sides."},
	"print.order":            {"排序", "Order"},
	"print.order_enterprise": {"按企业名称（拼音）", "By enterprise name (pinyin)"},
	"print.order_seat":       {"按座位号", "By seat"},
	"print.order_reply":      {"按回复时间", "By reply time"},
	"print.mobile":           {"手机号", "Mobile numbers"},
	"print.mobile_masked":    {"隐藏中间四位（138****1234）", "Masked (138****1234)"},
	"print.mobile_full":      {"完整显示", "In full"},
	"print.blank_rows":       {"现场登记空白行", "Blank rows for walk-ins"},
	"print.blank_rows_hint":  {"0 到 %d 行。", "0 to %d rows."},
	"print.mark_checked":     {"标出已签到的人员和签到时间", "Mark who has checked in, and when"},
	"print.open":             {"打开打印页", "Open the print page"},
	"print.download_pdf":     {"下载 PDF", "Download PDF"},
	"print.download_xlsx":    {"下载 Excel", "Download Excel"},
	"print.download_csv":     {"下载 CSV", "Download CSV"},
	"print.page_numbers":     {"在浏览器中打印时，请在打印对话框中勾选“页眉和页脚”以打印页码；PDF 文件自带页码。", "When printing from the browser, tick “Headers and footers” in the print dialog to get page numbers; the PDF has them already."},
	"print.attendee_count":   {"共 %d 人", "%d people"},

	// The printed documents.
	"print.venue":          {"地点：%s", "Venue: %s"},
	"print.host":           {"主持：%s", "Host: %s"},
	"print.host_title":     {"%s（%s）", "%s (%s)"},
	"print.col_no":         {"序号", "No."},
	"print.col_enterprise": {"企业名称", "Enterprise"},
	"print.col_name":       {"姓名", "Name"},
	"print.col_title":      {"职务", "Position"},
	"print.col_mobile":     {"手机", "Mobile"},
	"print.col_seat":       {"座位", "Seat"},
	"print.col_signature":  {"签名", "Signature"},
	"print.checked_in_at":  {"已签到 %s", "Checked in %s"},
	"print.page_of":        {"第 %d 页 / 共 %d 页", "Page %d of %d"},
	"print.page_of_excel":  {"第 &P 页 / 共 &N 页", "Page &P of &N"}, // Excel's page codes
	"print.no_attendees":   {"还没有参会人员。", "Nobody is expected yet."},
	"print.fold_here":      {"沿虚线对折", "Fold along the dashed line"},
	"print.downloads":      {"下载：", "Download:"},

	// Seat assignment.
	"print.seats_title":   {"座位安排", "Seats"},
	"print.seats_hint":    {"填写座位或桌号，如“1桌3号”或“A-03”，最多 %d 个字；留空表示未安排。", "Type a seat or table, e.g. “1桌3号” or “A-03”, at most %d characters; leave it empty for no seat yet."},
	"print.seat_label":    {"%s的座位", "Seat of %s"},
	"print.seats_save":    {"保存座位", "Save seats"},
	"print.seats_saved":   {"座位已保存。", "Seats saved."},
	"print.seat_too_long": {"座位最多 20 个字。", "At most 20 characters."},
	"print.seat_invalid":  {"座位不能包含换行等控制字符。", "A seat cannot contain line breaks or other control characters."},
	"print.seats_changed": {"参会人员名单刚刚有变动，请刷新页面后重新填写座位。", "The attendee list has just changed: please reload the page and enter the seats again."},
	"print.seats_closed":  {"会议已结束或已取消，座位不能再修改。", "The meeting is closed or cancelled: seats can no longer change."},
	"print.seats_empty":   {"还没有参会人员，暂时无需安排座位。", "Nobody is expected yet, so there are no seats to assign."},
}
