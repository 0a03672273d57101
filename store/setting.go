package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"counterdesk/forms"
)

// Setting returns a station setting: the stored value, or the default of
// forms.SettingDefaults. An unknown key is EINVALID.
func (db *DB) Setting(ctx context.Context, key string) (string, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return "", err
	}
	defer tx.Rollback()
	if _, ok := forms.SettingDefaults[key]; !ok {
		return "", forms.Errorf(forms.EINVALID, "未知的设置项“%s”", key)
	}
	v, set, err := storedSetting(ctx, tx, key)
	if err != nil {
		return "", err
	}
	if !set {
		v = forms.SettingDefaults[key]
	}
	return v, nil
}

// storedSetting returns the value a supervisor stored; set is false when
// the key still has its default.
func storedSetting(ctx context.Context, tx *txn, key string) (value string, set bool, err error) {
	err = tx.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", key).Scan(&value)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	} else if err != nil {
		return "", false, fmt.Errorf("read setting %s: %w", key, err)
	}
	return value, true, nil
}

// SetSetting changes a station setting (supervisor). Numeric settings are
// checked against their range, choices against their values.
func (db *DB) SetSetting(ctx context.Context, a forms.Actor, key, value string) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := setSetting(ctx, tx, a, key, value); err != nil {
		return err
	}
	return tx.commit()
}

// SetSettings saves several settings in one transaction, as the settings
// screen does: one bad value refuses them all, so nothing is half-saved.
// Unchanged values are not written again and leave no audit entry.
func (db *DB) SetSettings(ctx context.Context, a forms.Actor, values map[string]string) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		old, set, err := storedSetting(ctx, tx, k)
		if err != nil {
			return err
		}
		if !set {
			old = forms.SettingDefaults[k]
		}
		if v, err := checkSetting(k, values[k]); err == nil && v == old {
			continue
		}
		if err := setSetting(ctx, tx, a, k, values[k]); err != nil {
			return err
		}
	}
	return tx.commit()
}

func setSetting(ctx context.Context, tx *txn, a forms.Actor, key, value string) error {
	w, err := supervisorActor(ctx, tx, a)
	if err != nil {
		return err
	}
	value, err = checkSetting(key, value)
	if err != nil {
		return err
	}
	old, set, err := storedSetting(ctx, tx, key)
	if err != nil {
		return err
	}
	if !set {
		old = forms.SettingDefaults[key]
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at,
		updated_by = excluded.updated_by`, key, value, ts(tx.now), w.user.ID); err != nil {
		return fmt.Errorf("store setting %s: %w", key, err)
	}
	return audit(ctx, tx, w, auditRec{action: ActSettingChange, entity: "setting", entityID: key,
		before: old, after: value, note: key})
}

// checkSetting validates and normalizes a setting's value.
func checkSetting(key, value string) (string, error) {
	if _, ok := forms.SettingDefaults[key]; !ok {
		return "", forms.Errorf(forms.EINVALID, "未知的设置项“%s”", key)
	}
	value = forms.Normalize(value)
	number := func(label string, lo, hi int) (string, error) {
		n, err := strconv.Atoi(value)
		if err != nil || n < lo || n > hi {
			return "", forms.Errorf(forms.EINVALID, "%s须为%d到%d之间的整数", label, lo, hi)
		}
		return strconv.Itoa(n), nil
	}
	switch key {
	case forms.SettingReturnDays:
		return number("户籍卡归还天数", 1, 365)
	case forms.SettingRetentionDays:
		return number("打印文件保留天数", 1, 3650)
	case forms.SettingReceiptLayout:
		if value != forms.LayoutOnePage && value != forms.LayoutPerPage {
			return "", forms.Errorf(forms.EINVALID, "收据版式须为“一页三联”或“每联一页”")
		}
	case forms.SettingPrintDirect:
		if value != "yes" && value != "no" {
			return "", forms.Errorf(forms.EINVALID, "直接打印的设置须为 yes 或 no")
		}
	case forms.SettingLanguage:
		if value != "zh" && value != "en" {
			return "", forms.Errorf(forms.EINVALID, "界面语言须为中文（zh）或英文（en）")
		}
	case forms.SettingBackupDays:
		return number("备份保留天数", 1, 3650)
	case forms.SettingIdleLockMinutes:
		n, err := forms.ParseIdleLockMinutes(value)
		if err != nil {
			return "", err
		}
		return strconv.Itoa(n), nil
	case forms.SettingBackupFolder:
		var err error
		if value, err = forms.RuleBackupFolder.Check(value); err != nil {
			return "", err
		}
		if value != "" && !filepath.IsAbs(value) {
			return "", forms.Errorf(forms.EINVALID, "备份文件夹须为完整路径，例如 E:\\柜台通备份")
		}
	case forms.SettingHQRecipient:
		return checkRecipient(value)
	case forms.SettingPrinter:
		var err error
		if value, err = forms.RulePrinterName.Check(value); err != nil {
			return "", err
		}
		// The name goes to SumatraPDF, lp or the PDF handler's "printto"
		// in quotes: a quote or a control character would break it.
		if strings.ContainsFunc(value, func(r rune) bool { return r == '"' || unicode.IsControl(r) }) {
			return "", forms.Errorf(forms.EINVALID, "打印机名称不能含有引号或控制字符，请按Windows“打印机和扫描仪”中显示的名称填写")
		}
	}
	return value, nil
}
