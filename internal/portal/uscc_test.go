package portal

import (
	"strings"
	"testing"
)

func TestUSCC(t *testing.T) {
	cases := []struct {
		name, code, want string
	}{
		{"BYD (Shenzhen)", "91440300192317458F", ""},
		{"Huawei (Shenzhen)", "914403001922038216", ""},
		{"Tencent, letter check char", "9144030071526726XG", ""},
		{"CATL (Ningde)", "91350900587527783P", ""},
		{"Xiaomi (Beijing)", "91110108551385082Q", ""},
		{"GB 32100 example", "91350100M000100Y43", ""},
		{"lower case is normalised", NormalizeUSCC(" 91350100m000100y43 "), ""},
		{"full-width space trimmed", NormalizeUSCC("\u300091440300192317458F"), ""},
		{"wrong check character", "91440300192317458G", "uscc.check"},
		{"two digits swapped", "91440300912317458F", "uscc.check"},
		{"17 characters", "91440300192317458", "uscc.length"},
		{"19 characters", "91440300192317458FF", "uscc.length"},
		{"empty", "", "uscc.length"},
		{"letter I is never used", "9144030019231745IF", "uscc.charset"},
		{"letter O is never used", "91440300192317O58F", "uscc.charset"},
		{"lower case not normalised", "91350100m000100y43", "uscc.charset"},
		{"Chinese characters", "九1440300192317458", "uscc.length"},
		{"letter in the region code", "9144A300192317458F", "uscc.region"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := USCCProblem(tc.code); got != tc.want {
				t.Errorf("USCCProblem(%q) = %q, want %q", tc.code, got, tc.want)
			}
		})
	}
}

func TestUSCCCheckCharMakesValidCodes(t *testing.T) {
	for _, first17 := range []string{"91330110MA2000001", "12100000400000624", "5133010657A1B2C3D", "Y1330100MA2XXXXXX"} {
		code := first17 + string(USCCCheckChar(first17))
		if p := USCCProblem(code); p != "" {
			t.Errorf("%s: %s", code, p)
		}
	}
}

func FuzzUSCC(f *testing.F) {
	for _, seed := range []string{"91440300192317458F", "9144030071526726XG", "", "000000000000000000", "91350100m000100y43", "九"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, code string) {
		n := NormalizeUSCC(code)
		problem := USCCProblem(n)
		if problem == "" {
			if len(n) != 18 || strings.Trim(n, usccAlphabet) != "" {
				t.Fatalf("accepted %q", n)
			}
			if USCCCheckChar(n[:17]) != n[17] {
				t.Fatalf("accepted %q with a wrong check character", n)
			}
			// Changing any one character must be caught (the check detects single errors).
			for i := 0; i < 18; i++ {
				for _, c := range []byte(usccAlphabet) {
					if c == n[i] {
						continue
					}
					changed := n[:i] + string(c) + n[i+1:]
					if USCCProblem(changed) == "" && (i < 2 || i > 7 || c <= '9') {
						t.Fatalf("%q accepted after changing position %d", changed, i+1)
					}
				}
			}
		}
	})
}

func TestContactRules(t *testing.T) {
	for s, want := range map[string]bool{
		"13812345678": true, "19912345678": true, "+8613812345678": true,
		"12812345678": false, "1381234567": false, "138123456789": false, "02312345678": false, "138-1234-5678": false,
	} {
		if ValidMobile(s) != want {
			t.Errorf("ValidMobile(%q) = %v", s, !want)
		}
	}
	for s, want := range map[string]bool{
		"zhang@example.cn": true, "a.b@mail.example.com": true,
		"zhang": false, "zhang@": false, "张三 <z@example.cn>": false, "z@localhost": false,
	} {
		if ValidEmail(s) != want {
			t.Errorf("ValidEmail(%q) = %v", s, !want)
		}
	}
	if MaskMobile("13812341234") != "138****1234" {
		t.Error(MaskMobile("13812341234"))
	}
}

func TestEnterpriseInputValidate(t *testing.T) {
	valid := func() EnterpriseInput {
		return EnterpriseInput{Name: "星途新能源汽车股份有限公司", USCC: "91440300192317458f", Scale: ScaleAbove,
			ChainIDs: []int64{1, 1}, Contacts: []Contact{{}, {Name: " 王建华 ", Mobile: "138 1234 5678"}}}
	}
	in := valid()
	in.Normalize()
	if err := in.Validate(); err != nil {
		t.Fatalf("valid input refused: %v", err)
	}
	if in.USCC != "91440300192317458F" || len(in.ChainIDs) != 1 || len(in.Contacts) != 1 || in.Contacts[0].Mobile != "13812345678" {
		t.Errorf("normalised: %+v", in)
	}
	cases := []struct {
		name  string
		edit  func(*EnterpriseInput)
		field string
		key   string
	}{
		{"no name", func(in *EnterpriseInput) { in.Name = " " }, "name", "field.required"},
		{"bad code", func(in *EnterpriseInput) { in.USCC = "91440300192317458A" }, "uscc", "uscc.check"},
		{"no scale", func(in *EnterpriseInput) { in.Scale = "" }, "scale", "enterprise.scale_required"},
		{"negative output", func(in *EnterpriseInput) { in.AnnualOutput = "-1" }, "annual_output", "enterprise.output_invalid"},
		{"output not a number", func(in *EnterpriseInput) { in.AnnualOutput = "一千" }, "annual_output", "enterprise.output_invalid"},
		{"output NaN", func(in *EnterpriseInput) { in.AnnualOutput = "NaN" }, "annual_output", "enterprise.output_invalid"},
		{"output infinite", func(in *EnterpriseInput) { in.AnnualOutput = "Inf" }, "annual_output", "enterprise.output_invalid"},
		{"no chain", func(in *EnterpriseInput) { in.ChainIDs = nil }, "chain_ids", "enterprise.chain_required"},
		{"no contact", func(in *EnterpriseInput) { in.Contacts = nil }, "contact_name_0", "enterprise.contact_required"},
		{"bad mobile", func(in *EnterpriseInput) { in.Contacts[1].Mobile = "12345" }, "contact_mobile_0", "contact.mobile_invalid"},
		{"bad email", func(in *EnterpriseInput) { in.Contacts[1].Email = "wang@" }, "contact_email_0", "contact.email_invalid"},
		{"contact without name", func(in *EnterpriseInput) { in.Contacts[1].Name = "" }, "contact_name_0", "field.required"},
		{"name too long", func(in *EnterpriseInput) { in.Name = strings.Repeat("企", 101) }, "name", "field.too_long"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := valid()
			tc.edit(&in)
			in.Normalize()
			err, _ := in.Validate().(*Error)
			if err == nil || err.Fields[tc.field] != tc.key {
				t.Errorf("problems = %v, want %s: %s", err, tc.field, tc.key)
			}
		})
	}
}
