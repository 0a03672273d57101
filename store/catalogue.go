package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"counterdesk/forms"
)

// Audit actions of the supervisor's catalogue beyond a saved version
// (ActServiceSave, which a restore and an adopted default also are).
const (
	// ActDefaultDismiss: the supervisor declined a release's changed
	// default of a service; it is not offered again until it changes again.
	ActDefaultDismiss = "service.dismiss_default"
)

// Decisions recorded in catalogue_defaults: how the station came by the
// shipped default whose digest it records.
const (
	defaultSetup     = "setup"     // copied at set-up
	defaultAdopted   = "adopted"   // offered after a release and saved as a new version
	defaultDismissed = "dismissed" // offered and declined
)

// ServiceHistory returns every version of the service, newest first: its
// number, when and by whom it was saved (系统 for an upgrade; a clerk with
// a supervisor's approval as "李窗口（张主管批准）"), what it
// changed from the version before (forms.DiffServices), how many cases were
// opened under it and whether it is the current one. ENOTFOUND when the
// station has no such service.
func (db *DB) ServiceHistory(ctx context.Context, code string) ([]forms.ServiceVersionInfo, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT s.version, s.json, s.created_at, COALESCE(u.name, ?)
		FROM services s LEFT JOIN users u ON u.id = s.created_by
		WHERE s.code = ? ORDER BY s.version`, systemName, code)
	if err != nil {
		return nil, fmt.Errorf("query service history: %w", err)
	}
	defer rows.Close()
	var out []forms.ServiceVersionInfo
	var prev *forms.Service
	for rows.Next() {
		var v forms.ServiceVersionInfo
		var data, at string
		if err := rows.Scan(&v.Version, &data, &at, &v.By); err != nil {
			return nil, fmt.Errorf("scan service version: %w", err)
		}
		s, err := decodeService(code, data)
		if err != nil {
			return nil, err
		}
		v.Code, v.Name, v.At = code, s.Name, parseTS(at)
		v.Changes = forms.DiffServices(prev, s)
		if prev != nil && len(v.Changes) == 0 {
			v.Changes = []string{"内容与上一版相同"}
		}
		out = append(out, v)
		prev = s
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read service history: %w", err)
	}
	rows.Close()
	if len(out) == 0 {
		return nil, forms.Errorf(forms.ENOTFOUND, "找不到业务“%s”", code)
	}
	counts, err := tx.QueryContext(ctx,
		"SELECT service_version, count(*) FROM cases WHERE service_code = ? GROUP BY service_version", code)
	if err != nil {
		return nil, fmt.Errorf("count cases per version: %w", err)
	}
	defer counts.Close()
	n := map[int]int{}
	for counts.Next() {
		var v, c int
		if err := counts.Scan(&v, &c); err != nil {
			return nil, fmt.Errorf("scan case count: %w", err)
		}
		n[v] = c
	}
	if err := counts.Err(); err != nil {
		return nil, fmt.Errorf("read case counts: %w", err)
	}
	// A version a clerk saved with a supervisor's approval names both, as
	// the audit log recorded it; a version made by restoring an older one
	// or adopting a shipped default says so, from its audit note
	// (versionNote), before its changes.
	approved := map[int]string{}
	origins := map[int]string{}
	arows, err := tx.QueryContext(ctx, `SELECT CAST(json_extract(after_json, '$.version') AS INTEGER), user_name, approved_by, note
		FROM audit_log WHERE entity_id = ? AND entity = 'service' AND action = ?`, code, ActServiceSave)
	if err != nil {
		return nil, fmt.Errorf("query service approvals: %w", err)
	}
	defer arows.Close()
	for arows.Next() {
		var v sql.NullInt64
		var user, approver, note string
		if err := arows.Scan(&v, &user, &approver, &note); err != nil {
			return nil, fmt.Errorf("scan service approval: %w", err)
		}
		if !v.Valid {
			continue
		}
		if approver != "" {
			approved[int(v.Int64)] = fmt.Sprintf("%s（%s批准）", user, approver)
		}
		if why := versionWhy(note, int(v.Int64)); why != "" {
			origins[int(v.Int64)] = why
		}
	}
	if err := arows.Err(); err != nil {
		return nil, fmt.Errorf("read service approvals: %w", err)
	}
	for i := range out {
		out[i].Cases = n[out[i].Version]
		if by, ok := approved[out[i].Version]; ok {
			out[i].By = by
		}
		if why, ok := origins[out[i].Version]; ok {
			out[i].Changes = append([]string{why}, out[i].Changes...)
		}
	}
	out[len(out)-1].Current = true
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, nil
}

// versionWhy returns why version v was made, from its audit note as
// versionNote wrote it ("业务“名称”第3版：由第1版恢复" gives "由第1版恢复";
// an adopted default's note gives "采用程序自带的新默认设置（2026.2）"
// without the changes that follow it), or "" for an ordinary save.
func versionWhy(note string, v int) string {
	mark := fmt.Sprintf("”第%d版：", v)
	i := strings.LastIndex(note, mark)
	if !strings.HasPrefix(note, "业务“") || i < 0 {
		return ""
	}
	why := note[i+len(mark):]
	if j := strings.Index(why, "："); j >= 0 {
		why = why[:j]
	}
	return strings.TrimSpace(why)
}

// decodeService reads a stored service version.
func decodeService(code, data string) (*forms.Service, error) {
	var s forms.Service
	if err := json.Unmarshal([]byte(data), &s); err != nil {
		return nil, fmt.Errorf("decode service %s: %w", code, err)
	}
	return &s, nil
}

// RestoreServiceVersion saves an earlier version of a service as its next
// version (supervisor, or a clerk with a supervisor's approval) and returns
// the new version number; the versions between stay in the history and
// the cases opened under them keep them. It is audited as a saved version
// noting which one was restored. ENOTFOUND for a version that does not
// exist; ECONFLICT when the version's content already is the current one.
func (db *DB) RestoreServiceVersion(ctx context.Context, a forms.Actor, code string, version int) (int, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	w, err := supervisorActor(ctx, tx, a)
	if err != nil {
		return 0, err
	}
	cur, err := findService(ctx, tx, code, 0)
	if err != nil {
		return 0, err
	}
	if version < 1 { // findService reads 0 as the current version
		return 0, forms.Errorf(forms.ENOTFOUND, "业务“%s”没有第%d版：请在版本列表中选择要恢复的版本", cur.Name, version)
	}
	old, err := findService(ctx, tx, code, version)
	if forms.ErrorCode(err) == forms.ENOTFOUND {
		return 0, forms.Errorf(forms.ENOTFOUND, "业务“%s”没有第%d版：请在版本列表中选择要恢复的版本", cur.Name, version)
	} else if err != nil {
		return 0, err
	}
	if forms.SameContent(old, cur) {
		if old.Version == cur.Version {
			return 0, forms.Errorf(forms.ECONFLICT, "第%d版就是业务“%s”的当前版本，无需恢复", version, cur.Name)
		}
		return 0, forms.Errorf(forms.ECONFLICT, "业务“%s”第%d版的内容与当前的第%d版相同，无需恢复", cur.Name, version, cur.Version)
	}
	v, err := insertServiceVersionNote(ctx, tx, w, old.Clone(), fmt.Sprintf("由第%d版恢复", version))
	if err != nil {
		return 0, err
	}
	return v, tx.commit()
}

// recordedDefault returns the digest of the shipped default the station
// last took or declined for code: the one recorded at set-up, adoption or
// dismissal; for a station set up before these were recorded, the digest
// of the service's first version (set-up's copy of the default); "" when
// the station never had the service.
func recordedDefault(ctx context.Context, tx *txn, code string) (string, error) {
	var digest string
	err := tx.QueryRowContext(ctx, "SELECT digest FROM catalogue_defaults WHERE code = ?", code).Scan(&digest)
	if err == nil {
		return digest, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("read catalogue default: %w", err)
	}
	first, err := findService(ctx, tx, code, 1)
	if forms.ErrorCode(err) == forms.ENOTFOUND {
		return "", nil
	} else if err != nil {
		return "", err
	}
	return first.Digest(), nil
}

// recordDefault records the shipped default the station took or declined
// for a service, replacing what was recorded before.
func recordDefault(ctx context.Context, tx *txn, w *who, s *forms.Service, release, decision string) error {
	var by any
	if w != nil && w.user != nil {
		by = w.user.ID
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO catalogue_defaults (code, digest, release, decision, decided_at, decided_by)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (code) DO UPDATE SET digest = excluded.digest, release = excluded.release,
			decision = excluded.decision, decided_at = excluded.decided_at, decided_by = excluded.decided_by`,
		s.Code, s.Digest(), release, decision, ts(tx.now), by); err != nil {
		return fmt.Errorf("record catalogue default: %w", err)
	}
	return nil
}

