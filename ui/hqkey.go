package ui

import (
	"bytes"
	"context"
	"io"
	"log"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// hqKeyStore is what the keys part of the settings screen needs: head
// office's public key (the age recipient exports are encrypted to) and the
// station's own signing key, whose public half head office registers.
type hqKeyStore interface {
	// HQRecipient is head office's recipient and its fingerprint; both ""
	// when none is set.
	HQRecipient(ctx context.Context) (recipient, fingerprint string, err error)
	// SetHQRecipient stores head office's recipient (supervisor) from the
	// age1… line or the whole hq-recipient.txt; a bad one is EINVALID.
	SetHQRecipient(ctx context.Context, a forms.Actor, recipient string) error
	// StationKey is the public half of the station's signing key, with
	// its fingerprint and the text `counterdesk keys` prints.
	StationKey(ctx context.Context) (forms.StationKey, error)
}

// hqKeys is the settings screen's section 总部公钥 / 本机签名公钥: head
// office's key with its fingerprint and 导入…, and the station's own
// signing key's fingerprint with 复制 and 保存到文件… so the supervisor
// can hand it to head office.
type hqKeys struct {
	app *App
	st  hqKeyStore

	hqKey      *widget.Label
	importBtn  *widget.Button
	stationKey *widget.Label
	copyBtn    *widget.Button
	saveBtn    *widget.Button
	keyText    string // the station's key as `counterdesk keys` prints it
	code       string // the station's code, for the file's name
	saveDlg    *dialog.FileDialog
}

func newHQKeys(u *App) *hqKeys {
	k := &hqKeys{app: u, st: u.store}
	k.hqKey = widget.NewLabel(T("正在读取……"))
	k.hqKey.Wrapping = fyne.TextWrapWord
	k.importBtn = widget.NewButton(T("导入…"), func() { u.showHQKeyImport() })
	k.stationKey = widget.NewLabel(T("正在读取……"))
	k.stationKey.Wrapping = fyne.TextWrapWord
	k.copyBtn = widget.NewButton(T("复制"), k.onCopy)
	k.saveBtn = widget.NewButton(T("保存到文件…"), k.onSave)
	k.copyBtn.Disable()
	k.saveBtn.Disable()
	if !u.user.IsSupervisor() {
		k.importBtn.Disable()
	}
	if u.station != nil {
		k.code = u.station.Code()
	}
	k.load()
	return k
}

// items are the section's rows in the settings form.
func (k *hqKeys) items() []*widget.FormItem {
	note := newWrappedText(T("把本机签名公钥保存到文件（或复制）交给总部登记；总部凭它确认导出文件确实来自本机。"))
	return []*widget.FormItem{
		widget.NewFormItem(T("总部公钥"), container.NewBorder(nil, nil, nil, k.importBtn, k.hqKey)),
		widget.NewFormItem(T("本机签名公钥"), container.NewVBox(
			container.NewBorder(nil, nil, nil, container.NewHBox(k.copyBtn, k.saveBtn), k.stationKey), note)),
	}
}

// load reads both keys off the UI goroutine.
func (k *hqKeys) load() {
	var fingerprint string
	var key forms.StationKey
	k.app.async(func(ctx context.Context) error {
		var err error
		if _, fingerprint, err = k.st.HQRecipient(ctx); err != nil {
			return err
		}
		key, err = k.st.StationKey(ctx)
		return err
	}, func() {
		if fingerprint == "" {
			k.hqKey.SetText(T("尚未设置总部公钥：点“导入…”，选择总部发来的公钥文件（hq-recipient.txt）或粘贴其内容。设置之前不能导出到总部。"))
			k.hqKey.Importance = widget.DangerImportance
		} else {
			k.hqKey.SetText(Tf("指纹 %s（请与总部核对）", fingerprint))
			k.hqKey.Importance = widget.MediumImportance
		}
		k.hqKey.Refresh()
		k.keyText = key.Text
		k.stationKey.SetText(Tf("指纹 %s", key.Fingerprint))
		if key.Text != "" {
			k.copyBtn.Enable()
			k.saveBtn.Enable()
		}
	})
}

// onCopy puts the station's key text on the clipboard.
func (k *hqKeys) onCopy() {
	k.app.fyne.Clipboard().SetContent(k.keyText)
	if k.app.home != nil {
		k.app.home.setStatus(T("本机签名公钥已复制，可粘贴到邮件或文档中交给总部"))
	}
}

// stationKeyFileName is the name offered for the station's key file.
func (k *hqKeys) stationKeyFileName() string {
	if k.code == "" {
		return "station-key.txt"
	}
	return k.code + "-station-key.txt"
}

// onSave asks where to save the station's key and writes it there.
func (k *hqKeys) onSave() {
	text := k.keyText
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		k.saveDlg = nil
		if err != nil {
			k.app.showError(err)
			return
		}
		if w == nil {
			return // cancelled
		}
		k.writeKey(w, w.URI().Path(), text)
	}, k.app.win)
	d.SetFileName(k.stationKeyFileName())
	d.SetFilter(storage.NewExtensionFileFilter([]string{".txt"}))
	d.Resize(fyne.NewSize(900, 600))
	k.saveDlg = d
	d.Show()
}

