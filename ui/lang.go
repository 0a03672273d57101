package ui

import (
	"embed"
	"encoding/json"
	"fmt"

	"fyne.io/fyne/v2/lang"
)

//go:embed translations/*.json
var translations embed.FS

// english is set when the station's language is English. Chinese is the
// source language, so in Chinese T returns the string itself: asking Fyne's
// translator for a key it has no entry for logs a "Translation failure"
// for every label on every screen.
var english bool

// T translates a UI string. Chinese is the source language: the string is
// its own key, and English is a translation loaded only when chosen.
func T(s string) string {
	if !english {
		return s
	}
	return lang.L(s)
}

// Tf translates a format string and fills it.
func Tf(format string, args ...any) string { return fmt.Sprintf(T(format), args...) }

// LoadLanguage makes the UI speak the station's language whatever the
// language of Windows. Fyne picks translations by the OS locale, so the
// chosen language's strings are registered under the system locale:
// "zh" loads Fyne's own Chinese strings (with 确定/否 in place of Fyne's
// 好/不) so its buttons follow; "en" loads our English translation.
func LoadLanguage(language string) error {
	file := "translations/zh-Hans.json"
	if language == "en" {
		file = "translations/en.json"
	}
	data, err := translations.ReadFile(file)
	if err != nil {
		return err
	}
	var check map[string]any
	if err := json.Unmarshal(data, &check); err != nil {
		return fmt.Errorf("translation %s: %w", file, err)
	}
	if err := lang.AddTranslationsForLocale(data, lang.SystemLocale()); err != nil {
		return err
	}
	english = language == "en"
	return nil
}