// currentService returns the current version of code, or nil when the
// station does not have the service.
func currentService(ctx context.Context, tx *txn, code string) (*forms.Service, error) {
	cur, err := findService(ctx, tx, code, 0)
	if forms.ErrorCode(err) == forms.ENOTFOUND {
		return nil, nil
	}
	return cur, err
}

// offer returns the offer of the shipped service to the station, or nil
// when there is none: the station took or declined this very default
// already, or its current version has the same content.
func offer(ctx context.Context, tx *txn, release string, shipped *forms.Service) (*forms.DefaultOffer, error) {
	rec, err := recordedDefault(ctx, tx, shipped.Code)
	if err != nil {
		return nil, err
	}
	if rec == shipped.Digest() {
		return nil, nil
	}
	cur, err := currentService(ctx, tx, shipped.Code)
	if err != nil {
		return nil, err
	}
	adopt := forms.Adoptable(shipped, cur)
	if cur != nil && forms.SameContent(adopt, cur) {
		return nil, nil
	}
	return &forms.DefaultOffer{Code: shipped.Code, Name: shipped.Name, Release: release, New: cur == nil,
		Changes: forms.DiffServices(cur, adopt), Service: adopt}, nil
}

// DefaultOffers returns what the program's shipped catalogue offers the
// supervisor after a release, in catalogue order: each service whose
// shipped default changed since the station took or declined it (with
// what adopting it would change in the current version) and each shipped
// service the station does not have. Nothing is written.
func (db *DB) DefaultOffers(ctx context.Context, shipped *forms.Catalogue) ([]forms.DefaultOffer, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if shipped == nil {
		return nil, nil
	}
	var out []forms.DefaultOffer
	for i := range shipped.Services {
		o, err := offer(ctx, tx, shipped.Release, &shipped.Services[i])
		if err != nil {
			return nil, err
		}
		if o != nil {
			out = append(out, *o)
		}
	}
	return out, nil
}

