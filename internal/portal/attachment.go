package portal

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits of a demand's attachments.
const (
	MaxAttachments     = 5        // files per demand
	MaxAttachmentBytes = 10 << 20 // bytes per file (10 MiB)
	maxFilenameRunes   = 120
)

// The content types an attachment may have: PDF, PNG and JPEG images, and Office documents.
const (
	TypePDF  = "application/pdf"
	TypePNG  = "image/png"
	TypeJPEG = "image/jpeg"
	TypeDOC  = "application/msword"
	TypeXLS  = "application/vnd.ms-excel"
	TypePPT  = "application/vnd.ms-powerpoint"
	TypeDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	TypeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	TypePPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
)

// AttachmentExtension returns the usual file extension (".pdf") of an allowed content type,
// or "" for any other.
func AttachmentExtension(contentType string) string {
	switch contentType {
	case TypePDF:
		return ".pdf"
	case TypePNG:
		return ".png"
	case TypeJPEG:
		return ".jpg"
	case TypeDOC:
		return ".doc"
	case TypeXLS:
		return ".xls"
	case TypePPT:
		return ".ppt"
	case TypeDOCX:
		return ".docx"
	case TypeXLSX:
		return ".xlsx"
	case TypePPTX:
		return ".pptx"
	}
	return ""
}

var (
	magicPDF  = []byte("%PDF-")
	magicPNG  = []byte("\x89PNG\r\n\x1a\n")
	magicJPEG = []byte{0xFF, 0xD8, 0xFF}
	magicOLE2 = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	magicZIP  = []byte("PK\x03\x04")
)

// SniffAttachment returns the content type of data judged by its content alone, never by a
// file name, or "" when it is none of the allowed kinds. Office Open XML files (docx, xlsx,
// pptx) are zip archives whose [Content_Types].xml names their main part; old Office files
// (doc, xls, ppt) are OLE2 compound files holding a stream of a known name. Everything else —
// HTML, SVG, scripts, executables, other archives, macro-enabled Office files — is refused.
func SniffAttachment(data []byte) string {
	switch {
	case bytes.HasPrefix(data, magicPDF):
		return TypePDF
	case bytes.HasPrefix(data, magicPNG):
		return TypePNG
	case bytes.HasPrefix(data, magicJPEG):
		return TypeJPEG
	case bytes.HasPrefix(data, magicOLE2):
		return sniffOLE2(data)
	case bytes.HasPrefix(data, magicZIP):
		return sniffOOXML(data)
	}
	return ""
}

// sniffOLE2 tells the old Office formats apart by the name of their main stream, which the
// compound file's directory stores in UTF-16LE. An OLE2 file with none of them (an .msi
// installer, for one) is refused.
func sniffOLE2(data []byte) string {
	switch {
	case bytes.Contains(data, utf16le("WordDocument")):
		return TypeDOC
	case bytes.Contains(data, utf16le("Workbook")), bytes.Contains(data, utf16le("Book\x00")):
		return TypeXLS
	case bytes.Contains(data, utf16le("PowerPoint Document")):
		return TypePPT
	}
	return ""
}

func utf16le(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		b = append(b, s[i], 0)
	}
	return b
}

// ooxmlMain maps the content type of an Office Open XML main part to the file's type.
var ooxmlMain = map[string]string{
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml":   TypeDOCX,
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml":         TypeXLSX,
	"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": TypePPTX,
}

// sniffOOXML reads the zip's [Content_Types].xml and returns the type its main part declares.
func sniffOOXML(data []byte) string {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return ""
	}
	for _, f := range zr.File {
		if f.Name != "[Content_Types].xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return ""
		}
		// A real one is a few kilobytes; the limit keeps a zip bomb from inflating.
		raw, err := io.ReadAll(io.LimitReader(rc, 1<<20))
		rc.Close()
		if err != nil {
			return ""
		}
		var types struct {
			Overrides []struct {
				PartName    string `xml:"PartName,attr"`
				ContentType string `xml:"ContentType,attr"`
			} `xml:"Override"`
		}
		if xml.Unmarshal(raw, &types) != nil {
			return ""
		}
		found := ""
		for _, o := range types.Overrides {
			t, ok := ooxmlMain[strings.TrimSpace(o.ContentType)]
			if !ok {
				continue
			}
			if found != "" && found != t {
				return "" // claims to be two kinds of document at once
			}
			if !zipHas(zr, strings.TrimPrefix(o.PartName, "/")) {
				return ""
			}
			found = t
		}
		return found
	}
	return ""
}

func zipHas(zr *zip.Reader, name string) bool {
	for _, f := range zr.File {
		if f.Name == name {
			return true
		}
	}
	return false
}

// CheckAttachment checks one uploaded file and returns its content type. An empty file, one
// over MaxAttachmentBytes, or one of a kind not allowed is EINVALID on the field
// "attachments" with a message naming the file (Args[0] is the file name).
func CheckAttachment(name string, data []byte) (string, error) {
	fail := func(key string) error {
		return &Error{Code: EINVALID, Key: key, Args: []any{name}, Fields: map[string]string{"attachments": key}}
	}
	switch {
	case len(data) == 0:
		return "", fail("attachment.empty")
	case len(data) > MaxAttachmentBytes:
		return "", fail("attachment.too_big")
	}
	t := SniffAttachment(data)
	if t == "" {
		return "", fail("attachment.type_refused")
	}
	return t, nil
}

// TooManyAttachments is the EINVALID error for more than MaxAttachments files.
func TooManyAttachments() error {
	return &Error{Code: EINVALID, Key: "attachment.too_many", Args: []any{MaxAttachments},
		Fields: map[string]string{"attachments": "attachment.too_many"}}
}

// SanitizeFilename returns an uploaded file's name safe to store and show: the last element
// of any path (browsers on Windows once sent "C:\…"), without control or bidirectional
// formatting characters (which disguise "exe.pdf" as "fdp.exe"), trimmed, at most 120
// characters with the extension kept, and "file" when nothing is left.
func SanitizeFilename(name string) string {
	name = strings.ToValidUTF8(name, "")
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError {
			return -1
		}
		return r
	}, name)
	name = strings.Trim(name, " .\u3000")
	if utf8.RuneCountInString(name) > maxFilenameRunes {
		ext := path.Ext(name)
		if utf8.RuneCountInString(ext) > 10 {
			ext = ""
		}
		stem := []rune(strings.TrimSuffix(name, ext))
		name = string(stem[:maxFilenameRunes-utf8.RuneCountInString(ext)]) + ext
	}
	if name == "" {
		return "file"
	}
	return name
}
