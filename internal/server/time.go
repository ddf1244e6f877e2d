package server

import "time"

// shanghai is the portal's time zone: meetings, deadlines and print-outs use China Standard Time.
var shanghai = mustLoadLocation("Asia/Shanghai")

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		// China has used UTC+8 without daylight saving since 1991.
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}
