package main

import (
	"context"
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

// Print implements ui.Printer: it writes the PDF and opens it in the
// viewer; printing.Open does not wait for the viewer.
func (p *printer) Print(po *forms.Printout) (string, error) {
	path, err := p.out.Write(po)
	if err != nil {
		return "", fmt.Errorf("write %s: %w", po.Name(), err)
	}
	if err := printing.Open(path); err != nil {
		log.Printf("open %s: %v", path, err)
		return path, forms.Errorf(forms.EINTERNAL, "文件已生成（%s），但无法打开PDF阅读器：%v", path, err)
	}
	return path, nil
}

// Route implements ui.Printer.
func (p *printer) Route() string { return printing.Route() }
