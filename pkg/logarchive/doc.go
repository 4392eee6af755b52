// Package logarchive is the LogArchive component: the organization's immutable, restricted log store
// in the log-archive account (a KMS key, the central bucket with Object Lock, the access-log bucket,
// their policies) and the organization CloudTrail trail that writes to it from the management
// account.
//
// It does not create the log-archive account (package account vends it) nor the Config recorders and
// flow logs that also write here (they read this component's outputs).
package logarchive
