package main

// keys.go: head office's own age identity (keygen) and the registry of the
// stations' signing keys (station add).

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"filippo.io/age"

	"counterdesk/forms"
	"counterdesk/store"
)

func init() {
	commands["keygen"] = command{
		Summary: "生成总部的解密身份与接收公钥 (make head office's age identity and recipient)",
		Run:     keygenMain,
	}
	commands["station"] = command{
		Summary: "登记工作站的签名公钥：hqdesk station add … (register a station's signing key)",
		Run:     stationMain,
	}
}

// Names of the files keygen writes.
const (
	identityFile  = "hq-identity.txt"
	recipientFile = "hq-recipient.txt"
)

const keygenHelp = `hqdesk keygen --out 文件夹

生成总部的 age 身份：文件夹/hq-identity.txt 是总部的私钥（机密，只给导入用，
请备份并妥善保管，丢失后各分支已写出的导出无法解开）；文件夹/hq-recipient.txt 是
接收公钥，发给每个分支机构，在柜台通“设置”里导入（或 counterdesk hq-key）。
已有 hq-identity.txt 时拒绝覆盖。打印接收公钥及其指纹，供分支核对。

Makes head office's age identity: DIR/hq-identity.txt is the secret (keep it safe and
backed up; without it no export can be read) and DIR/hq-recipient.txt the recipient to
hand to every branch. An existing hq-identity.txt is never overwritten. Prints the
recipient and its fingerprint for the branches to check.
`

// keygenMain runs `hqdesk keygen`.
func keygenMain(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("keygen", keygenHelp, stdout)
	out := fs.String("out", "", "写入两个文件的文件夹 (folder for the two files)")
	if code, ok := parseFlags(fs, args, stdout, stderr); !ok {
		return code
	}
	if *out == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "请用 --out 指定文件夹 (give --out DIR)。")
		return exitUsage
	}
	recipient, err := keygen(*out, time.Now())
	if err != nil {
		return fail(stderr, err)
	}
	fmt.Fprintf(stdout, "已生成总部身份 (identity written): %s\n", filepath.Join(*out, identityFile))
	fmt.Fprintf(stdout, "接收公钥 (recipient, give to every branch): %s\n", filepath.Join(*out, recipientFile))
	fmt.Fprintf(stdout, "%s\n指纹 (fingerprint): %s\n", recipient, store.RecipientFingerprint(recipient))
	return exitOK
}

// keygen writes a new identity and its recipient into dir (created when
// missing) and returns the recipient. An existing identity file is refused
// (EINVALID), never overwritten; the identity file is 0600.
func keygen(dir string, now time.Time) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", forms.Errorf(forms.EINVALID, "无法建立文件夹 %s：%v", dir, err)
	}
	idPath := filepath.Join(dir, identityFile)
	if _, err := os.Lstat(idPath); err == nil {
		return "", forms.Errorf(forms.ECONFLICT, "%s 已经存在，不会覆盖：它可能是总部正在用的私钥。要另建请换一个文件夹 (exists; not overwritten)", idPath)
	}
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return "", err
	}
	recipient := id.Recipient().String()
	text := fmt.Sprintf("# 柜台通总部身份（机密，勿外传） Counter Desk head office identity (secret)\n# created: %s\n# public key: %s\n%s\n",
		now.UTC().Format(time.RFC3339), recipient, id.String())
	f, err := os.OpenFile(idPath, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return "", forms.Errorf(forms.ECONFLICT, "%s 已经存在，不会覆盖 (exists; not overwritten)", idPath)
		}
		return "", forms.Errorf(forms.EINVALID, "无法写入 %s：%v", idPath, err)
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		os.Remove(idPath)
		return "", forms.Errorf(forms.EINVALID, "无法写入 %s：%v", idPath, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(idPath)
		return "", forms.Errorf(forms.EINVALID, "无法写入 %s：%v", idPath, err)
	}
	if err := f.Close(); err != nil {
		os.Remove(idPath)
		return "", forms.Errorf(forms.EINVALID, "无法写入 %s：%v", idPath, err)
	}
	if err := os.WriteFile(filepath.Join(dir, recipientFile), []byte(recipient+"\n"), 0o644); err != nil {
		return "", forms.Errorf(forms.EINVALID, "无法写入 %s：%v", filepath.Join(dir, recipientFile), err)
	}
	return recipient, nil
}

// readIdentity reads head office's identity file (what keygen wrote).
func readIdentity(path string) (age.Identity, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, forms.Errorf(forms.EINVALID, "读不到总部身份文件 %s（%s）。请用 --identity 指定 hqdesk keygen 生成的 hq-identity.txt", path, fileProblem(err))
	}
	ids, err := age.ParseIdentities(bytes.NewReader(b))
	if err != nil || len(ids) == 0 {
		return nil, forms.Errorf(forms.EINVALID, "%s 不是总部身份文件（应以 AGE-SECRET-KEY- 开头）：请指定 hqdesk keygen 生成的 hq-identity.txt", path)
	}
	if len(ids) == 1 {
		return ids[0], nil
	}
	return multiIdentity(ids), nil
}

