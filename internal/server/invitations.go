package server

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"breakfast/internal/portal"
	"breakfast/internal/postgres"
	"breakfast/web/pages"

	"github.com/skip2/go-qrcode"
)

// invitationsHref is the officials' invitations page of a meeting; query keeps the picker's
// filter.
func invitationsHref(meetingID int64, query url.Values) string {
	u := url.URL{Path: "/meetings/" + strconv.FormatInt(meetingID, 10) + "/invitations", RawQuery: query.Encode()}
	return u.String()
}

// pickerFilter decodes the invitation picker's query (chain, key, q, months, after). Without a
// chain parameter the meeting's own chain is chosen; chain= (empty) means every chain.
func (s *Server) pickerFilter(r *http.Request, m *portal.Meeting) (postgres.CandidateFilter, pages.InvitePicker, error) {
	q := r.URL.Query()
	f := postgres.CandidateFilter{MeetingID: m.ID, Query: strings.TrimSpace(q.Get("q")), After: q.Get("after")}
	p := pages.InvitePicker{Query: f.Query, Key: q.Get("key"), Months: "3"}
	switch {
	case q.Has("chain") && q.Get("chain") != "":
		id, err := strconv.ParseInt(q.Get("chain"), 10, 64)
		if err != nil {
			return f, p, portal.Errorf(portal.EINVALID, "error.bad_request", "chain")
		}
		f.ChainID = &id
	case !q.Has("chain") && m.ChainID != nil:
		f.ChainID = m.ChainID
	}
	if f.ChainID != nil {
		p.Chain = strconv.FormatInt(*f.ChainID, 10)
	}
	switch p.Key {
	case "yes", "no":
		isKey := p.Key == "yes"
		f.IsKey = &isKey
	default:
		p.Key = ""
	}
	if v := q.Get("months"); slices.Contains(pages.MonthChoices, v) {
		p.Months = v
	}
	months, _ := strconv.Atoi(p.Months)
	f.NotInvitedSince = portal.NotInvitedSince(s.now(), months)
	return f, p, nil
}

