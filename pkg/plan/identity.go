package plan

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/landingzone/aws-landing-zone/pkg/identity"
)

// Resource types of IAM Identity Center the identity section reads.
const (
	PermissionSetType = "aws:ssoadmin/permissionSet:PermissionSet"
	managedPolicyType = "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment"
	customerPolicyTyp = "aws:ssoadmin/customerManagedPolicyAttachment:CustomerManagedPolicyAttachment"
	inlinePolicyType  = "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy"
	boundaryType      = "aws:ssoadmin/permissionsBoundaryAttachment:PermissionsBoundaryAttachment"
)

// AccessMatrix is who reaches which account with which permission set, read from the registered
// account assignments: account key -> group key -> permission set names.
func (p *Plan) AccessMatrix() map[string]map[string][]string {
	matrix := map[string]map[string][]string{}
	for _, r := range p.Find(identity.AssignmentType) {
		a, ok := identity.ParseAssignmentName(r.Name)
		if !ok {
			continue
		}
		if matrix[a.Account] == nil {
			matrix[a.Account] = map[string][]string{}
		}
		matrix[a.Account][a.Group] = append(matrix[a.Account][a.Group], a.PermissionSet)
	}
	for _, groups := range matrix {
		for _, sets := range groups {
			slices.Sort(sets)
		}
	}
	return matrix
}

// identityPrerequisites are the steps no resource can take before the first `pulumi up` of a plan
// with Identity Center resources: an organization instance of IAM Identity Center is enabled only
// from the management account's console (CreateInstance creates account instances, not
// organization ones; IAM Identity Center user guide, "Enable IAM Identity Center"), and the groups
// the assignments name must exist in its identity store.
func (p *Plan) identityPrerequisites() []string {
	sets := p.Find(PermissionSetType)
	if len(sets) == 0 || sets[0].Provider == nil {
		return nil
	}
	return []string{"enable IAM Identity Center for the organization in " + sets[0].Provider.Region +
		" (once, in the IAM Identity Center console, signed in to the management account), and create or provision (SCIM) the groups the assignments name: " +
		"the program looks the instance and the groups up; no API enables an organization instance"}
}

// reportIdentity shows the permission sets with what each grants, then the access matrix: what a
// reviewer checks before people get access.
func (p *Plan) reportIdentity(w io.Writer) {
	sets := p.Find(PermissionSetType)
	if len(sets) == 0 {
		return
	}
	where := ""
	if sets[0].Provider != nil {
		where = fmt.Sprintf(" (declared from %s, %s)", sets[0].Provider.Account, sets[0].Provider.Region)
	}
	fmt.Fprintf(w, "IAM Identity Center%s: permission sets\n", where)
	grants := map[string][]string{}
	for _, r := range p.Find(managedPolicyType) {
		arn := r.Input("managedPolicyArn")
		grants[r.Input("permissionSetArn")] = append(grants[r.Input("permissionSetArn")], arn[strings.LastIndex(arn, "/")+1:])
	}
	for _, r := range p.Find(customerPolicyTyp) {
		ref := r.InputMap("customerManagedPolicyReference")
		grants[r.Input("permissionSetArn")] = append(grants[r.Input("permissionSetArn")], "customer "+ref["path"]+ref["name"])
	}
	for _, r := range p.Find(inlinePolicyType) {
		grants[r.Input("permissionSetArn")] = append(grants[r.Input("permissionSetArn")], fmt.Sprintf("inline (%d characters)", len(r.Input("inlinePolicy"))))
	}
	for _, r := range p.Find(boundaryType) {
		grants[r.Input("permissionSetArn")] = append(grants[r.Input("permissionSetArn")], "boundary")
	}
	slices.SortFunc(sets, func(a, b *Resource) int { return strings.Compare(a.Input("name"), b.Input("name")) })
	for _, s := range sets {
		fmt.Fprintf(w, "  %s  %s: %s\n", s.Input("name"), s.Input("sessionDuration"), strings.Join(grants[s.Output("arn")], ", "))
	}
	matrix := p.AccessMatrix()
	fmt.Fprintf(w, "Access (%d account assignments): account <- group: permission sets\n", len(p.Find(identity.AssignmentType)))
	for _, acct := range slices.Sorted(maps.Keys(matrix)) {
		var parts []string
		for _, g := range slices.Sorted(maps.Keys(matrix[acct])) {
			parts = append(parts, g+": "+strings.Join(matrix[acct][g], ", "))
		}
		fmt.Fprintf(w, "  %s <- %s\n", acct, strings.Join(parts, "; "))
	}
	fmt.Fprintln(w)
}