// multiIdentity tries each identity of a file holding several (an old and a
// new head office key during a change-over).
type multiIdentity []age.Identity

func (m multiIdentity) Unwrap(stanzas []*age.Stanza) ([]byte, error) {
	for _, id := range m {
		k, err := id.Unwrap(stanzas)
		if err == nil {
			return k, nil
		}
		if !errors.Is(err, age.ErrIncorrectIdentity) {
			return nil, err
		}
	}
	return nil, age.ErrIncorrectIdentity
}

const stationHelp = `hqdesk station add --db 数据库 --branch QB --station 01 --key 文件 [--replaces 原密钥文件] [--training]

登记一台工作站的签名公钥。文件是该工作站 counterdesk keys 打印的内容（保存成文件带来），
其中的机构代码和工作站号必须与 --branch、--station 相同。同一把密钥再登记一次：提示“已登记”，成功。
一台工作站只能有一把当前密钥：换了电脑或重装后的新密钥，须用 --replaces 指定当前登记的原密钥文件，
新密钥成为下一代（原密钥写出的导出仍可导入）。一把密钥不能登记给两台工作站。
--training：练习工作站（counterdesk demo），它的导出只在 import --training 时导入，报表中单独列出。
已登记的工作站还没有导入过任何导出时，再登记一次加 --training 改为练习工作站，不加则改回正式工作站；
导入过以后不能再改（练习数据不能混进正式数据），请另用一个总部数据库。
没有这个 SQLite 文件时 station add 新建它（import、report 不会新建）。选项可写在任何位置。

Registers a station's signing key (the text "counterdesk keys" printed, saved to a file); its branch and
station must equal --branch and --station. The same key again: "已登记" (already registered), success.
A station has one current key: a new one (new PC, reinstall) needs --replaces naming the CURRENT key's file
and becomes the next generation (exports signed by the old key still import). A key registered for another
station is refused. --training registers a training station (counterdesk demo). Adding a registered
station again with or without --training switches it while nothing of it has been imported; after
that it is refused (use another database). station add creates a missing SQLite file (import and
report do not). Options may come anywhere.
`

// stationMain runs `hqdesk station add`.
func stationMain(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || (args[0] != "add" && !isHelp(args[0])) {
		fmt.Fprint(stderr, "用法 (usage): "+stationHelp)
		return exitUsage
	}
	if isHelp(args[0]) {
		fs := newFlags("station add", stationHelp, stdout)
		stationFlags(fs)
		fs.Usage()
		return exitOK
	}
	fs := newFlags("station add", stationHelp, stdout)
	f := stationFlags(fs)
	if code, ok := parseFlags(fs, args[1:], stdout, stderr); !ok {
		return code
	}
	if *f.db == "" || *f.branch == "" || *f.station == "" || *f.key == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "请给出 --db、--branch、--station 和 --key (all four are required)。")
		return exitUsage
	}
	station, err := strconv.Atoi(strings.TrimSpace(*f.station))
	if err != nil || station < 1 || station > 99 {
		fmt.Fprintf(stderr, "--station 应是 1 到 99 的工作站号，例如 01；现在是“%s” (station number 1..99)。\n", *f.station)
		return exitUsage
	}
	// The key files are read before the database is opened, so that a wrong
	// file does not leave a new, empty database behind.
	if _, err := readStationKey(*f.key, strings.ToUpper(strings.TrimSpace(*f.branch)), station, "工作站公钥文件"); err != nil {
		return fail(stderr, err)
	}
	h, err := openForCommand(ctx, *f.db, true, stdout)
	if err != nil {
		return fail(stderr, err)
	}
	defer h.Close()
	msg, err := addStation(ctx, h, stationAdd{
		Branch: strings.TrimSpace(*f.branch), Station: station,
		KeyFile: *f.key, ReplacesFile: *f.replaces, Training: *f.training,
	}, time.Now())
	if err != nil {
		return fail(stderr, err)
	}
	fmt.Fprintln(stdout, msg)
	return exitOK
}

func isHelp(a string) bool {
	return a == "-h" || a == "-help" || a == "--help" || a == "help"
}

type stationFlagSet struct {
	db, branch, station, key, replaces *string
	training                           *bool
}

