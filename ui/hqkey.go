package ui

// showHQKeyImport opens the dialog that sets head office's public key; it
// comes with the station key's store methods.
func (u *App) showHQKeyImport(done func()) {}
