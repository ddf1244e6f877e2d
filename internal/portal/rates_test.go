package portal

import "testing"

func TestRate(t *testing.T) {
	tests := []struct {
		name     string
		rate     Rate
		want     string
		fraction string
		defined  bool
	}{
		{"empty denominator", Rate{0, 0}, "—", "—", false},
		{"numerator without denominator", Rate{3, 0}, "—", "—", false},
		{"none of some", Rate{0, 4}, "0%", "0/4", true},
		{"all", Rate{4, 4}, "100%", "4/4", true},
		{"half", Rate{1, 2}, "50%", "1/2", true},
		{"two thirds, one decimal", Rate{2, 3}, "66.7%", "2/3", true},
		{"one third", Rate{1, 3}, "33.3%", "1/3", true},
		{"rounds half up at one decimal", Rate{1, 8}, "12.5%", "1/8", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.rate.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
			if got := tt.rate.Fraction(); got != tt.fraction {
				t.Errorf("Fraction() = %q, want %q", got, tt.fraction)
			}
			if tt.rate.Defined() != tt.defined {
				t.Errorf("Defined() = %v", tt.rate.Defined())
			}
			if _, ok := tt.rate.Percent(); ok != tt.defined {
				t.Errorf("Percent() ok = %v", ok)
			}
		})
	}
}

func TestAverage(t *testing.T) {
	tests := []struct {
		name string
		avg  Average
		want string
	}{
		{"nothing to average", Average{0, 0}, "—"},
		{"whole", Average{6, 2}, "3.0"},
		{"one decimal", Average{7, 2}, "3.5"},
		{"thirds", Average{10, 3}, "3.3"},
		{"zero days", Average{0, 5}, "0.0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.avg.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
			if _, ok := tt.avg.Value(); ok != (tt.avg.Count > 0) {
				t.Errorf("Value() ok = %v", ok)
			}
		})
	}
}
