package store

import (
	"context"
	"fmt"

	"counterdesk/forms"
)

// SetupReplacement sets up this PC as the replacement of an existing
// station, taking over its code: like Setup, and in the same transaction
// numbering continues after the last paper stub when it is of this year
// (the skipped range, if any, goes into the audit log and the day-end
// report's list of skipped numbers). Head office registers the PC as that
// station's replacement.
func (db *DB) SetupReplacement(ctx context.Context, st forms.Station, supervisor, password string, cat *forms.Catalogue, r forms.Replacement) (string, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return "", err
	}
	defer tx.Rollback()
	code, err := setup(ctx, tx, &st, supervisor, password, cat)
	if err != nil {
		return "", err
	}
	year := tx.today().Year()
	if r.Year > year || r.Year < 2000 {
		return "", forms.Errorf(forms.EINVALID, "存根联的年份（%d）不对：须为本年度（%d）或以前的年份；若电脑日期不对，请先改正日期", r.Year, year)
	}
	if r.LastSeq < 0 || r.LastSeq > 999999 {
		return "", forms.Errorf(forms.EINVALID, "存根联最后一张收据的序号须在0到999999之间")
	}
	u, err := findUserByName(ctx, tx, supervisor)
	if err != nil {
		return "", err
	}
	w := &who{user: &u.User}
	if err := audit(ctx, tx, w, auditRec{action: ActStationReplace, entity: "station", entityID: st.ID,
		after: map[string]any{"station": st.Code(), "year": r.Year, "last_seq": r.LastSeq},
		note:  fmt.Sprintf("本机接替窗口 %s 的损坏电脑；纸质存根联最后一张收据为 %s", st.Code(), forms.ReceiptNumber(st.Code(), r.Year, r.LastSeq))}); err != nil {
		return "", err
	}
	if r.Year == year {
		if err := setReceiptFloor(ctx, tx, forms.Actor{UserID: u.ID}, r.Year, r.LastSeq); err != nil {
			return "", err
		}
	}
	return code, tx.commit()
}
