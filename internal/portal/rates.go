package portal

import (
	"strconv"
	"strings"
)

// The figures district leaders judge the demand work by. Each is a Rate of two counts that the
// store computes with SQL aggregates over the same demands; the definitions are these (the
// dashboard states them in one sentence each, see the dashboard.def_* texts):
//
//   - accepted (受理): demands an official has taken on — every state but submitted, rejected
//     and merged (a demand returned to triage was accepted once and still counts);
//   - resolution rate (办结率) = closed ÷ accepted;
//   - on-time rate (按时答复率) = answered by the deadline (the answer's date in China time on or
//     before the deadline) ÷ answered (answered_at set);
//   - satisfaction rate (满意率) = (满意 + 基本满意) ÷ rated; a demand nobody rated is never
//     counted as satisfied: it is counted apart as not rated (answered, or closed after the
//     rating window, without a rating);
//   - acceptance rate (接受率) of invitations = accepted ÷ answered (accepted + declined);
//   - check-in rate (签到率) = checked-in ÷ expected attendees (walk-ins excluded).

// Rate is Num out of Den: a share such as closed ÷ accepted. A rate whose denominator is zero
// is undefined and shows as "—": it is never divided, and never shown as 0% or 100%.
type Rate struct {
	Num, Den int
}

// Defined reports whether the rate has a denominator.
func (r Rate) Defined() bool { return r.Den > 0 }

// Percent returns the rate in per cent (0–100 for Num ≤ Den), and false when it is undefined.
func (r Rate) Percent() (float64, bool) {
	if r.Den <= 0 {
		return 0, false
	}
	return float64(r.Num) * 100 / float64(r.Den), true
}

// String is the rate as the pages print it: per cent with at most one decimal ("66.7%",
// "100%"), or "—" when the denominator is zero.
func (r Rate) String() string {
	p, ok := r.Percent()
	if !ok {
		return NoFigure
	}
	return FormatPercent(p)
}

// Fraction is the counts behind the rate, "3/4", or "—" when it is undefined.
func (r Rate) Fraction() string {
	if r.Den <= 0 {
		return NoFigure
	}
	return strconv.Itoa(r.Num) + "/" + strconv.Itoa(r.Den)
}

// NoFigure is what a page shows for a figure that cannot be computed (an empty denominator).
const NoFigure = "—"

// FormatPercent writes p per cent with at most one decimal: 66.7%, 100%, 0%.
func FormatPercent(p float64) string {
	s := strconv.FormatFloat(p, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	return s + "%"
}

// Average is Sum over Count, such as the working days departments took to answer. With no
// items it is undefined and shows as "—".
type Average struct {
	Sum   int
	Count int
}

// Defined reports whether there is anything to average.
func (a Average) Defined() bool { return a.Count > 0 }

// Value returns the average, and false when it is undefined.
func (a Average) Value() (float64, bool) {
	if a.Count <= 0 {
		return 0, false
	}
	return float64(a.Sum) / float64(a.Count), true
}

// String is the average with one decimal ("3.5"), or "—".
func (a Average) String() string {
	v, ok := a.Value()
	if !ok {
		return NoFigure
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}
