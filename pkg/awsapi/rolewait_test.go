package awsapi

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/aws-sdk-go-v2/service/sts/types"
)

// fakeSTS refuses AssumeRole failures times, then succeeds.
type fakeSTS struct {
	failures int
	calls    []string
}

func (f *fakeSTS) AssumeRole(_ context.Context, in *sts.AssumeRoleInput, _ ...func(*sts.Options)) (*sts.AssumeRoleOutput, error) {
	f.calls = append(f.calls, aws.ToString(in.RoleArn))
	if len(f.calls) <= f.failures {
		return nil, errors.New("AccessDenied: not authorized to perform sts:AssumeRole")
	}
	return &sts.AssumeRoleOutput{Credentials: &types.Credentials{}}, nil
}

// fakeClock advances only when the waiter sleeps.
type fakeClock struct {
	t      time.Time
	pauses []time.Duration
}

func (c *fakeClock) now() time.Time { return c.t }
func (c *fakeClock) sleep(_ context.Context, d time.Duration) error {
	c.pauses = append(c.pauses, d)
	c.t = c.t.Add(d)
	return nil
}

const role = "arn:aws:iam::111122223333:role/OrganizationAccountAccessRole"

func TestWaitAssumable_RetriesWithBackoffUntilTheRoleWorks(t *testing.T) {
	clock := &fakeClock{t: time.Unix(0, 0)}
	client := &fakeSTS{failures: 4}
	w := RoleWait{Timeout: 10 * time.Minute, First: 2 * time.Second, Max: 5 * time.Second, Sleep: clock.sleep, Now: clock.now}
	if err := w.WaitAssumable(context.Background(), client, role); err != nil {
		t.Fatal(err)
	}
	if len(client.calls) != 5 || client.calls[0] != role {
		t.Errorf("calls %v, want 5 AssumeRole calls on %s", client.calls, role)
	}
	want := []time.Duration{2 * time.Second, 3 * time.Second, 4500 * time.Millisecond, 5 * time.Second}
	if len(clock.pauses) != len(want) {
		t.Fatalf("pauses %v, want %v", clock.pauses, want)
	}
	for i := range want {
		if clock.pauses[i] != want[i] {
			t.Errorf("pause %d is %s, want %s (x1.5, capped)", i, clock.pauses[i], want[i])
		}
	}
}

func TestWaitAssumable_GivesUpAtTheTimeoutNamingAccountAndRole(t *testing.T) {
	clock := &fakeClock{t: time.Unix(0, 0)}
	client := &fakeSTS{failures: 1 << 30}
	w := DefaultRoleWait
	w.Sleep, w.Now = clock.sleep, clock.now
	err := w.WaitAssumable(context.Background(), client, role)
	if err == nil {
		t.Fatal("no error for a role that never becomes assumable")
	}
	for _, want := range []string{"account 111122223333", role, "10m0s", "AccessDenied"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if elapsed := clock.t.Sub(time.Unix(0, 0)); elapsed > 10*time.Minute {
		t.Errorf("waited %s, past the 10 min bound", elapsed)
	}
	if len(client.calls) < 20 {
		t.Errorf("only %d attempts in 10 min", len(client.calls))
	}
}

func TestWaitAssumable_StopsWhenTheUpdateIsCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	w := RoleWait{Timeout: time.Minute, First: time.Second, Max: time.Second}
	err := w.WaitAssumable(ctx, &fakeSTS{failures: 1 << 30}, role)
	if err == nil || !strings.Contains(err.Error(), "111122223333") {
		t.Fatalf("error %v, want a cancelled wait naming the account", err)
	}
}
