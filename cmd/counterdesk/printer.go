package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strconv"
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
}

func newPrinter(db *store.DB, dir string) *printer {
	return &printer{db: db, out: &printing.Output{Dir: dir, Retention: 30 * 24 * time.Hour, Now: time.Now}}
}

// prune deletes printed PDFs older than the station's retention setting:
// they contain personal data.
func (p *printer) prune() {
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

// Missing implements ui.Printer.
func (p *printer) Missing(texts ...string) []rune { return printing.Missing(texts...) }

// Print implements ui.Printer: it writes the PDF and, when the station
// prints directly (setting print.direct) and the PC has a route for it,
// sends it to the printer of print.printer ("" = the default printer);
// otherwise, or when direct printing fails at once, it opens the PDF in
// the viewer. It runs off the UI goroutine (so it reads the settings
// itself) and returns within a couple of seconds: the printing package
// does not wait for the printer or the viewer.
func (p *printer) Print(po *forms.Printout) (string, error) {
	path, err := p.out.Write(po)
	if err != nil {
		return "", fmt.Errorf("write %s: %w", po.Name(), err)
	}
	if direct, name := p.printSettings(); direct {
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
			return path, forms.Errorf(forms.EINTERNAL, "文件已生成（%s），但无法打印，也无法打开PDF阅读器：%v", path, err)
		}
	}
	if err := printing.Open(path); err != nil {
		log.Printf("open %s: %v", path, err)
		return path, forms.Errorf(forms.EINTERNAL, "文件已生成（%s），但无法打开PDF阅读器：%v", path, err)
	}
	return path, nil
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
