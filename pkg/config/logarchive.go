package config

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

const maxRetentionDays = 36_500 // S3 Object Lock and lifecycle periods beyond 100 years are refused here

// MinStorageDays is the minimum storage duration S3 charges for each transition storage class: an
// object deleted earlier is billed as if it had stayed that long.
var MinStorageDays = map[string]int{
	"STANDARD_IA":         30,
	"ONEZONE_IA":          30,
	"INTELLIGENT_TIERING": 0,
	"GLACIER_IR":          90,
	"GLACIER":             90,
	"DEEP_ARCHIVE":        180,
}

// minTransitionDays is how old an object must be before lifecycle may move it to the IA classes.
const minTransitionDays = 30

// CloudWatchRetentionDays are the retention periods CloudWatch Logs accepts.
var CloudWatchRetentionDays = []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}

func (o *Organization) validateLogArchive(ps *Problems) {
	l := o.LogArchive
	const p = "logArchive"
	outOfRange := false
	for _, f := range []struct {
		key   string
		value int
	}{{"retentionDays", l.RetentionDays}, {"objectLockDays", l.ObjectLockDays}, {"transitionDays", l.TransitionDays}, {"accessLogRetentionDays", l.AccessLogRetentionDays}} {
		if f.value < 1 || f.value > maxRetentionDays {
			ps.add(p+"."+f.key, "%d is out of range: between 1 and %d days", f.value, maxRetentionDays)
			outOfRange = true
		}
	}
	if l.ObjectLockMode != "COMPLIANCE" && l.ObjectLockMode != "GOVERNANCE" {
		ps.add(p+".objectLockMode", "%q is not an Object Lock mode: COMPLIANCE or GOVERNANCE", l.ObjectLockMode)
	}
	minDays, known := MinStorageDays[l.TransitionStorageClass]
	if !known {
		ps.add(p+".transitionStorageClass", "%q is not a lifecycle storage class; use one of %s", l.TransitionStorageClass, strings.Join(slices.Sorted(maps.Keys(MinStorageDays)), ", "))
	}
	// The periods are compared with each other only when each is in range: a period out of range is
	// one mistake, already reported, not three.
	if !outOfRange {
		if l.RetentionDays < l.ObjectLockDays {
			ps.add(p+".retentionDays", "expiry after %d days is shorter than the Object Lock period of %d days (logArchive.objectLockDays): locked versions cannot expire", l.RetentionDays, l.ObjectLockDays)
		}
		switch {
		case !known:
		case l.TransitionDays >= l.RetentionDays:
			ps.add(p+".transitionDays", "transition after %d days comes at or after expiry (logArchive.retentionDays: %d): lower it or drop the transition class", l.TransitionDays, l.RetentionDays)
		case l.RetentionDays-l.TransitionDays < minDays:
			ps.add(p+".retentionDays", "objects would stay %d days in %s, under its %d-day minimum storage duration: keep logs at least %d days", l.RetentionDays-l.TransitionDays, l.TransitionStorageClass, minDays, l.TransitionDays+minDays)
		case (l.TransitionStorageClass == "STANDARD_IA" || l.TransitionStorageClass == "ONEZONE_IA") && l.TransitionDays < minTransitionDays:
			ps.add(p+".transitionDays", "S3 moves objects to %s only after %d days; %d is too early", l.TransitionStorageClass, minTransitionDays, l.TransitionDays)
		}
	}
	if !slices.Contains(CloudWatchRetentionDays, l.CloudWatchLogsRetentionDays) {
		ps.add(p+".cloudWatchLogsRetentionDays", "%d is not a CloudWatch Logs retention period; use one of %s", l.CloudWatchLogsRetentionDays, joinInts(CloudWatchRetentionDays))
	}
	if len(l.ReaderPrincipalArns) == 0 {
		ps.add(p+".readerPrincipalArns", "lists no reader: nobody could ever read the logs; remove the key for the default role %q", "arn:aws:iam::*:role/"+o.Prefix+"-log-reader")
	}
	for i, arn := range l.ReaderPrincipalArns {
		if o.derived["logArchive.readerPrincipalArns"] {
			break // derived from the prefix, which is validated where it is written
		}
		if why := partitionProblem(arn); why != "" {
			ps.add(fmt.Sprintf("%s.readerPrincipalArns[%d]", p, i), "%s", why)
			continue
		}
		if !principalRe.MatchString(arn) {
			ps.add(fmt.Sprintf("%s.readerPrincipalArns[%d]", p, i), "%q is not an IAM role or user ARN (arn:aws:iam::<account-id or *>:role/<name>)", arn)
			continue
		}
		// A pattern over every account is only as safe as the name it matches: the baseline SCP keeps
		// member accounts from creating "<prefix>-*" roles, nothing else.
		if parts := strings.SplitN(arn, ":", 6); parts[4] == "*" && !strings.HasPrefix(parts[5], "role/"+o.Prefix+"-") {
			ps.add(fmt.Sprintf("%s.readerPrincipalArns[%d]", p, i), "%q matches principals in any account, and any account's administrators can create one to read every log: "+
				"name a role %q (only the landing zone can create those) or give an account ID", arn, "role/"+o.Prefix+"-...")
		}
	}
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = fmt.Sprint(n)
	}
	return strings.Join(s, ", ")
}
