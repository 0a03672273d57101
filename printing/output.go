package printing

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"counterdesk/forms"
)

// Output writes printouts as PDF files into the station's printed-documents
// folder and deletes them after Retention: printed PDFs contain personal
// data.
type Output struct {
	Dir string
	// Retention is how long a PDF is kept; zero or less keeps them all.
	Retention time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

func (o *Output) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

// tempPrefix marks a PDF still being written; Prune removes stale ones.
const tempPrefix = ".printing-"

// Write renders the printouts, in order, into one PDF in Dir (RenderAll)
// named <YYYYMMDD-HHMMSS>_<name>.pdf, where name is the first printout's
// Name(), followed by "_等N份文书" when there are more, and returns the
// file's path. The PDF is written to a temporary file first and renamed
// when complete, so a viewer or Prune never sees half a file. A name that
// is taken gets a suffix ("-2", "-3", …); the name holds no personal data
// beyond document numbers.
func (o *Output) Write(ps ...*forms.Printout) (path string, err error) {
	if len(ps) == 0 || ps[0] == nil {
		return "", errors.New("printing: no printout")
	}
	if err := os.MkdirAll(o.Dir, 0o700); err != nil {
		return "", fmt.Errorf("printing: %w", err)
	}
	tmp, err := os.CreateTemp(o.Dir, tempPrefix+"*.tmp")
	if err != nil {
		return "", fmt.Errorf("printing: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = RenderAll(tmp, ps...); err != nil {
		return "", err
	}
	if err = tmp.Sync(); err != nil {
		return "", fmt.Errorf("printing: %w", err)
	}
	if err = tmp.Close(); err != nil {
		return "", fmt.Errorf("printing: %w", err)
	}

	name := ps[0].Name()
	if len(ps) > 1 {
		name += "_等" + strconv.Itoa(len(ps)) + "份文书"
	}
	now := o.now()
	stem := now.Format("20060102-150405") + "_" + fileStem(name)
	path, err = reserve(o.Dir, stem)
	if err != nil {
		return "", err
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		os.Remove(path)
		return "", fmt.Errorf("printing: %w", err)
	}
	// The file's time is the clock's, so Prune ages it by the same clock.
	_ = os.Chtimes(path, now, now)
	return path, nil
}

// reserve creates an empty file named stem.pdf in dir, or stem-2.pdf, … if
// the name is taken, and returns its path. Creating it exclusively makes
// the name ours even if another Write runs at the same second.
func reserve(dir, stem string) (string, error) {
	for i := 1; i < 1000; i++ {
		name := stem
		if i > 1 {
			name += "-" + strconv.Itoa(i)
		}
		path := filepath.Join(dir, name+".pdf")
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err == nil {
			f.Close()
			return path, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", fmt.Errorf("printing: %w", err)
		}
	}
	return "", fmt.Errorf("printing: no free file name for %s in %s", stem, dir)
}

// fileStem makes a document name safe as a file name on Windows: the
// characters Windows forbids (and control characters) become "_", trailing
// dots and spaces go, and the name is kept short.
func fileStem(name string) string {
	var b strings.Builder
	for _, r := range name {
		switch {
		case r < 0x20 || r == 0x7F || strings.ContainsRune(`<>:"/\|?*`, r):
			b.WriteByte('_')
		case r == utf8.RuneError:
			b.WriteByte('_')
		default:
			b.WriteRune(r)
		}
	}
	s := b.String()
	if rs := []rune(s); len(rs) > 80 {
		s = string(rs[:80])
	}
	s = strings.TrimRight(s, ". ")
	if s == "" {
		s = "document"
	}
	return s
}

// Prune deletes the PDFs in Dir older than Retention, and temporary files
// left by an interrupted Write, and returns how many PDFs it deleted. A
// file it cannot delete (open in a viewer on Windows) is left for the next
// time; the errors are returned joined after the others are done.
func (o *Output) Prune() (int, error) {
	if o.Retention <= 0 {
		return 0, nil
	}
	entries, err := os.ReadDir(o.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("printing: %w", err)
	}
	now := o.now()
	cutoff := now.Add(-o.Retention)
	n := 0
	var errs []error
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		name := e.Name()
		pdf := strings.EqualFold(filepath.Ext(name), ".pdf")
		temp := strings.HasPrefix(name, tempPrefix) && strings.HasSuffix(name, ".tmp")
		if !pdf && !temp {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue // gone meanwhile
		}
		old := info.ModTime().Before(cutoff)
		if temp {
			old = info.ModTime().Before(now.Add(-time.Hour))
		}
		if !old {
			continue
		}
		if err := os.Remove(filepath.Join(o.Dir, name)); err != nil {
			if !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, fmt.Errorf("printing: %w", err))
			}
			continue
		}
		if pdf {
			n++
		}
	}
	return n, errors.Join(errs...)
}
