package store

import (
	"context"
	"fmt"

	"counterdesk/forms"
)

// SetStationDetails changes the station's printed details after set-up
// (supervisor, or a clerk with a supervisor's approval): the branch's full
// name, the payee and the phone, checked by forms.StationDetails.Validate.
// The branch code and the station number cannot change: they are in every
// receipt number. It returns the station as stored. Unchanged details are
// not written again and leave no audit entry; a change is audited with the
// details before and after. A bad value is EINVALID, a missing approval
// EFORBIDDEN, and a refusal changes nothing.
func (db *DB) SetStationDetails(ctx context.Context, a forms.Actor, d forms.StationDetails) (*forms.Station, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	w, err := supervisorActor(ctx, tx, a)
	if err != nil {
		return nil, err
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	st, err := findStation(ctx, tx)
	if err != nil {
		return nil, err
	}
	before := st.Details()
	if before == d {
		return st, nil
	}
	if _, err := tx.ExecContext(ctx, "UPDATE station SET branch_name = ?, payee = ?, phone = ? WHERE id = ?",
		d.BranchName, d.Payee, d.Phone, st.ID); err != nil {
		return nil, fmt.Errorf("update station: %w", err)
	}
	if err := audit(ctx, tx, w, auditRec{action: ActStationChange, entity: "station", entityID: st.ID,
		before: before, after: d, note: st.Code()}); err != nil {
		return nil, err
	}
	st.BranchName, st.Payee, st.Phone = d.BranchName, d.Payee, d.Phone
	return st, tx.commit()
}