// writeKey writes the key text to w off the UI goroutine and says where
// it went.
func (k *hqKeys) writeKey(w io.WriteCloser, path, text string) {
	k.app.async(func(context.Context) error {
		_, err := io.WriteString(w, text)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			log.Printf("save station key %q: %v", path, err)
			return forms.Errorf(forms.EINVALID, "本机签名公钥没有保存到“%s”：请确认U盘没有拔出、还有空间、文件夹可以写入，再保存一次", path)
		}
		return nil
	}, func() {
		k.app.info(T("本机签名公钥"), Tf("已保存到：\n%s\n请把这个文件交给总部登记本机。", path))
	})
}

// hqKeyForm is the dialog in which a supervisor imports head office's
// public key, from its file or pasted.
type hqKeyForm struct {
	text     *widget.Entry
	message  *wrappedText
	fromFile *widget.Button
	save     *widget.Button
	dialog   dialog.Dialog
	fileDlg  *dialog.FileDialog
}

// showHQKeyImport opens the dialog that sets head office's public key
// (supervisor); once saved, the settings and export screens show it.
func (u *App) showHQKeyImport() {
	f := &hqKeyForm{text: widget.NewMultiLineEntry(), message: newWrappedText("")}
	f.text.SetPlaceHolder(T("粘贴总部公钥：以 age1 开头的一行"))
	f.text.Wrapping = fyne.TextWrapBreak
	f.text.SetMinRowsVisible(3)
	f.message.Importance = widget.DangerImportance
	f.fromFile = widget.NewButton(T("从文件读取…"), func() {
		d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
			f.fileDlg = nil
			if err != nil {
				f.message.SetText(forms.ErrorMessage(err))
				return
			}
			if r == nil {
				return // cancelled
			}
			u.readHQKeyFile(f, r, r.URI().Path())
		}, u.win)
		d.Resize(fyne.NewSize(900, 600))
		f.fileDlg = d
		d.Show()
	})
	f.save = widget.NewButton(T("保存总部公钥"), func() {
		value := f.text.Text
		if strings.TrimSpace(value) == "" {
			f.message.SetText(T("请粘贴总部公钥，或点“从文件读取…”选择总部发来的 hq-recipient.txt"))
			u.win.Canvas().Focus(f.text)
			return
		}
		a := u.actor()
		st := u.store
		u.runInDialog(f.save, f.message, f.dialog, func(ctx context.Context) error {
			return st.SetHQRecipient(ctx, a, value)
		}, func() {
			if h := u.home; h != nil {
				h.setStatus(T("总部公钥已保存"))
				// Both places that show the key show the new one.
				if h.settings != nil && h.settings.keys != nil {
					h.settings.keys.load()
				}
				if h.export != nil {
					h.export.onShown()
				}
			}
		})
	})
	f.save.Importance = widget.HighImportance
	cancel := widget.NewButton(T("取消"), func() { f.dialog.Hide() })
	// Short lines ending where a sentence does: a file name wrapped after
	// its opening bracket reads badly.
	note := newWrappedText(T("总部公钥由总部提供，即总部发来的文件 hq-recipient.txt。\n导出文件按它加密，只有总部能打开。请与总部核对保存后显示的指纹。"))
	f.dialog = dialog.NewCustomWithoutButtons(T("导入总部公钥"),
		container.NewVBox(note, f.text, f.message, container.NewHBox(f.save, f.fromFile, cancel)), u.win)
	f.dialog.Resize(fyne.NewSize(640, 340))
	u.hqKeyForm = f
	f.dialog.Show()
	u.win.Canvas().Focus(f.text)
}

// readHQKeyFile reads head office's key file (small) off the UI goroutine
// into the dialog's text. A file holding head office's SECRET key
// (hq-identity.txt, AGE-SECRET-KEY-…) is refused here and its text never
// reaches the screen.
func (u *App) readHQKeyFile(f *hqKeyForm, r io.ReadCloser, path string) {
	var data []byte
	u.run(func(context.Context) error {
		defer r.Close()
		var err error
		data, err = io.ReadAll(io.LimitReader(r, 64<<10))
		if err != nil {
			log.Printf("read hq key %q: %v", path, err)
			return forms.Errorf(forms.EINVALID, "无法读取文件“%s”：请确认U盘没有拔出，再选择一次", path)
		}
		if holdsSecretKey(data) {
			clear(data)
			data = nil
			return forms.Errorf(forms.EINVALID, "所选文件是总部的私钥，不是公钥，没有读入。私钥只能留在总部，请勿拷出或发送。\n请选择总部发来的 hq-recipient.txt。\n所选文件：%s", path)
		}
		return nil
	}, func(err error) {
		if err != nil {
			f.message.SetText(forms.ErrorMessage(err))
			return
		}
		f.message.SetText("")
		f.text.SetText(strings.TrimSpace(string(data)))
	})
}

// holdsSecretKey reports whether data holds an age secret key
// (AGE-SECRET-KEY-1…, in any case).
func holdsSecretKey(data []byte) bool {
	return bytes.Contains(bytes.ToUpper(data), []byte("AGE-SECRET-KEY-"))
}
