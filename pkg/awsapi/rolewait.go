package awsapi

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// AssumeRoleAPI is what waiting for a role needs.
type AssumeRoleAPI interface {
	AssumeRole(context.Context, *sts.AssumeRoleInput, ...func(*sts.Options)) (*sts.AssumeRoleOutput, error)
}

// RoleWait bounds the wait for a new account's access role. Organizations creates the role with the
// account, but IAM is eventually consistent: "A new account's access role can take a minute to
// become assumable after creation" (REFERENCE.md; the Terraform provider retries AssumeRole for the
// same reason, hashicorp/terraform-provider-aws internal/conns). Ten minutes is far past any delay
// reported, and short enough that a role that will never be assumable fails the update visibly.
type RoleWait struct {
	Timeout time.Duration
	// First is the first pause between attempts; each pause is 1.5 times the previous, up to Max.
	First, Max time.Duration
	// Sleep waits (tests replace it); nil is a real, cancellable sleep.
	Sleep func(context.Context, time.Duration) error
	// Now is the clock (tests replace it); nil is time.Now.
	Now func() time.Time
}

// DefaultRoleWait is the wait `pulumi up` uses.
var DefaultRoleWait = RoleWait{Timeout: 10 * time.Minute, First: 2 * time.Second, Max: 30 * time.Second}

// WaitAssumable calls sts:AssumeRole on roleArn until it succeeds, with backoff, and returns a
// clear error naming the account and the role once the timeout is spent or ctx ends.
func (w RoleWait) WaitAssumable(ctx context.Context, client AssumeRoleAPI, roleArn string) error {
	sleep, now := w.Sleep, w.Now
	if sleep == nil {
		sleep = func(ctx context.Context, d time.Duration) error {
			t := time.NewTimer(d)
			defer t.Stop()
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-t.C:
				return nil
			}
		}
	}
	if now == nil {
		now = time.Now
	}
	deadline := now().Add(w.Timeout)
	pause := w.First
	for attempt := 1; ; attempt++ {
		_, err := client.AssumeRole(ctx, &sts.AssumeRoleInput{
			RoleArn:         aws.String(roleArn),
			RoleSessionName: aws.String("landing-zone-wait"),
			DurationSeconds: aws.Int32(900), // the minimum: the session is only a probe
		})
		if err == nil {
			return nil
		}
		if now().Add(pause).After(deadline) || ctx.Err() != nil {
			return fmt.Errorf("account %s: the access role %s is still not assumable after %s (%d attempts): %w; "+
				"check that the account finished creating (Organizations console -> AWS accounts), that the role exists there with a trust policy "+
				"admitting the management account, and that these credentials may call sts:AssumeRole on it, then run pulumi up again",
				AccountOfRole(roleArn), roleArn, w.Timeout, attempt, err)
		}
		if err := sleep(ctx, pause); err != nil {
			return fmt.Errorf("account %s: waiting for the access role %s: %w", AccountOfRole(roleArn), roleArn, err)
		}
		pause = min(time.Duration(float64(pause)*1.5), w.Max)
	}
}

// AccountOfRole returns the account ID in a role ARN (arn:aws:iam::<account>:role/<name>).
func AccountOfRole(roleArn string) string {
	if parts := strings.Split(roleArn, ":"); len(parts) >= 6 {
		return parts[4]
	}
	return roleArn
}

// RoleWaiter returns the function the Pulumi program calls before any resource uses a member
// account's provider: it waits once per role (every Region's provider of an account shares the
// wait) with the management credentials of the standard chain, in region.
func RoleWaiter(region string, w RoleWait) func(context.Context, string) error {
	var (
		mu      sync.Mutex
		client  AssumeRoleAPI
		loadErr error
		waits   = map[string]*roleResult{}
	)
	return func(ctx context.Context, roleArn string) error {
		mu.Lock()
		if client == nil && loadErr == nil {
			cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion(region))
			if err != nil {
				loadErr = fmt.Errorf("waiting for access roles: loading AWS credentials: %w", err)
			} else {
				client = sts.NewFromConfig(cfg)
			}
		}
		if loadErr != nil {
			mu.Unlock()
			return loadErr
		}
		r, ok := waits[roleArn]
		if !ok {
			r = &roleResult{}
			waits[roleArn] = r
		}
		mu.Unlock()
		r.once.Do(func() { r.err = w.WaitAssumable(ctx, client, roleArn) })
		return r.err
	}
}

type roleResult struct {
	once sync.Once
	err  error
}
