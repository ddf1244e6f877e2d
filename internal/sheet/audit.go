package sheet

import (
	"bufio"
	"encoding/csv"
	"io"
	"iter"
	"strconv"

	"breakfast/internal/portal"
)

// WriteAuditCSV writes audit log rows as CSV for Excel (UTF-8 with a byte-order mark), header
// row first in t's language; cells a spreadsheet would run as formulas are defused.
func WriteAuditCSV(w io.Writer, rows iter.Seq2[portal.AuditEntry, error], t Translator) error {
	bw := bufio.NewWriter(w)
	if _, err := bw.WriteString("\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	header := []string{t("audit.col_id"), t("audit.col_at"), t("audit.col_user"), t("audit.col_role"),
		t("audit.col_action"), t("audit.col_object"), t("audit.col_object_id"), t("audit.col_status"),
		t("audit.col_detail"), t("audit.col_ip"), t("audit.col_user_agent")}
	if err := cw.Write(header); err != nil {
		return err
	}
	for e, err := range rows {
		if err != nil {
			return err
		}
		record := []string{strconv.FormatInt(e.ID, 10), e.At.In(portal.CST).Format("2006-01-02 15:04:05"),
			e.Username, string(e.Role), e.Action, e.ObjectType, e.ObjectID, strconv.Itoa(e.Status),
			e.DetailText(), e.IP, e.UserAgent}
		for i := range record {
			record[i] = csvSafe(record[i])
		}
		if err := cw.Write(record); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}
