package forms

// StationKey is the public half of a station's Ed25519 signing key, which
// signs every export file: what `counterdesk keys` prints for head office
// to register (hqdesk station add) and what the export screen shows.
type StationKey struct {
	Branch      string // the branch code, e.g. QB
	Station     int    // the station number, 1–99
	PublicKey   []byte // the Ed25519 public key, 32 bytes
	Fingerprint string // store.KeyFingerprint of PublicKey, e.g. SHA256:3f2a-91bc-…
	Text        string // store.FormatStationKey: a Chinese comment line and the key line, to save in a file
}
