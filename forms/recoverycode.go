package forms

// RecoveryCodeDocument is the sheet of the branch's recovery code for the
// branch manager's safe, printed at set-up and when a supervisor makes a new
// code (reissue). The code does two jobs (SPEC "People and trust", issue 17):
// it resets a supervisor's password once, and it opens the encrypted backups
// on the USB stick made while it is the branch's code. stationCode is the
// station's code (e.g. "QB01"); the branch's name is filled in by printing
// from ［机构名称］. The printout that carries it must be Secret.
func RecoveryCodeDocument(stationCode, code string, reissue bool) *Document {
	title, signer := "主管密码恢复码", "设置人"
	backups := "\n恢复U盘上的加密备份（.db.age）时也要输入此恢复码。"
	if reissue {
		title, signer = "主管密码恢复码（换发）", "换发人"
		backups = "\n恢复U盘上的加密备份（.db.age）时也要输入恢复码：本恢复码打开换发之后的备份，换发之前的备份仍用旧恢复码。"
	}
	return &Document{
		ID:    "recovery_code",
		Title: title,
		Body: "网点：［机构名称］（窗口 " + stationCode + "）\n恢复码：" + code +
			"\n所有主管都无法登录柜台通时，在登录界面点“用恢复码重设主管密码”，输入此恢复码即可为一位主管重设密码。恢复码只能使用一次。" +
			backups +
			"\n请妥善保管于保险柜，不得拍照、复印或保存在电脑上。",
		Copies:     []CopyLabel{{Label: "网点负责人保管", Keeper: "office"}},
		Signatures: []string{signer, "网点负责人"},
	}
}
