package forms

// SettingNames are the Chinese names of the station settings, as the
// settings screen (and, for the export folder and head office's key, the
// export screen) labels them; the audit screen names a changed setting by
// them instead of its key.
var SettingNames = map[string]string{
	SettingReturnDays:      "户籍卡归还期限（天）",
	SettingReceiptLayout:   "收据版式",
	SettingRetentionDays:   "打印文件保留天数",
	SettingPrinter:         "打印机名称",
	SettingPrintDirect:     "打印方式",
	SettingLanguage:        "界面语言",
	SettingBackupFolder:    "备份文件夹",
	SettingBackupDays:      "备份保留天数",
	SettingExportDir:       "上次导出的文件夹",
	SettingHQRecipient:     "总部公钥",
	SettingIdleLockMinutes: "无操作自动锁屏（分钟）",
}

// SettingName is the Chinese name of the setting key, or the key itself
// for one without a name (a key of a newer version).
func SettingName(key string) string {
	if n := SettingNames[key]; n != "" {
		return n
	}
	return key
}
