package portal

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestValidPhone(t *testing.T) {
	for _, tt := range []struct {
		name  string
		phone string
		want  bool
	}{
		{"mobile", "13912345678", true},
		{"mobile 19x", "19987654321", true},
		{"mobile with 12 prefix", "12912345678", false},
		{"mobile too short", "1391234567", false},
		{"mobile too long", "139123456789", false},
		{"mobile with country code", "+8613912345678", false},
		{"landline with hyphen", "0571-87010001", true},
		{"landline without hyphen", "057187010001", true},
		{"landline 3-digit area code", "010-62345678", true},
		{"landline 7-digit number", "0570-3012345", true},
		{"landline with extension", "0571-87010001-8021", true},
		{"landline with 转 extension", "0571-87010001转8021", true},
		{"landline without area code", "87010001", false},
		{"landline area code without 0", "571-87010001", false},
		{"landline number starting with 0", "0571-07010001", false},
		{"landline too long", "0571-870100012", false},
		{"extension too long", "0571-87010001-1234567", false},
		{"letters", "0571-8701000a", false},
		{"spaces inside", "139 1234 5678", false},
		{"empty", "", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := ValidPhone(tt.phone); got != tt.want {
				t.Errorf("ValidPhone(%q) = %v, want %v", tt.phone, got, tt.want)
			}
		})
	}
}

// fieldsOf returns the field problems of err, nil when err is nil; it fails on other errors.
func fieldsOf(t *testing.T, err error) map[string]string {
	t.Helper()
	if err == nil {
		return nil
	}
	var e *Error
	if !errors.As(err, &e) || e.Code != EINVALID {
		t.Fatalf("error %v is not EINVALID", err)
	}
	return e.Fields
}

func TestChainInputValidate(t *testing.T) {
	ok := ChainInput{Name: "新能源汽车", Description: "整车与电池", LeaderName: "陈志远", LeaderTitle: "区长"}
	for _, tt := range []struct {
		name string
		edit func(*ChainInput)
		want map[string]string
	}{
		{"valid", func(*ChainInput) {}, nil},
		{"only the required fields", func(in *ChainInput) { in.Description, in.LeaderTitle = "", "" }, nil},
		{"blank name and leader", func(in *ChainInput) { in.Name, in.LeaderName = "  ", "\t" },
			map[string]string{"name": "field.required", "leader_name": "field.required"}},
		{"50-character name is fine", func(in *ChainInput) { in.Name = strings.Repeat("链", 50) }, nil},
		{"51-character name", func(in *ChainInput) { in.Name = strings.Repeat("链", 51) }, map[string]string{"name": "field.too_long"}},
		{"long description", func(in *ChainInput) { in.Description = strings.Repeat("述", 501) }, map[string]string{"description": "field.too_long"}},
		{"long leader name", func(in *ChainInput) { in.LeaderName = strings.Repeat("名", 21) }, map[string]string{"leader_name": "field.too_long"}},
		{"long leader title", func(in *ChainInput) { in.LeaderTitle = strings.Repeat("职", 51) }, map[string]string{"leader_title": "field.too_long"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			in := ok
			tt.edit(&in)
			in.Normalize()
			if got := fieldsOf(t, in.Validate()); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("problems = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestChainInputNormalize(t *testing.T) {
	in := ChainInput{Name: " 集成电路 ", Description: "\n芯片\n", LeaderName: " 林国栋", LeaderTitle: "副区长 "}
	in.Normalize()
	want := ChainInput{Name: "集成电路", Description: "芯片", LeaderName: "林国栋", LeaderTitle: "副区长"}
	if in != want {
		t.Errorf("normalized = %+v", in)
	}
}

func TestDepartmentInputValidate(t *testing.T) {
	ok := DepartmentInput{Name: "工业和信息化局", ShortName: "工信局", ContactName: "王建国", ContactPhone: "0571-87010001"}
	for _, tt := range []struct {
		name string
		edit func(*DepartmentInput)
		want map[string]string
	}{
		{"valid", func(*DepartmentInput) {}, nil},
		{"only the name", func(in *DepartmentInput) { in.ShortName, in.ContactName, in.ContactPhone = "", "", "" }, nil},
		{"mobile phone", func(in *DepartmentInput) { in.ContactPhone = " 13912345678 " }, nil},
		{"no name", func(in *DepartmentInput) { in.Name = "" }, map[string]string{"name": "field.required"}},
		{"long name", func(in *DepartmentInput) { in.Name = strings.Repeat("局", 51) }, map[string]string{"name": "field.too_long"}},
		{"long short name", func(in *DepartmentInput) { in.ShortName = strings.Repeat("局", 21) }, map[string]string{"short_name": "field.too_long"}},
		{"long contact", func(in *DepartmentInput) { in.ContactName = strings.Repeat("王", 21) }, map[string]string{"contact_name": "field.too_long"}},
		{"bad phone", func(in *DepartmentInput) { in.ContactPhone = "12345" }, map[string]string{"contact_phone": "departments.phone_invalid"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			in := ok
			tt.edit(&in)
			in.Normalize()
			if got := fieldsOf(t, in.Validate()); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("problems = %v, want %v", got, tt.want)
			}
		})
	}
}
