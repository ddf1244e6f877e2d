// Package i18n is the portal's one message catalog: every user-facing string has a key with a
// Chinese and an English text. Chinese is the default language.
package i18n

import (
	"context"
	"fmt"

	"breakfast/internal/portal"
)

type ctxKey struct{}

// WithLang returns a context whose T calls render in lang.
func WithLang(ctx context.Context, lang portal.Lang) context.Context {
	return context.WithValue(ctx, ctxKey{}, lang)
}

// LangOf returns the language stored in ctx, Chinese when none is.
func LangOf(ctx context.Context) portal.Lang {
	if l, ok := ctx.Value(ctxKey{}).(portal.Lang); ok {
		return l
	}
	return portal.LangZH
}

// T returns the text of key in ctx's language, formatted with args (fmt verbs). An unknown key
// is returned as it is, so a missing entry shows instead of an empty space.
func T(ctx context.Context, key string, args ...any) string {
	return Text(LangOf(ctx), key, args...)
}

// Text returns the text of key in lang, formatted with args.
func Text(lang portal.Lang, key string, args ...any) string {
	e, ok := catalog[key]
	if !ok {
		return key
	}
	s := e.zh
	if lang == portal.LangEN {
		s = e.en
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Has reports whether key is in the catalog.
func Has(key string) bool {
	_, ok := catalog[key]
	return ok
}

// Keys returns every key of the catalog.
func Keys() []string {
	keys := make([]string, 0, len(catalog))
	for k := range catalog {
		keys = append(keys, k)
	}
	return keys
}

// HTMLLang returns the value of the html element's lang attribute for lang.
func HTMLLang(lang portal.Lang) string {
	if lang == portal.LangEN {
		return "en"
	}
	return "zh-CN"
}

type entry struct{ zh, en string }

// catalog is every area's texts in one map. Each area keeps its texts in its own file.
var catalog = merge(coreTexts, registryTexts, enterpriseTexts, meetingTexts, calendarTexts, importTexts, checkinTexts, invitationTexts, printTexts, demandTexts, demandReportTexts, workdaysTexts, demandWorkTexts, demandIntakeTexts, dashboardTexts, categoriesTexts, notifyTexts, auditTexts, demandExportTexts)

func merge(areas ...map[string]entry) map[string]entry {
	all := map[string]entry{}
	for _, area := range areas {
		for k, v := range area {
			if _, dup := all[k]; dup {
				panic("i18n: key " + k + " is defined twice")
			}
			all[k] = v
		}
	}
	return all
}
