package main

import (
	"context"
	"errors"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"time"

	"counterdesk/forms"
	"counterdesk/printing"
	"counterdesk/store"
)

// printer renders printouts into the printed-documents folder and opens
// them in the system's viewer, without blocking the screen.
type printer struct {
	db  *store.DB
	out *printing.Output
	// secretDir is where a Secret printout's PDF (the recovery code) is
	// written, in a folder of its own made for it: never the
	// printed-documents folder. It is the system's temporary folder.
	secretDir string
	// secretGrace is how long a Secret PDF stays after the viewer or
	// printer was handed it, for the viewer to read it; then it is
	// deleted (and retried while a viewer on Windows holds it open).
	secretGrace time.Duration
	// secrets counts Secret PDFs still waiting to be deleted, for tests.
	secrets sync.WaitGroup
}

// secretPrefix names the folders Secret PDFs are written to.
const secretPrefix = "counterdesk-secret-"

func newPrinter(db *store.DB, dir string) *printer {
	return &printer{db: db, out: &printing.Output{Dir: dir, Retention: 30 * 24 * time.Hour, Now: time.Now},
		secretDir: os.TempDir(), secretGrace: 2 * time.Minute}
}

// prune deletes printed PDFs older than the station's retention setting:
// they contain personal data. It also deletes what is left of Secret PDFs
// from an earlier run that ended before their deletion.
func (p *printer) prune() {
	p.removeSecretLeftovers()
	if v, err := p.db.Setting(context.Background(), forms.SettingRetentionDays); err == nil {
		if n, err := strconv.Atoi(v); err == nil && n > 0 {
			p.out.Retention = time.Duration(n) * 24 * time.Hour
		}
	}
	if n, err := p.out.Prune(); err != nil {
		log.Printf("prune printed documents: %v", err)
	} else if n > 0 {
		log.Printf("deleted %d printed documents past retention", n)
	}
}

// removeSecretLeftovers deletes the Secret PDF folders in secretDir; a
// folder of another user's, or one a viewer still holds, stays.
func (p *printer) removeSecretLeftovers() {
	dirs, err := filepath.Glob(filepath.Join(p.secretDir, secretPrefix+"*"))
	if err != nil {
		return
	}
	for _, d := range dirs {
		if err := os.RemoveAll(d); err != nil {
			log.Printf("remove leftover secret printout %s: %v", d, err)
		}
	}
}

// FindUnprintable implements ui.Printer.
func (p *printer) FindUnprintable(field, text string) []forms.Unprintable {
	return printing.FindUnprintable(field, text)
}

// Print implements ui.Printer: it writes the printouts into one PDF and,
// when the station prints directly (setting print.direct) and the PC has a
// route for it, sends it to the printer of print.printer ("" = the default
// printer) as one job; otherwise, or when direct printing fails at once,
// it opens the PDF in the viewer, one window. It runs off the UI
// goroutine (so it reads the settings itself) and returns within a couple
// of seconds: the printing package does not wait for the printer or the
// viewer. A Preview always opens in the viewer. When any printout is
// Secret or a Preview, the PDF goes to a folder of its own
// in the system's temporary folder, never to printed/, and is deleted
// secretGrace after it was handed over. Every error carries a Chinese
// message for the clerk; the detail goes to the log.
func (p *printer) Print(ps ...*forms.Printout) (string, error) {
	if len(ps) == 0 {
		return "", nil
	}
	out := p.out
	secret := slices.ContainsFunc(ps, func(po *forms.Printout) bool { return po.Secret || po.Preview })
	preview := slices.ContainsFunc(ps, func(po *forms.Printout) bool { return po.Preview })
	if secret {
		dir, err := os.MkdirTemp(p.secretDir, secretPrefix+"*")
		if err != nil {
			log.Printf("secret printout folder: %v", err)
			return "", forms.Errorf(forms.EINTERNAL, "无法生成PDF文件：系统临时文件夹不可写，请联系技术支持")
		}
		out = &printing.Output{Dir: dir, Now: p.out.Now}
		defer p.forget(dir)
	}
	path, err := out.Write(ps...)
	if err != nil {
		log.Printf("write %s: %v", ps[0].Name(), err)
		return "", forms.Errorf(forms.EINTERNAL, "无法生成PDF文件：请检查数据文件夹中的 printed 文件夹是否存在、可写，磁盘是否已满（%s）", out.Dir)
	}
	// A preview is only to be looked at: the viewer, never the printer.
	if direct, name := p.printSettings(); direct && !preview {
		err := printing.Print(path, name)
		switch {
		case err == nil:
			return path, nil
		case errors.Is(err, printing.ErrOpenedInstead):
			// The PDF is on the screen; the clerk prints from there.
			log.Printf("print %s: %v", path, err)
			return path, nil
		default:
			log.Printf("print %s: %v", path, err)
			return path, err
		}
	}
	if err := printing.Open(path); err != nil {
		log.Printf("open %s: %v", path, err)
		return path, err
	}
	return path, nil
}

// forget deletes the folder of a Secret PDF secretGrace from now, in the
// background, trying again every secretGrace while it cannot (a viewer on
// Windows holds it open) for up to an hour; what is left then is deleted
// at the next start (prune).
func (p *printer) forget(dir string) {
	p.secrets.Add(1)
	go func() {
		defer p.secrets.Done()
		deadline := time.Now().Add(time.Hour)
		for {
			time.Sleep(p.secretGrace)
			err := os.RemoveAll(dir)
			if err == nil {
				return
			}
			if time.Now().After(deadline) {
				log.Printf("remove secret printout %s: %v (deleted at the next start)", dir, err)
				return
			}
		}
	}()
}

// printSettings reads print.direct and print.printer; a setting that
// cannot be read means the viewer, which always works.
func (p *printer) printSettings() (direct bool, name string) {
	ctx := context.Background()
	d, err := p.db.Setting(ctx, forms.SettingPrintDirect)
	if err != nil {
		log.Printf("read %s: %v", forms.SettingPrintDirect, err)
		return false, ""
	}
	if d != "yes" {
		return false, ""
	}
	name, err = p.db.Setting(ctx, forms.SettingPrinter)
	if err != nil {
		log.Printf("read %s: %v", forms.SettingPrinter, err)
		return false, ""
	}
	return true, name
}

// Route implements ui.Printer: how this PC prints directly, or that it
// found no way and opens the viewer.
func (p *printer) Route() string { return printing.Route() }
