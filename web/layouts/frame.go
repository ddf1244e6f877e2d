// Package layouts holds the page frames: the base layout with navigation, and the print layout.
package layouts

import (
	"strconv"

	"breakfast/internal/portal"
)

// Frame is what every page's layout needs besides the page itself: who is looking, the
// flash message to show once, and where they are.
type Frame struct {
	User  *portal.User
	Flash string
	Path  string
	// Unread is how many of the user's notifications are unread: the bell's number.
	Unread int
}

// NavItem is one entry of the main navigation.
type NavItem struct {
	Key  string // i18n key of the label
	Href string
}

// Nav returns the navigation entries the frame's user may use, in order.
func (f Frame) Nav() []NavItem {
	if f.User == nil {
		return nil
	}
	items := []NavItem{{"nav.home", "/"}}
	if f.User.Is(portal.RoleEntrepreneur) {
		items = append(items, NavItem{"nav.my_enterprise", "/my/enterprise"}, NavItem{"nav.my_meetings", "/my/meetings"},
			NavItem{"nav.my_demands", "/my/demands"})
	}
	if f.User.Is(portal.RoleOfficial, portal.RoleAdmin) {
		items = append(items, NavItem{"nav.meetings", "/meetings"}, NavItem{"demand_work.nav_demands", "/demands"},
			NavItem{"nav.enterprises", "/enterprises"}, NavItem{"nav.chains", "/chains"}, NavItem{"nav.departments", "/departments"})
	}
	if f.User.Is(portal.RoleDepartment) {
		items = append(items, NavItem{"demand_work.nav_inbox", "/inbox"})
	}
	if f.User.Is(portal.RoleOfficial, portal.RoleAdmin, portal.RoleDepartment) {
		items = append(items, NavItem{"nav.dashboard", "/dashboard"})
	}
	if f.User.Is(portal.RoleAdmin) {
		items = append(items, NavItem{"nav.users", "/admin/users"}, NavItem{"nav.work_calendar", "/admin/calendar"},
			NavItem{"audit.nav", "/admin/audit"})
	}
	if f.User.Is(portal.RoleAdmin) {
		items = append(items, NavItem{"notify.nav_outbox", "/admin/outbox"})
	}
	return items
}

// Current reports whether href is the section the user is in.
func (f Frame) Current(href string) bool {
	if href == "/" {
		return f.Path == "/"
	}
	return f.Path == href || len(f.Path) > len(href) && f.Path[:len(href)] == href && f.Path[len(href)] == '/'
}

// bellCount is the bell's number: past 99 the exact figure helps nobody.
func bellCount(unread int) string {
	if unread > 99 {
		return "99+"
	}
	return strconv.Itoa(unread)
}