func stationFlags(fs interface {
	String(name, value, usage string) *string
	Bool(name string, value bool, usage string) *bool
}) stationFlagSet {
	return stationFlagSet{
		db:       fs.String("db", "", "总部数据库：SQLite 文件路径或 postgres:// 地址 (database: SQLite path or postgres:// URL)"),
		branch:   fs.String("branch", "", "机构代码，如 QB (branch code)"),
		station:  fs.String("station", "", "工作站号，如 01 (station number)"),
		key:      fs.String("key", "", "工作站公钥文件 (file with what counterdesk keys printed)"),
		replaces: fs.String("replaces", "", "被替换的当前密钥文件 (the current key's file, when replacing it)"),
		training: fs.Bool("training", false, "练习工作站 (a training station)"),
	}
}

// stationAdd is one `station add` request.
type stationAdd struct {
	Branch       string
	Station      int
	KeyFile      string
	ReplacesFile string
	Training     bool
}

// readStationKey reads and parses a station key file, checking it names the
// given branch and station.
func readStationKey(path, branch string, station int, what string) (ed25519.PublicKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, forms.Errorf(forms.EINVALID, "读不到%s %s（%s）：请检查文件名和路径", what, path, fileProblem(err))
	}
	kb, ks, pub, err := store.ParseStationKey(string(b))
	if err != nil {
		return nil, forms.Errorf(forms.EINVALID, "%s %s 读不出：%s。请用工作站 counterdesk keys 打印的内容", what, path, forms.ErrorMessage(err))
	}
	if !strings.EqualFold(kb, branch) || ks != station {
		return nil, forms.Errorf(forms.EINVALID, "%s %s 是 %s%02d 的，与 --branch %s --station %02d 不符：请核对文件或参数", what, path, kb, ks, branch, station)
	}
	return pub, nil
}

// registeredKey is one row of hq_stations.
type registeredKey struct {
	Branch    string
	Station   int
	Gen       int
	PublicKey string // base64 std
	Training  bool
	Replaced  bool
}

// stationLabel is how a station is named in messages: QB01.
func stationLabel(branch string, station int) string {
	return fmt.Sprintf("%s%02d", branch, station)
}