func (s *Server) invitationsPage(w http.ResponseWriter, r *http.Request) {
	m, err := s.meetingFromPath(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.renderInvitations(w, r, http.StatusOK, m, pages.InvitePicker{}, pages.RefuseForm{})
}

// renderInvitations shows the invitations page; picked and refuse carry what the official typed
// when a form is shown again.
func (s *Server) renderInvitations(w http.ResponseWriter, r *http.Request, status int, m *portal.Meeting, picked pages.InvitePicker, refuse pages.RefuseForm) {
	ctx := r.Context()
	all, err := s.invitations.ForMeeting(ctx, m.ID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v := pages.InvitationsView{Meeting: m, Refuse: refuse}
	v.SplitInvitations(all)
	if err := m.CheckInvite(s.now()); err != nil {
		var appErr *portal.Error
		if !errors.As(err, &appErr) {
			s.renderError(w, r, err)
			return
		}
		v.InviteBlock = appErr.Key
	} else {
		f, p, err := s.pickerFilter(r, m)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		page, err := s.invitations.Candidates(ctx, f)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		if p.Chains, err = s.chains.All(ctx); err != nil {
			s.renderError(w, r, err)
			return
		}
		p.Candidates, p.OnFirst = page.Enterprises, f.After == ""
		p.FirstHref = pageHref(r, "after", "") + "#invite"
		if page.Next != "" {
			p.NextHref = pageHref(r, "after", page.Next) + "#invite"
		}
		p.Action = invitationsHref(m.ID, r.URL.Query())
		p.EnterpriseIDs, p.Problems, p.ErrKey, p.ErrArgs = picked.EnterpriseIDs, picked.Problems, picked.ErrKey, picked.ErrArgs
		v.Picker = p
	}
	s.renderPage(w, r, status, pages.Invitations(s.frame(r), v))
}

// invite invites the ticked enterprises. A round the store refuses (unverified or already
// listed enterprises, a meeting that takes no invitations) shows the page again with the
// message and the ticks kept.
func (s *Server) invite(w http.ResponseWriter, r *http.Request) {
	m, err := s.meetingFromPath(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	var picked pages.InvitePicker
	problems, err := decodeForm(r, &picked)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	var res postgres.InviteResult
	if err = problems.Err(); err == nil {
		res, err = s.invitations.Invite(r.Context(), m.ID, picked.EnterpriseIDs, currentUser(r).ID, s.now())
	}
	if err != nil {
		var appErr *portal.Error
		if !errors.As(err, &appErr) || (appErr.Code != portal.ECONFLICT && appErr.Code != portal.EINVALID) {
			s.renderError(w, r, err)
			return
		}
		status := http.StatusConflict
		if appErr.Code == portal.EINVALID {
			status = http.StatusUnprocessableEntity
			picked.Problems = appErr.Fields
		} else {
			picked.ErrKey, picked.ErrArgs = appErr.Key, appErr.Args
		}
		if m, err = s.meetings.ByID(r.Context(), m.ID); err != nil {
			s.renderError(w, r, err)
			return
		}
		s.renderInvitations(w, r, status, m, picked, pages.RefuseForm{})
		return
	}
	s.flash(r, "invitation.invited_ok", res.Invited, res.Waitlisted)
	q := r.URL.Query()
	q.Del("after")
	redirect(w, r, invitationsHref(m.ID, q))
}

func (s *Server) acceptApplication(w http.ResponseWriter, r *http.Request) {
	m, invID, err := s.applicationFromPath(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	to, err := s.invitations.Decide(r.Context(), m.ID, invID, true, "", s.now())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if to == portal.InvitationWaitlisted {
		s.flash(r, "invitation.application_queued")
	} else {
		s.flash(r, "invitation.application_seated")
	}
	redirect(w, r, invitationsHref(m.ID, nil))
}

func (s *Server) refuseApplication(w http.ResponseWriter, r *http.Request) {
	m, invID, err := s.applicationFromPath(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	form := pages.RefuseForm{InvitationID: invID}
	if _, err := decodeForm(r, &form); err != nil {
		s.renderError(w, r, err)
		return
	}
	_, err = s.invitations.Decide(r.Context(), m.ID, invID, false, form.Note, s.now())
	if s.formFailed(w, r, err, &form.Problems, func() {
		s.renderInvitations(w, r, http.StatusUnprocessableEntity, m, pages.InvitePicker{}, form)
	}) {
		return
	}
	s.flash(r, "invitation.application_refused")
	redirect(w, r, invitationsHref(m.ID, nil))
}

func (s *Server) applicationFromPath(r *http.Request) (*portal.Meeting, int64, error) {
	m, err := s.meetingFromPath(r)
	if err != nil {
		return nil, 0, err
	}
	invID, err := pathID(r, "invitationID")
	return m, invID, err
}

// myMeetings lists the entrepreneur's invitations and the meetings of their chains open for
// application. The enterprise comes from the account, never from the URL.
func (s *Server) myMeetings(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	enterpriseID := *currentUser(r).EnterpriseID
	now := s.now()
	upcoming, past, err := s.invitations.ForEnterprise(ctx, enterpriseID, now)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	open, err := s.invitations.OpenForApplication(ctx, enterpriseID, now)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	e, err := s.enterprises.ByID(ctx, enterpriseID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.renderPage(w, r, http.StatusOK, pages.MyMeetings(s.frame(r), pages.MyMeetingsView{Upcoming: upcoming, Past: past,
		Open: open, CanApply: e.Status == portal.EnterpriseVerified}))
}

// myMeetingFromPath returns the meeting of the URL as the entrepreneur's enterprise sees it,
// with its invitation (nil when it has none). Drafts are not found, and so are meetings the
// enterprise is not on the list of unless they are published (open for application): an
// entrepreneur learns nothing about other enterprises' invitations.
func (s *Server) myMeetingFromPath(r *http.Request) (*portal.Meeting, *portal.Invitation, error) {
	m, err := s.meetingFromPath(r)
	if err != nil {
		return nil, nil, err
	}
	if !m.VisibleToEnterprises() {
		return nil, nil, portal.Errorf(portal.ENOTFOUND, "error.not_found")
	}
	inv, err := s.invitations.Of(r.Context(), m.ID, *currentUser(r).EnterpriseID)
	if portal.ErrorCode(err) == portal.ENOTFOUND {
		if m.Status != portal.MeetingPublished {
			return nil, nil, err
		}
		return m, nil, nil
	}
	return m, inv, err
}

func (s *Server) myMeeting(w http.ResponseWriter, r *http.Request) {
	m, inv, err := s.myMeetingFromPath(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	form := pages.ReplyForm{}
	if inv != nil {
		for _, d := range inv.Delegates {
			form.RepNames = append(form.RepNames, d.Name)
			form.RepTitles = append(form.RepTitles, d.Title)
			form.RepMobiles = append(form.RepMobiles, d.Mobile)
		}
	}
	s.renderMyMeeting(w, r, http.StatusOK, m, inv, form)
}

// renderMyMeeting shows one meeting to the entrepreneur with the answers their invitation
// allows now and, once accepted, each representative's check-in pass.
func (s *Server) renderMyMeeting(w http.ResponseWriter, r *http.Request, status int, m *portal.Meeting, inv *portal.Invitation, form pages.ReplyForm) {
	now := s.now()
	form.Limit = m.PerEnterpriseLimit
	v := pages.MyMeetingView{Meeting: m, Invitation: inv, Form: form}
	replyErr := m.CheckReply(now)
	if inv == nil {
		if replyErr == nil {
			e, err := s.enterprises.ByID(r.Context(), *currentUser(r).EnterpriseID)
			if err != nil {
				s.renderError(w, r, err)
				return
			}
			v.CanApply = e.Status == portal.EnterpriseVerified
			if !v.CanApply {
				v.Closed = "invitation.apply_unverified"
			}
		}
	} else {
		answerable := inv.Status.CheckAnswer(false) == nil
		switch {
		case replyErr != nil && answerable && m.Status != portal.MeetingCancelled:
			v.Closed = errorKey(replyErr)
		case replyErr == nil:
			v.CanAccept = inv.Status.CheckAnswer(true) == nil
			v.CanDecline = answerable
		}
		if inv.Status == portal.InvitationAccepted && m.Status != portal.MeetingCancelled {
			base := siteURL(r, s)
			for _, d := range inv.Delegates {
				link := base + "/meetings/" + strconv.FormatInt(m.ID, 10) + "/checkin?code=" + url.QueryEscape(d.CheckinCode)
				svg, err := qrSVG(link)
				if err != nil {
					s.renderError(w, r, err)
					return
				}
				v.Passes = append(v.Passes, pages.DelegatePass{Delegate: d, CheckinURL: link, QRSVG: svg})
			}
		}
	}
	s.renderPage(w, r, status, pages.MyMeeting(s.frame(r), v))
}

// errorKey is the catalog key of an application error, or the internal error's.
func errorKey(err error) string {
	var appErr *portal.Error
	if errors.As(err, &appErr) {
		return appErr.Key
	}
	return "error.internal"
}

// replyInvitation records the entrepreneur's answer. Invalid representatives show the form
// again with 422; an answer the meeting or the invitation's state refuses shows the page again
// with 409 and the reason, everything typed kept.
func (s *Server) replyInvitation(w http.ResponseWriter, r *http.Request) {
	m, inv, err := s.myMeetingFromPath(r)
	if err == nil && inv == nil {
		err = portal.Errorf(portal.ENOTFOUND, "error.not_found")
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	var form pages.ReplyForm
	problems, err := decodeForm(r, &form)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if form.Answer != "accept" && form.Answer != "decline" {
		problems.Add("answer", "invitation.answer_required")
	}
	accept := form.Answer == "accept"
	if err = problems.Err(); err == nil {
		var reps []portal.Representative
		for i := range form.RepNames {
			reps = append(reps, portal.Representative{Name: form.RepNames[i], Title: at(form.RepTitles, i), Mobile: at(form.RepMobiles, i)})
		}
		err = s.invitations.Reply(r.Context(), m.ID, *currentUser(r).EnterpriseID, accept, reps, s.now())
	}
	if portal.ErrorCode(err) == portal.ECONFLICT {
		form.ErrKey = errorKey(err)
		s.renderMyMeeting(w, r, http.StatusConflict, m, inv, form)
		return
	}
	if s.formFailed(w, r, err, &form.Problems, func() { s.renderMyMeeting(w, r, http.StatusUnprocessableEntity, m, inv, form) }) {
		return
	}
	if accept {
		s.flash(r, "invitation.accepted_ok")
	} else {
		s.flash(r, "invitation.declined_ok")
	}
	redirect(w, r, "/my/meetings/"+strconv.FormatInt(m.ID, 10))
}

// applyMeeting records the entrepreneur's application to attend a published meeting.
func (s *Server) applyMeeting(w http.ResponseWriter, r *http.Request) {
	m, err := s.meetingFromPath(r)
	if err == nil && !m.VisibleToEnterprises() {
		err = portal.Errorf(portal.ENOTFOUND, "error.not_found")
	}
	if err == nil {
		u := currentUser(r)
		err = s.invitations.Apply(r.Context(), m.ID, *u.EnterpriseID, u.ID, s.now())
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.flash(r, "invitation.applied_ok")
	redirect(w, r, "/my/meetings/"+strconv.FormatInt(m.ID, 10))
}

// qrSVG draws text as a QR code in SVG (medium error correction, a quiet zone of four modules):
// one path of unit squares, crisp at any size, with no inline style (the CSP forbids it).
func qrSVG(text string) (string, error) {
	code, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return "", err
	}
	bitmap := code.Bitmap()
	n := len(bitmap)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" shape-rendering="crispEdges">`, n, n)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, n, n)
	for y, row := range bitmap {
		for x, dark := range row {
			if dark {
				fmt.Fprintf(&b, "M%d %dh1v1h-1z", x, y)
			}
		}
	}
	b.WriteString(`"/></svg>`)
	return b.String(), nil
}
