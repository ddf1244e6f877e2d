package notify

import (
	"context"
	"log/slog"
	"time"

	"breakfast/internal/portal"
)

// Delivery is one outbox row claimed for sending: the notice, its recipient's address and
// language, and how many attempts (this one included) it has had.
type Delivery struct {
	ID        int64
	Kind      Kind
	Data      Data
	Link      string // a path on the portal, e.g. /demands/42
	Email     string
	Name      string
	Lang      portal.Lang
	Attempts  int
	CreatedAt time.Time
}

// Outbox is what the worker needs of the store (postgres.NotificationStore is one).
type Outbox interface {
	// Schedule writes the notices that time causes (reminders, deadlines) as of now, each once.
	Schedule(ctx context.Context, now time.Time, reminderLead time.Duration) (int, error)
	// Claim takes up to limit due rows and hides them from other workers for lease; it counts
	// the attempt. Two workers never get the same row.
	Claim(ctx context.Context, now time.Time, limit int, lease time.Duration) ([]Delivery, error)
	// MarkSent records a delivered row.
	MarkSent(ctx context.Context, id int64, now time.Time) error
	// MarkFailed records a failed attempt: the row is due again at retryAt, or parked when
	// retryAt is nil.
	MarkFailed(ctx context.Context, id int64, now time.Time, reason string, retryAt *time.Time) error
}

// Worker delivers the outbox and runs the scheduler. Several workers, in one process or in
// several server instances, may run at once: the outbox hands each row to one of them.
type Worker struct {
	Outbox Outbox
	Mailer Mailer
	Log    *slog.Logger
	Now    func() time.Time
	// Site is the portal's address for links in mails, e.g. https://zqzc.example.gov.cn.
	Site string
	// ReminderLead is how long before a meeting its reminder goes out (default 24h).
	ReminderLead time.Duration
	// MaxAttempts is how many failed sends park a row (default 5).
	MaxAttempts int
	// Every is the pause between ticks of Run (default 30s).
	Every time.Duration
}

// Defaults of the Worker's settings.
const (
	DefaultReminderLead = 24 * time.Hour
	DefaultMaxAttempts  = 5
	DefaultEvery        = 30 * time.Second
	lease               = 5 * time.Minute // longer than any one send may take
	batch               = 20
	maxBatchesPerTick   = 10
)

// Backoff is the pause before the next attempt after the attempt-th failed one: one minute,
// doubling each time, at most an hour.
func Backoff(attempt int) time.Duration {
	d := time.Minute
	for i := 1; i < attempt && d < time.Hour; i++ {
		d *= 2
	}
	return min(d, time.Hour)
}

// Tick runs the scheduler once and then delivers what is due, batch by batch, and returns how
// many mails it sent. Tests call it with a controlled clock instead of waiting for Run.
func (w *Worker) Tick(ctx context.Context) (int, error) {
	lead := w.ReminderLead
	if lead <= 0 {
		lead = DefaultReminderLead
	}
	if _, err := w.Outbox.Schedule(ctx, w.Now(), lead); err != nil {
		return 0, err
	}
	sent := 0
	for range maxBatchesPerTick {
		list, err := w.Outbox.Claim(ctx, w.Now(), batch, lease)
		if err != nil || len(list) == 0 {
			return sent, err
		}
		for _, d := range list {
			ok, err := w.deliver(ctx, d)
			if err != nil {
				return sent, err
			}
			if ok {
				sent++
			}
		}
	}
	return sent, nil
}

// deliver sends one claimed row and records the outcome; ok reports whether it was sent. The
// error is the store's: a failed send is recorded, not returned.
func (w *Worker) deliver(ctx context.Context, d Delivery) (ok bool, err error) {
	sendCtx, cancel := context.WithTimeout(ctx, time.Minute)
	sendErr := w.Mailer.Send(sendCtx, compose(d, w.Site))
	cancel()
	now := w.Now()
	if sendErr == nil {
		return true, w.Outbox.MarkSent(ctx, d.ID, now)
	}
	max := w.MaxAttempts
	if max <= 0 {
		max = DefaultMaxAttempts
	}
	var retryAt *time.Time
	if d.Attempts < max {
		t := now.Add(Backoff(d.Attempts))
		retryAt = &t
	}
	w.Log.Warn("notification mail failed", "outbox_id", d.ID, "attempt", d.Attempts, "parked", retryAt == nil, "err", sendErr)
	reason := sendErr.Error()
	if len(reason) > 500 {
		reason = reason[:500]
	}
	return false, w.Outbox.MarkFailed(ctx, d.ID, now, reason, retryAt)
}

// Run ticks every w.Every until ctx ends. Errors are logged and the next tick tries again.
func (w *Worker) Run(ctx context.Context) {
	every := w.Every
	if every <= 0 {
		every = DefaultEvery
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := w.Tick(ctx); err != nil && ctx.Err() == nil {
			w.Log.Warn("notification worker", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
