package organization

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/organizations"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Live is what already exists in an organization the landing zone adopts, read before anything is
// declared so that adopting it changes nothing the configuration does not ask for.
//
// Why it matters: `pulumi up` with an import first imports the resource, then updates it to the
// declared inputs (pulumi/pulumi#19339; Pulumi docs, "Resource option: import"). For aws.organizations.Organization the declared
// awsServiceAccessPrincipals and enabledPolicyTypes are the whole lists (the Terraform provider calls
// DisableAWSServiceAccess / DisablePolicyType for every entry missing from them), so declaring only the
// landing zone's own lists would switch off every other integration and detach every policy of any
// other type. And OrganizationalUnit creation fails with DuplicateOrganizationalUnitException when an OU
// of the same name exists under the same parent (AWS Organizations API reference,
// CreateOrganizationalUnit), so existing OUs must be imported, not created.
type Live struct {
	// ID and RootID identify the organization and its root.
	ID, RootID string
	// TrustedServices are the service principals with trusted access enabled today.
	TrustedServices []string
	// PolicyTypes are the policy types enabled in the root today.
	PolicyTypes []string
	// OUs maps each configured OU path that already exists (same name under the same parent) to its ID.
	OUs map[string]string
}

// ReadLive reads the organization the management credentials belong to, checks it is the one the
// configuration adopts and that it has all features enabled, and finds which configured OUs exist. It
// reads through provider functions, so it runs in `pulumi preview` as in `pulumi up`.
func ReadLive(ctx *pulumi.Context, adoptID string, ouPaths []string, management *aws.Provider) (*Live, error) {
	org, err := organizations.LookupOrganization(ctx, pulumi.Provider(management))
	if err != nil {
		return nil, fmt.Errorf("adopt.organizationId: reading the organization of the management account: %w", err)
	}
	if org.Id != adoptID {
		return nil, fmt.Errorf("adopt.organizationId: the management credentials belong to organization %s, not %s: run with the management account of %s, or correct the ID", org.Id, adoptID, adoptID)
	}
	// Service control, tag and AI opt-out policies and trusted access need all features; switching a
	// consolidated-billing organization to all features needs every member account to accept a
	// handshake (AWS Organizations User Guide, "Enabling all features in your organization"), which
	// no resource can do.
	if org.FeatureSet != "ALL" {
		return nil, fmt.Errorf("adopt.organizationId: organization %s has feature set %s; enable all features first (Organizations console -> Settings -> Enable all features; every member account must accept), then run again", org.Id, org.FeatureSet)
	}
	if len(org.Roots) != 1 {
		return nil, fmt.Errorf("adopt.organizationId: organization %s reports %d roots, expected 1", org.Id, len(org.Roots))
	}
	live := &Live{
		ID:              org.Id,
		RootID:          org.Roots[0].Id,
		TrustedServices: slices.Sorted(slices.Values(org.AwsServiceAccessPrincipals)),
		PolicyTypes:     slices.Sorted(slices.Values(org.EnabledPolicyTypes)),
		OUs:             map[string]string{},
	}

	// Walk the configured tree from the root: an OU can only exist under a parent that exists.
	children := map[string][]organizations.GetOrganizationalUnitsChild{}
	for _, path := range ouPaths {
		parentID, leaf := live.RootID, path
		if i := strings.LastIndex(path, "/"); i >= 0 {
			parentID, leaf = live.OUs[path[:i]], path[i+1:]
		}
		if parentID == "" {
			continue
		}
		if _, read := children[parentID]; !read {
			res, err := organizations.GetOrganizationalUnits(ctx, &organizations.GetOrganizationalUnitsArgs{ParentId: parentID}, pulumi.Provider(management))
			if err != nil {
				return nil, fmt.Errorf("adopt: listing the OUs under %s: %w", parentID, err)
			}
			children[parentID] = res.Children
		}
		for _, c := range children[parentID] {
			if c.Name == leaf {
				live.OUs[path] = c.Id
			}
		}
	}
	return live, nil
}

// union is the sorted set of both lists.
func union(a, b []string) []string {
	out := append(slices.Clone(a), b...)
	slices.Sort(out)
	return slices.Compact(out)
}
