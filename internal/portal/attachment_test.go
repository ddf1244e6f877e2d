package portal_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"
	"testing"

	"breakfast/internal/portal"
)

// officeZip builds a minimal Office Open XML file: a zip whose [Content_Types].xml declares
// mainType for the part at partName, which exists.
func officeZip(t testing.TB, partName, mainType string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("[Content_Types].xml")
	_, _ = w.Write([]byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/` + partName + `" ContentType="` + mainType + `"/>
</Types>`))
	w, _ = zw.Create(partName)
	_, _ = w.Write([]byte(`<?xml version="1.0"?><root/>`))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func ole2(stream string) []byte {
	data := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...)
	for _, c := range stream {
		data = append(data, byte(c), 0)
	}
	return append(data, 0, 0)
}

func TestSniffAttachment(t *testing.T) {
	plainZip := func() []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, _ := zw.Create("readme.txt")
		_, _ = w.Write([]byte("hello"))
		_ = zw.Close()
		return buf.Bytes()
	}
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"pdf", []byte("%PDF-1.7\n%âãÏÓ\n1 0 obj\n"), portal.TypePDF},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), portal.TypePNG},
		{"jpeg", []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F'}, portal.TypeJPEG},
		{"docx", officeZip(t, "word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"), portal.TypeDOCX},
		{"xlsx", officeZip(t, "xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"), portal.TypeXLSX},
		{"pptx", officeZip(t, "ppt/presentation.xml", "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"), portal.TypePPTX},
		{"doc", ole2("WordDocument"), portal.TypeDOC},
		{"xls", ole2("Workbook"), portal.TypeXLS},
		{"ppt", ole2("PowerPoint Document"), portal.TypePPT},
		{"docm refused (macros)", officeZip(t, "word/document.xml", "application/vnd.ms-word.document.macroEnabled.main+xml"), ""},
		{"docx whose main part is missing", func() []byte {
			var buf bytes.Buffer
			zw := zip.NewWriter(&buf)
			w, _ := zw.Create("[Content_Types].xml")
			_, _ = w.Write([]byte(`<Types><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`))
			_ = zw.Close()
			return buf.Bytes()
		}(), ""},
		{"plain zip", plainZip(), ""},
		{"OLE2 installer (msi)", ole2("SummaryInformation"), ""},
		{"html", []byte("<!DOCTYPE html><html><script>alert(1)</script></html>"), ""},
		{"svg", []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`), ""},
		{"svg with BOM", []byte("\xEF\xBB\xBF<svg xmlns=\"http://www.w3.org/2000/svg\"/>"), ""},
		{"windows executable", []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00"), ""},
		{"elf", []byte("\x7fELF\x02\x01\x01"), ""},
		{"shell script", []byte("#!/bin/sh\nrm -rf /\n"), ""},
		{"gif", []byte("GIF89a\x01\x00\x01\x00"), ""},
		{"pdf after junk", []byte("<html>%PDF-1.4"), ""},
		{"empty", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := portal.SniffAttachment(tt.data); got != tt.want {
				t.Errorf("SniffAttachment = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCheckAttachment(t *testing.T) {
	pdf := []byte("%PDF-1.4\n")
	tests := []struct {
		name, file string
		data       []byte
		wantType   string
		wantKey    string
	}{
		{"pdf", "报告.pdf", pdf, portal.TypePDF, ""},
		{"html named .pdf", "invoice.pdf", []byte("<html><body>hi</body></html>"), "", "attachment.type_refused"},
		{"empty", "空.pdf", nil, "", "attachment.empty"},
		{"one byte too big", "big.pdf", append(pdf, make([]byte, portal.MaxAttachmentBytes)...), "", "attachment.too_big"},
		{"exactly the limit", "max.pdf", append(pdf, make([]byte, portal.MaxAttachmentBytes-len(pdf))...), portal.TypePDF, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			typ, err := portal.CheckAttachment(tt.file, tt.data)
			if typ != tt.wantType {
				t.Errorf("type = %q, want %q", typ, tt.wantType)
			}
			var e *portal.Error
			switch {
			case tt.wantKey == "" && err != nil:
				t.Errorf("err = %v", err)
			case tt.wantKey != "" && (!errors.As(err, &e) || e.Code != portal.EINVALID || e.Key != tt.wantKey ||
				e.Fields["attachments"] != tt.wantKey || len(e.Args) != 1 || e.Args[0] != tt.file):
				t.Errorf("err = %#v, want EINVALID %s naming %q", err, tt.wantKey, tt.file)
			}
		})
	}
}

func TestSanitizeFilename(t *testing.T) {
	long := strings.Repeat("很长的名字", 40) + ".docx"
	tests := []struct{ in, want string }{
		{"报告.pdf", "报告.pdf"},
		{`C:\Users\王\Desktop\报告.pdf`, "报告.pdf"},
		{"../../etc/passwd", "passwd"},
		{"a\x00b\nc.pdf", "abc.pdf"},
		{"invoice\u202Efdp.exe", "invoicefdp.exe"},
		{"  spaced.png  ", "spaced.png"},
		{"...", "file"},
		{"", "file"},
		{"bad\xffutf8.pdf", "badutf8.pdf"},
	}
	for _, tt := range tests {
		if got := portal.SanitizeFilename(tt.in); got != tt.want {
			t.Errorf("SanitizeFilename(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	got := portal.SanitizeFilename(long)
	if n := len([]rune(got)); n != 120 || !strings.HasSuffix(got, ".docx") {
		t.Errorf("long name: %d runes, %q", n, got)
	}
}

// FuzzSniffAttachment feeds the sniffer arbitrary bytes: it must never panic, and whatever it
// accepts must be one of the allowed types and start like that type.
func FuzzSniffAttachment(f *testing.F) {
	f.Add([]byte("%PDF-1.4"))
	f.Add([]byte("\x89PNG\r\n\x1a\n"))
	f.Add(officeZip(f, "word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"))
	f.Add(officeZip(f, "xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"))
	f.Add(ole2("WordDocument"))
	f.Add([]byte("<svg/>"))
	f.Add([]byte("PK\x03\x04garbage"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got := portal.SniffAttachment(data)
		if got == "" {
			return
		}
		if portal.AttachmentExtension(got) == "" {
			t.Fatalf("sniffed a type that is not allowed: %q", got)
		}
		var magic string
		switch got {
		case portal.TypePDF:
			magic = "%PDF-"
		case portal.TypePNG:
			magic = "\x89PNG"
		case portal.TypeJPEG:
			magic = "\xFF\xD8\xFF"
		case portal.TypeDOC, portal.TypeXLS, portal.TypePPT:
			magic = "\xD0\xCF\x11\xE0"
		default:
			magic = "PK\x03\x04"
		}
		if !bytes.HasPrefix(data, []byte(magic)) {
			t.Fatalf("%q accepted without its signature: % x", got, data[:min(len(data), 8)])
		}
	})
}
