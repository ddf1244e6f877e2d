package server

import (
	"net/http"
	"strings"
	"unicode"
)

// attachment makes the browser save the response as a file. asciiName is the filename for
// clients that only read the plain parameter; utf8Name, usually Chinese, is sent as well in the
// filename* parameter of RFC 6266 (RFC 8187 encoding), which every current browser prefers.
// Characters that file systems or the header syntax refuse become "_" in both.
func attachment(w http.ResponseWriter, asciiName, utf8Name string) {
	ascii := strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || strings.ContainsRune(`"\/:*?<>|`, r) {
			return '_'
		}
		return r
	}, asciiName)
	v := `attachment; filename="` + ascii + `"`
	if name := safeFileName(utf8Name); name != "" && name != ascii {
		v += "; filename*=UTF-8''" + encodeExtValue(name)
	}
	w.Header().Set("Content-Disposition", v)
}

// safeFileName replaces what Windows, macOS or Linux refuse in a file name: path separators,
// reserved punctuation and control characters.
func safeFileName(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || strings.ContainsRune(`"\/:*?<>|`, r) {
			return '_'
		}
		return r
	}, strings.TrimSpace(s))
}

// encodeExtValue percent-encodes s as the value-chars of an RFC 8187 ext-value: every octet
// but the attr-chars.
func encodeExtValue(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
