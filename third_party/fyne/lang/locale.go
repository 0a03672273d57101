package lang

import (
	"strings"

	"github.com/jeandeaual/go-locale"
	"golang.org/x/text/language"

	"fyne.io/fyne/v2"
)

// SystemLocale returns the primary locale on the current system.
// This may refer to a language that Fyne does not have translations for.
func SystemLocale() fyne.Locale {
	loc, err := locale.GetLocale()
	if err != nil {
		fyne.LogError("Failed to look up user locale", err)
	}
	if len(loc) < 2 || isPOSIXDefault(loc) {
		loc = "en"
	}

	tag, err := language.Parse(loc)
	if err != nil {
		fyne.LogError("Error parsing user locale "+loc, err)
	}
	return localeFromTag(tag)
}

func closestSupportedLocale(locs []string) fyne.Locale {
	matcher := language.NewMatcher(translated)

	tags := make([]language.Tag, 0, len(locs))
	for _, loc := range locs {
		if isPOSIXDefault(loc) {
			continue // no language chosen: the matcher's default stands
		}
		tag, err := language.Parse(loc)
		if err != nil {
			fyne.LogError("Error parsing user locale "+loc, err)
		}
		tags = append(tags, tag)
	}
	best, _, _ := matcher.Match(tags...)
	return localeFromTag(best)
}

// isPOSIXDefault reports whether loc is the POSIX default locale ("C",
// "POSIX", "C.UTF-8"): it names no language, so it is not an error.
func isPOSIXDefault(loc string) bool {
	base, _, _ := strings.Cut(loc, ".")
	return base == "C" || base == "POSIX"
}

func localeFromTag(in language.Tag) fyne.Locale {
	b, s, r := in.Raw()
	ret := b.String()

	if r.String() != "ZZ" {
		ret += "-" + r.String()

		if s.String() != "Zzzz" {
			ret += "-" + s.String()
		}
	}

	return fyne.Locale(ret)
}