// pendingOffer returns the offer of the shipped service code, refusing
// when there is none: ENOTFOUND for a code the shipped catalogue does not
// have, ECONFLICT for a default already taken, declined or in use.
func pendingOffer(ctx context.Context, tx *txn, shipped *forms.Catalogue, code string) (*forms.DefaultOffer, *forms.Service, error) {
	if shipped == nil || shipped.Service(code) == nil {
		return nil, nil, forms.Errorf(forms.ENOTFOUND, "程序自带的业务目录中没有业务“%s”", code)
	}
	s := shipped.Service(code)
	o, err := offer(ctx, tx, shipped.Release, s)
	if err != nil {
		return nil, nil, err
	}
	if o == nil {
		return nil, nil, forms.Errorf(forms.ECONFLICT,
			"业务“%s”没有待处理的新默认设置：已经采用或忽略过，或当前版本已与之相同。请刷新列表", s.Name)
	}
	return o, s, nil
}

// AdoptDefault saves the shipped default of a service as its next version
// (or as a new service), keeping the supervisor's switch settings, and
// returns the version number; the supervisor's own versions stay in the
// history. Supervisor only (or approved); audited as a saved version.
// ENOTFOUND for a code the shipped catalogue lacks, ECONFLICT when nothing
// is offered for it.
func (db *DB) AdoptDefault(ctx context.Context, a forms.Actor, shipped *forms.Catalogue, code string) (int, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	w, err := supervisorActor(ctx, tx, a)
	if err != nil {
		return 0, err
	}
	o, s, err := pendingOffer(ctx, tx, shipped, code)
	if err != nil {
		return 0, err
	}
	note := "采用程序自带的新默认设置"
	if shipped.Release != "" {
		note += "（" + shipped.Release + "）"
	}
	if len(o.Changes) > 0 {
		note += "：" + strings.Join(o.Changes, "；")
	}
	v, err := insertServiceVersionNote(ctx, tx, w, o.Service.Clone(), note)
	if err != nil {
		return 0, err
	}
	if err := recordDefault(ctx, tx, w, s, shipped.Release, defaultAdopted); err != nil {
		return 0, err
	}
	return v, tx.commit()
}

// DismissDefault declines the shipped default of a service: the current
// version stays, and the offer does not come back until a later release
// changes the default again. Supervisor only (or approved); audited.
// ENOTFOUND and ECONFLICT as for AdoptDefault.
func (db *DB) DismissDefault(ctx context.Context, a forms.Actor, shipped *forms.Catalogue, code string) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	w, err := supervisorActor(ctx, tx, a)
	if err != nil {
		return err
	}
	o, s, err := pendingOffer(ctx, tx, shipped, code)
	if err != nil {
		return err
	}
	if err := recordDefault(ctx, tx, w, s, shipped.Release, defaultDismissed); err != nil {
		return err
	}
	if err := audit(ctx, tx, w, auditRec{action: ActDefaultDismiss, entity: "service", entityID: code,
		after: map[string]string{"release": shipped.Release, "digest": s.Digest()},
		note:  fmt.Sprintf("不采用业务“%s”的新默认设置（%s）：%s", s.Name, shipped.Release, strings.Join(o.Changes, "；"))}); err != nil {
		return err
	}
	return tx.commit()
}

// recordSetupDefaults records the digests of the catalogue set-up copies.
func recordSetupDefaults(ctx context.Context, tx *txn, w *who, cat *forms.Catalogue) error {
	for i := range cat.Services {
		if err := recordDefault(ctx, tx, w, &cat.Services[i], cat.Release, defaultSetup); err != nil {
			return err
		}
	}
	return nil
}