// addStation registers a station key in one transaction and returns the
// message for the operator. Refusals are *forms.Error and change nothing.
func addStation(ctx context.Context, h *hqDB, a stationAdd, now time.Time) (string, error) {
	a.Branch = strings.ToUpper(a.Branch)
	pub, err := readStationKey(a.KeyFile, a.Branch, a.Station, "工作站公钥文件")
	if err != nil {
		return "", err
	}
	var old ed25519.PublicKey
	if a.ReplacesFile != "" {
		if old, err = readStationKey(a.ReplacesFile, a.Branch, a.Station, "原密钥文件（--replaces）"); err != nil {
			return "", err
		}
	}
	label := stationLabel(a.Branch, a.Station)
	pubText := base64.StdEncoding.EncodeToString(pub)
	fp := store.KeyFingerprint(pub)
	var msg string
	err = h.inTx(ctx, func(tx *hqTx) error {
		if k, err := keyByPublic(ctx, tx, pubText); err != nil {
			return err
		} else if k != nil {
			if k.Branch != a.Branch || k.Station != a.Station {
				return forms.Errorf(forms.ECONFLICT, "这把密钥（指纹 %s）已登记给 %s，不能再登记给 %s：每台工作站的密钥各不相同，请核对文件 %s", fp, stationLabel(k.Branch, k.Station), label, a.KeyFile)
			}
			note := ""
			if k.Replaced {
				note = "（已被后来的密钥替换）"
			}
			if k.Training != a.Training {
				msg, err = switchTraining(ctx, tx, a, now)
				return err
			}
			msg = fmt.Sprintf("已登记：%s%s 的第%d代密钥%s，指纹 %s，未作改动 (already registered)", label, trainingNote(k.Training), k.Gen, note, fp)
			return nil
		}
		cur, err := currentKey(ctx, tx, a.Branch, a.Station)
		if err != nil {
			return err
		}
		var switched string
		if cur != nil && old != nil && cur.Training != a.Training {
			// A new key of a station registered the other way: the same
			// rule as switching (only before anything was imported).
			if switched, err = switchTraining(ctx, tx, a, now); err != nil {
				return err
			}
		}
		gen := 1
		if cur != nil {
			curPub, _ := base64.StdEncoding.DecodeString(cur.PublicKey)
			if old == nil {
				return forms.Errorf(forms.ECONFLICT, "%s 已登记了另一把密钥（指纹 %s）。如果这台工作站换了电脑或重新安装，请用 --replaces 指定当前登记的原密钥文件；否则请核对 --branch、--station 和文件 (station already has a key; use --replaces)", label, store.KeyFingerprint(curPub))
			}
			if !bytes.Equal(old, curPub) {
				return forms.Errorf(forms.ECONFLICT, "--replaces 给出的密钥（指纹 %s）不是 %s 当前登记的密钥（指纹 %s）：请指定当前密钥的文件 (--replaces must name the current key)", store.KeyFingerprint(old), label, store.KeyFingerprint(curPub))
			}
			if _, err := tx.Exec(ctx, "UPDATE hq_stations SET replaced_at = ? WHERE branch = ? AND station = ? AND gen = ?",
				now.UTC().Format(time.RFC3339), a.Branch, a.Station, cur.Gen); err != nil {
				return err
			}
			gen = cur.Gen + 1
		} else if old != nil {
			return forms.Errorf(forms.EINVALID, "%s 还没有登记过密钥，没有可替换的：请去掉 --replaces 再登记 (nothing to replace)", label)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO hq_stations (branch, station, gen, public_key, fingerprint, training, registered_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, a.Branch, a.Station, gen, pubText, fp, boolInt(a.Training), now.UTC().Format(time.RFC3339)); err != nil {
			return err
		}
		msg = fmt.Sprintf("已登记 %s%s 的第%d代密钥，指纹 %s (registered)", label, trainingNote(a.Training), gen, fp)
		if switched != "" {
			msg = switched + "\n" + msg
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	return msg, nil
}

// trainingNote names a training station in messages ("" for a real one).
func trainingNote(training bool) string {
	if training {
		return "（练习工作站）"
	}
	return ""
}

// stationKind is what a station is registered as, in words.
func stationKind(training bool) string {
	if training {
		return "练习工作站"
	}
	return "正式工作站"
}

// switchTraining turns a registered station (every key generation) into a
// training station (a.Training) or back into a real one, inside tx, and
// returns the message saying what changed. A station with imports already
// is refused (ECONFLICT): its imported rows would change sides.
func switchTraining(ctx context.Context, tx *hqTx, a stationAdd, now time.Time) (string, error) {
	label := stationLabel(a.Branch, a.Station)
	var n int64
	if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM hq_imports WHERE branch = ? AND station = ?", a.Branch, a.Station).Scan(&n); err != nil {
		return "", err
	}
	if n > 0 {
		if a.Training {
			return "", forms.Errorf(forms.ECONFLICT, "%s 登记为正式工作站，已经导入过它的 %d 份导出，不能再改为练习工作站：练习数据不能混进正式数据。"+
				"练习工作站请登记到另一个总部数据库（hqdesk station add --db 新的数据库 … --training，再 import --db 新的数据库 --training）；"+
				"要继续在这里登记它，请去掉 --training，保持正式登记 (station has imports; use a new database for training)", label, n)
		}
		return "", forms.Errorf(forms.ECONFLICT, "%s 登记为练习工作站，已经导入过它的 %d 份练习导出，不能改为正式工作站：练习数据不能混进正式数据。"+
			"正式数据请登记到另一个总部数据库（hqdesk station add --db 新的数据库 …）；要保持练习登记，请加 --training (station has training imports; use a new database)", label, n)
	}
	if _, err := tx.Exec(ctx, "UPDATE hq_stations SET training = ? WHERE branch = ? AND station = ?", boolInt(a.Training), a.Branch, a.Station); err != nil {
		return "", err
	}
	return fmt.Sprintf("已改登记：%s 由%s改为%s（%s；还没有导入过它的导出）(registration changed)",
		label, stationKind(!a.Training), stationKind(a.Training),
		now.Local().Format("2006-01-02 15:04")), nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

const keyColumns = "branch, station, gen, public_key, training, replaced_at"

func scanKey(r hqRow) (*registeredKey, error) {
	var k registeredKey
	var training int64
	var replaced sql.NullString
	if err := r.Scan(&k.Branch, &k.Station, &k.Gen, &k.PublicKey, &training, &replaced); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, nil
		}
		return nil, err
	}
	k.Training = training != 0
	k.Replaced = replaced.Valid
	return &k, nil
}

// keyByPublic finds a registered key by its public key (base64), or nil.
func keyByPublic(ctx context.Context, q querier, pub string) (*registeredKey, error) {
	return scanKey(q.QueryRow(ctx, "SELECT "+keyColumns+" FROM hq_stations WHERE public_key = ?", pub))
}

// currentKey finds a station's current (newest, not replaced) key, or nil.
func currentKey(ctx context.Context, q querier, branch string, station int) (*registeredKey, error) {
	return scanKey(q.QueryRow(ctx, "SELECT "+keyColumns+" FROM hq_stations WHERE branch = ? AND station = ? AND replaced_at IS NULL ORDER BY gen DESC LIMIT 1", branch, station))
}

// fileProblem says in Chinese why a file could not be read; the system's
// own words (often English) only for the rare rest.
func fileProblem(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "文件不存在"
	case errors.Is(err, fs.ErrPermission):
		return "没有权限读这个文件"
	case strings.Contains(err.Error(), "is a directory"):
		return "这是一个文件夹，不是文件"
	}
	return "读文件出错：" + err.Error()
}
