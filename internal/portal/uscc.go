package portal

import "strings"

// usccAlphabet is the character set of the unified social credit code (GB 32100-2015): digits
// and upper-case letters without I, O, Z, S and V. A character's value is its index.
const usccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// NormalizeUSCC trims white space (including the full-width space) and upper-cases the code.
func NormalizeUSCC(code string) string {
	return strings.ToUpper(strings.TrimSpace(strings.ReplaceAll(code, "\u3000", "")))
}

// USCCProblem returns the catalog key of what is wrong with a normalised unified social credit
// code, or "" when it is valid: 18 characters from the code's alphabet, an administrative
// division code of six digits in positions 3–8, and the check character of GB 32100-2015.
func USCCProblem(code string) string {
	if len(code) != 18 {
		return "uscc.length"
	}
	sum := 0
	for i := 0; i < 18; i++ {
		v := strings.IndexByte(usccAlphabet, code[i])
		if v < 0 {
			return "uscc.charset"
		}
		if i >= 2 && i <= 7 && v > 9 {
			return "uscc.region"
		}
		if i < 17 {
			sum += v * usccWeights[i]
		}
	}
	check := (31 - sum%31) % 31
	if code[17] != usccAlphabet[check] {
		return "uscc.check"
	}
	return ""
}

// USCCCheckChar returns the check character for the first 17 characters of a code; it is
// used to make valid demo and test codes.
func USCCCheckChar(first17 string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += strings.IndexByte(usccAlphabet, first17[i]) * usccWeights[i]
	}
	return usccAlphabet[(31-sum%31)%31]
}
