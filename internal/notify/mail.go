package notify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"time"

	"breakfast/internal/i18n"

	gomail "github.com/wneessen/go-mail"
)

// Mail is one e-mail to one recipient: a plain text body and optional attachments.
type Mail struct {
	To          string
	ToName      string
	Subject     string
	Body        string
	Attachments []Attachment
}

// Attachment is a file sent with a Mail.
type Attachment struct {
	Filename    string
	ContentType string // e.g. text/calendar; method=PUBLISH
	Data        []byte
}

// Mailer sends mails. An error means this mail was not sent and may be tried again; the worker
// retries with backoff. SMS or WeChat channels will come behind a sender of their own.
type Mailer interface {
	Send(ctx context.Context, m Mail) error
}

// LogMailer writes mails to the log instead of sending them: the mailer of a portal without
// SMTP_URL, so development shows what would have been sent.
type LogMailer struct {
	Log *slog.Logger
}

// Send logs the mail and never fails.
func (l LogMailer) Send(ctx context.Context, m Mail) error {
	names := make([]string, len(m.Attachments))
	for i, a := range m.Attachments {
		names[i] = a.Filename
	}
	l.Log.InfoContext(ctx, "mail not sent (SMTP_URL is not set)", "to", m.To, "subject", m.Subject,
		"body", m.Body, "attachments", strings.Join(names, ", "))
	return nil
}

// SMTPMailer sends mails through an SMTP server. Build it with ParseSMTPURL.
type SMTPMailer struct {
	host     string
	port     int
	user     string
	password string
	from     string
	implicit bool // smtps: TLS from the first byte
	starttls gomail.TLSPolicy
	timeout  time.Duration
}

// ParseSMTPURL reads an SMTP_URL such as
//
//	smtp://user:password@mail.example.cn:587?from=portal@example.cn
//	smtps://user:password@mail.example.cn?from=早餐会平台%20<portal@example.cn>
//
// smtp uses STARTTLS when the server offers it (starttls=required insists on it,
// starttls=none never tries); smtps speaks TLS from the start (default port 465). The from
// parameter, the sender address, is required. A malformed URL is an error naming what is wrong,
// never echoing the password.
func ParseSMTPURL(raw string) (*SMTPMailer, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, errors.New("SMTP_URL is not a URL")
	}
	m := &SMTPMailer{host: u.Hostname(), starttls: gomail.TLSOpportunistic, timeout: 30 * time.Second}
	switch u.Scheme {
	case "smtp":
		m.port = 25
	case "smtps":
		m.port, m.implicit = 465, true
	default:
		return nil, fmt.Errorf("SMTP_URL: scheme %q is not smtp or smtps", u.Scheme)
	}
	if m.host == "" {
		return nil, errors.New("SMTP_URL: no host")
	}
	if p := u.Port(); p != "" {
		if m.port, err = strconv.Atoi(p); err != nil || m.port <= 0 || m.port > 65535 {
			return nil, fmt.Errorf("SMTP_URL: bad port %q", p)
		}
	}
	if u.User != nil {
		m.user = u.User.Username()
		m.password, _ = u.User.Password()
	}
	q := u.Query()
	m.from = q.Get("from")
	if m.from == "" {
		return nil, errors.New("SMTP_URL: the from parameter (the sender address) is missing")
	}
	if err := gomail.NewMsg().From(m.from); err != nil {
		return nil, fmt.Errorf("SMTP_URL: from %q is not an address", m.from)
	}
	switch q.Get("starttls") {
	case "":
	case "required":
		m.starttls = gomail.TLSMandatory
	case "none":
		m.starttls = gomail.NoTLS
	default:
		return nil, fmt.Errorf("SMTP_URL: starttls must be required or none, not %q", q.Get("starttls"))
	}
	return m, nil
}

// String describes the mailer for the start-up banner, without the password.
func (m *SMTPMailer) String() string {
	scheme := "smtp"
	if m.implicit {
		scheme = "smtps"
	}
	return fmt.Sprintf("%s://%s:%d (from %s)", scheme, m.host, m.port, m.from)
}

// Send delivers one mail in its own SMTP session.
func (m *SMTPMailer) Send(ctx context.Context, mail Mail) error {
	msg, err := m.message(mail)
	if err != nil {
		return err
	}
	opts := []gomail.Option{gomail.WithPort(m.port), gomail.WithTimeout(m.timeout), gomail.WithTLSPolicy(m.starttls)}
	if m.implicit {
		opts = append(opts, gomail.WithSSL())
	}
	if m.user != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(m.user), gomail.WithPassword(m.password))
	}
	client, err := gomail.NewClient(m.host, opts...)
	if err != nil {
		return err
	}
	return client.DialAndSendWithContext(ctx, msg)
}

func (m *SMTPMailer) message(mail Mail) (*gomail.Msg, error) {
	msg := gomail.NewMsg()
	if err := msg.From(m.from); err != nil {
		return nil, err
	}
	to := mail.To
	if mail.ToName != "" {
		if err := msg.AddToFormat(mail.ToName, mail.To); err != nil {
			return nil, err
		}
	} else if err := msg.To(to); err != nil {
		return nil, err
	}
	msg.Subject(mail.Subject)
	msg.SetDate()
	msg.SetMessageID()
	msg.SetBodyString(gomail.TypeTextPlain, mail.Body)
	for _, a := range mail.Attachments {
		if err := msg.AttachReader(a.Filename, bytes.NewReader(a.Data),
			gomail.WithFileContentType(gomail.ContentType(a.ContentType))); err != nil {
			return nil, err
		}
	}
	return msg, nil
}

// compose builds the mail of a delivery: the notice rendered in the recipient's language, a
// link back to the portal, and for meeting notices the meeting as an .ics file.
func compose(d Delivery, site string) Mail {
	msg := Render(d.Kind, d.Data, d.Lang)
	body := msg.Body
	if d.Link != "" && site != "" {
		body += "\n\n" + i18n.Text(d.Lang, "notify.mail_open", strings.TrimRight(site, "/")+d.Link)
	}
	body += "\n\n-- \n" + i18n.Text(d.Lang, "notify.mail_footer")
	m := Mail{To: d.Email, ToName: d.Name, Subject: msg.Subject, Body: body}
	if ics, ok := meetingICS(d, site); ok {
		m.Attachments = append(m.Attachments, ics)
	}
	return m
}
