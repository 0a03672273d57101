package assets

import _ "embed"

// Catalogue is the default service catalogue (release 2026.1) as JSON: the
// eight counter services of the specification with their questions,
// conditional papers, documents and their wording, fees and deposits, and
// the clerk's talking points. forms.ParseCatalogue reads and validates it;
// the store copies it into the database at first start and offers a changed
// release to the supervisor as new service versions. It stays plain bytes so
// that this package imports neither forms nor Fyne.
//
//go:embed catalogue.json
var Catalogue []byte
