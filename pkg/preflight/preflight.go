package preflight

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/smithy-go"

	"github.com/landingzone/aws-landing-zone/pkg/awsapi"
	"github.com/landingzone/aws-landing-zone/pkg/config"
	"github.com/landingzone/aws-landing-zone/pkg/plan"
)

// Input is what a preflight compares: the stack's configuration, the plan of what `pulumi up` would
// register (the offline plan of the same stack) and the live organization.
type Input struct {
	Config  *config.Organization
	Plan    *plan.Plan
	Clients *awsapi.Clients
}

// Check IDs, in the order they run.
const (
	CheckCaller        = "caller"
	CheckOrganization  = "organization"
	CheckQuota         = "account-quota"
	CheckAccounts      = "accounts"
	CheckOUs           = "organizational-units"
	CheckPolicies      = "policies"
	CheckDelegated     = "delegated-admins"
	CheckTrusted       = "trusted-access"
	CheckStackSets     = "stacksets-access"
	CheckRegions       = "opt-in-regions"
	CheckControlTower  = "control-tower"
	CheckAccessRole    = "access-role"
	CheckConfig        = "config-recorders"
	CheckGuardDuty     = "guardduty-detectors"
	CheckSecurityHub   = "security-hub"
	CheckCostTags      = "cost-allocation-tags"
	typeDelegatedAdmin = "aws:organizations/delegatedAdministrator:DelegatedAdministrator"
	typePolicy         = "aws:organizations/policy:Policy"
	typeOrganization   = "aws:organizations/organization:Organization"
	typeStackSet       = "aws:cloudformation/stackSet:StackSet"
)

// live is what the run read from the organization, shared by the checks.
type live struct {
	caller   string
	org      *orgtypes.Organization
	rootID   string
	accounts []orgtypes.Account
}

// Run runs every check and returns the report; it never changes anything. A check that cannot read
// what it needs says so (warn, or block when pulumi up would fail the same way).
func Run(ctx context.Context, in Input) *Report {
	r := &Report{Stack: in.Plan.Stack}
	l := &live{}
	if !checkCaller(ctx, in, r, l) {
		return r
	}
	checkOrganization(ctx, in, r, l)
	checkQuota(ctx, in, r, l)
	if l.org != nil {
		checkAccounts(in, r, l)
		checkOUs(ctx, in, r, l)
		checkPolicies(ctx, in, r)
		checkDelegated(ctx, in, r, l)
		checkTrusted(ctx, in, r)
	}
	checkStackSets(ctx, in, r, l)
	checkRegions(ctx, in, r, l)
	checkControlTower(ctx, in, r)
	checkMembers(ctx, in, r, l)
	checkCostTags(ctx, in, r)
	return r
}

// apiCode is the AWS error code of err ("" when it is not an API error).
func apiCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

func checkCaller(ctx context.Context, in Input, r *Report, l *live) bool {
	id, err := in.Clients.STS.GetCallerIdentity(ctx, nil)
	if err != nil {
		r.add(CheckCaller, Block, fmt.Sprintf("the AWS credentials do not work: %v", err),
			"sign in to the management account (aws sso login --profile NAME; export AWS_PROFILE=NAME) and run preflight again")
		return false
	}
	l.caller = aws.ToString(id.Account)
	r.CallerAccount = l.caller
	want := in.Config.ManagementAccountID
	switch {
	case want == "":
		r.add(CheckCaller, Warn, fmt.Sprintf("managementAccountId is not set; the credentials are account %s (%s)", l.caller, aws.ToString(id.Arn)),
			fmt.Sprintf("set landingzone:managementAccountId: %q so that every run refuses other accounts", l.caller))
	case want != l.caller:
		r.add(CheckCaller, Block, fmt.Sprintf("the credentials are account %s (%s), not the configured management account %s", l.caller, aws.ToString(id.Arn), want),
			fmt.Sprintf("use credentials of account %s (another AWS_PROFILE), or correct landingzone:managementAccountId", want))
	default:
		r.add(CheckCaller, Pass, fmt.Sprintf("the credentials are the configured management account %s", want), "")
	}
	return true
}

func checkOrganization(ctx context.Context, in Input, r *Report, l *live) {
	adopt := in.Config.Adopt.OrganizationID
	out, err := in.Clients.Organizations.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
	if apiCode(err) == "AWSOrganizationsNotInUseException" {
		if adopt != "" {
			r.add(CheckOrganization, Block, fmt.Sprintf("account %s belongs to no organization, but adopt.organizationId is %s", l.caller, adopt),
				"run with the management account of "+adopt+", or remove adopt.organizationId to create a new organization")
			return
		}
		r.add(CheckOrganization, Pass, fmt.Sprintf("account %s belongs to no organization: pulumi up creates one with all features", l.caller), "")
		return
	}
	if err != nil {
		r.add(CheckOrganization, Block, fmt.Sprintf("cannot read the organization: %v", err),
			"the credentials need organizations:Describe* and List* (the management account's AdministratorAccess has them)")
		return
	}
	org := out.Organization
	l.org = org
	r.OrganizationID = aws.ToString(org.Id)
	id, master := aws.ToString(org.Id), aws.ToString(org.MasterAccountId)
	switch {
	case master != l.caller:
		r.add(CheckOrganization, Block, fmt.Sprintf("account %s is a member of organization %s, whose management account is %s", l.caller, id, master),
			"run with credentials of the management account "+master)
	case adopt == "":
		r.add(CheckOrganization, Block, fmt.Sprintf("account %s already manages organization %s, and the stack would create a new one (CreateOrganization fails: AlreadyInOrganizationException)", l.caller, id),
			fmt.Sprintf("adopt it: set landingzone:adopt.organizationId: %s and list the existing accounts in adopt.accounts (go run . import-config writes both)", id))
	case adopt != id:
		r.add(CheckOrganization, Block, fmt.Sprintf("the credentials belong to organization %s, not %s (adopt.organizationId)", id, adopt),
			"run with the management account of "+adopt+", or correct adopt.organizationId")
	case org.FeatureSet != orgtypes.OrganizationFeatureSetAll:
		// SCPs, tag policies and trusted access need all features; switching needs every member to
		// accept a handshake (Organizations User Guide, orgs_manage_org_support-all-features.html).
		r.add(CheckOrganization, Block, fmt.Sprintf("organization %s has feature set %s; SCPs, tag policies and trusted access need ALL", id, org.FeatureSet),
			"enable all features (Organizations console -> Settings -> Enable all features; every member account must accept), then run preflight again")
	default:
		r.add(CheckOrganization, Pass, fmt.Sprintf("organization %s, all features, management account %s", id, master), "")
	}
	if l.org != nil && master == l.caller {
		roots, err := in.Clients.Organizations.ListRoots(ctx, &organizations.ListRootsInput{})
		if err == nil && len(roots.Roots) > 0 {
			l.rootID = aws.ToString(roots.Roots[0].Id)
		}
		p := organizations.NewListAccountsPaginator(in.Clients.Organizations, &organizations.ListAccountsInput{})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				r.add(CheckAccounts, Block, fmt.Sprintf("cannot list the organization's accounts: %v", err), "grant organizations:ListAccounts to these credentials")
				return
			}
			l.accounts = append(l.accounts, page.Accounts...)
		}
	}
}

// isAccountQuota tells the account quota by its Service Quotas name. Its code is not hard-coded
// ("Service quota codes might change over time ... use the ListServiceQuotas operation"
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html).
func isAccountQuota(name string) bool {
	n := strings.ToLower(name)
	return strings.Contains(n, "accounts") && (strings.Contains(n, "maximum number of accounts") || strings.Contains(n, "number of aws accounts"))
}

func checkQuota(ctx context.Context, in Input, r *Report, l *live) {
	newAccounts := 0
	for _, a := range in.Config.Accounts() {
		if a.ImportID == "" {
			newAccounts++
		}
	}
	existing := len(l.accounts)
	if l.org == nil {
		existing = 1 // the management account, once the organization exists
	}
	need := existing + newAccounts
	quota, source := config.DefaultAccountQuota, "the default quota (Service Quotas did not report one"
	if l.org != nil {
		q, err := accountQuota(ctx, in.Clients)
		switch {
		case err != nil:
			source += ": " + err.Error() + ")"
		case q > 0:
			quota, source = q, "the organization's quota in Service Quotas"
		default:
			source += ")"
		}
	} else {
		source = "the default quota of a new organization (it may be lower for a new organization)"
	}
	detail := fmt.Sprintf("%d accounts needed (%d existing, %d new) of %d, %s", need, existing, newAccounts, quota, source)
	switch {
	case need > quota:
		r.add(CheckQuota, Block, detail+"; CreateAccount stops at the quota with ACCOUNT_LIMIT_EXCEEDED, halfway through pulumi up",
			fmt.Sprintf("request an increase to at least %d of the AWS Organizations quota \"Default maximum number of accounts\" (Service Quotas console, Region us-east-1, from the management account)%s", need,
				map[bool]string{true: "; a new organization must exist first", false: ""}[l.org == nil]))
	case need+2 > quota && newAccounts > 0:
		r.add(CheckQuota, Warn, detail+": close to the quota", "request an increase before adding more accounts")
	default:
		r.add(CheckQuota, Pass, detail, "")
	}
}

func accountQuota(ctx context.Context, c *awsapi.Clients) (int, error) {
	out, err := c.Quotas.ListServiceQuotas(ctx, servicequotasInput())
	if err != nil {
		return 0, err
	}
	for _, q := range out.Quotas {
		if isAccountQuota(aws.ToString(q.QuotaName)) && q.Value != nil {
			return int(*q.Value), nil
		}
	}
	return 0, nil
}

func checkAccounts(in Input, r *Report, l *live) {
	byID := map[string]orgtypes.Account{}
	byEmail := map[string]orgtypes.Account{}
	byName := map[string]orgtypes.Account{}
	for _, a := range l.accounts {
		byID[aws.ToString(a.Id)] = a
		byEmail[strings.ToLower(aws.ToString(a.Email))] = a
		byName[aws.ToString(a.Name)] = a
	}
	var blocks, warns []string
	var actions []string
	for _, a := range in.Config.Accounts() {
		if a.ImportID != "" {
			live, ok := byID[a.ImportID]
			switch {
			case !ok:
				blocks = append(blocks, fmt.Sprintf("adopt.accounts.%s: account %s is not in organization %s", a.Key, a.ImportID, aws.ToString(l.org.Id)))
				actions = append(actions, fmt.Sprintf("correct adopt.accounts.%s (go run . import-config lists the accounts)", a.Key))
			case !strings.EqualFold(aws.ToString(live.Email), a.Email):
				warns = append(warns, fmt.Sprintf("%s: adopted account %s has email %s, the stack says %s (the import shows an update of the email)", a.ConfigPath, a.ImportID, aws.ToString(live.Email), a.Email))
			}
			continue
		}
		if live, ok := byEmail[strings.ToLower(a.Email)]; ok {
			blocks = append(blocks, fmt.Sprintf("%s: email %s is already account %s (%s) in the organization, not adopted: CreateAccount fails with EMAIL_ALREADY_EXISTS", a.ConfigPath, a.Email, aws.ToString(live.Id), aws.ToString(live.Name)))
			actions = append(actions, fmt.Sprintf("adopt it: adopt.accounts.%s: %q (or give %s another email)", a.Key, aws.ToString(live.Id), a.ConfigPath))
			continue
		}
		if live, ok := byName[a.Name]; ok {
			warns = append(warns, fmt.Sprintf("%s: name %q is already account %s, not adopted: a second account of the same name would be created", a.ConfigPath, a.Name, aws.ToString(live.Id)))
		}
	}
	switch {
	case len(blocks) > 0:
		r.add(CheckAccounts, Block, strings.Join(append(blocks, warns...), "; "), strings.Join(actions, "; "))
	case len(warns) > 0:
		r.add(CheckAccounts, Warn, strings.Join(warns, "; "), "adopt the existing account (adopt.accounts) or rename one of them")
	default:
		r.add(CheckAccounts, Pass, fmt.Sprintf("no email or name of a new account is used in the organization; %d adopted account(s) found", countAdopted(in.Config)), "")
	}
}

func countAdopted(o *config.Organization) int {
	n := 0
	for _, a := range o.Accounts() {
		if a.ImportID != "" {
			n++
		}
	}
	return n
}

// ouNode is one live OU.
type ouNode struct{ id, path string }

// liveOUs walks the OU tree from the root: path -> IDs (more than one ID is a duplicate name).
func liveOUs(ctx context.Context, orgs awsapi.OrganizationsAPI, rootID string) (map[string][]string, error) {
	out := map[string][]string{}
	queue := []ouNode{{id: rootID}}
	for len(queue) > 0 {
		parent := queue[0]
		queue = queue[1:]
		p := organizations.NewListOrganizationalUnitsForParentPaginator(orgs, &organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(parent.id)})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, err
			}
			for _, ou := range page.OrganizationalUnits {
				path := aws.ToString(ou.Name)
				if parent.path != "" {
					path = parent.path + "/" + path
				}
				out[path] = append(out[path], aws.ToString(ou.Id))
				queue = append(queue, ouNode{id: aws.ToString(ou.Id), path: path})
			}
		}
	}
	return out, nil
}

// checkOUs: an adopted organization's OUs at the configured paths are imported by the program
// (organization.ReadLive); CreateOrganizationalUnit fails with DuplicateOrganizationalUnitException
// for a name already under the parent, and the import is ambiguous when the name is there twice.
func checkOUs(ctx context.Context, in Input, r *Report, l *live) {
	if l.rootID == "" {
		r.add(CheckOUs, Warn, "the organization's root could not be read", "grant organizations:ListRoots")
		return
	}
	ous, err := liveOUs(ctx, in.Clients.Organizations, l.rootID)
	if err != nil {
		r.add(CheckOUs, Warn, fmt.Sprintf("cannot list the OUs: %v", err), "grant organizations:ListOrganizationalUnitsForParent")
		return
	}
	var imported, created, dup []string
	for _, path := range in.Config.OUPaths() {
		switch ids := ous[path]; len(ids) {
		case 0:
			created = append(created, path)
		case 1:
			imported = append(imported, path+" ("+ids[0]+")")
		default:
			dup = append(dup, fmt.Sprintf("%s is there %d times (%s)", path, len(ids), strings.Join(ids, ", ")))
		}
	}
	var other []string
	for path := range ous {
		if !slices.Contains(in.Config.OUPaths(), path) {
			other = append(other, path)
		}
	}
	sort.Strings(other)
	detail := fmt.Sprintf("%d OU(s) exist and are imported [%s]; %d are created", len(imported), strings.Join(imported, ", "), len(created))
	if len(other) > 0 {
		detail += fmt.Sprintf("; not in the stack and left alone: %s", strings.Join(other, ", "))
	}
	if len(dup) > 0 {
		r.add(CheckOUs, Block, strings.Join(dup, "; "), "rename or merge the duplicate OUs: the program cannot tell which one to import")
		return
	}
	r.add(CheckOUs, Pass, detail, "")
}

// checkPolicies: policy names are unique per type in an organization; CreatePolicy fails with
// DuplicatePolicyException (Organizations API reference, CreatePolicy), and the program imports no
// policy.
func checkPolicies(ctx context.Context, in Input, r *Report) {
	planned := map[string]map[string]bool{} // type -> names
	for _, res := range in.Plan.Find(typePolicy) {
		t := res.Input("type")
		if planned[t] == nil {
			planned[t] = map[string]bool{}
		}
		planned[t][res.Input("name")] = true
	}
	var clash []string
	types := make([]string, 0, len(planned))
	for t := range planned {
		types = append(types, t)
	}
	sort.Strings(types)
	for _, t := range types {
		p := organizations.NewListPoliciesPaginator(in.Clients.Organizations, &organizations.ListPoliciesInput{Filter: orgtypes.PolicyType(t)})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				if apiCode(err) == "PolicyTypeNotEnabledException" {
					break
				}
				r.add(CheckPolicies, Warn, fmt.Sprintf("cannot list %s policies: %v", t, err), "grant organizations:ListPolicies")
				return
			}
			for _, pol := range page.Policies {
				if planned[t][aws.ToString(pol.Name)] && !pol.AwsManaged {
					clash = append(clash, fmt.Sprintf("%s %q (%s)", t, aws.ToString(pol.Name), aws.ToString(pol.Id)))
				}
			}
		}
	}
	n := 0
	for _, names := range planned {
		n += len(names)
	}
	if len(clash) > 0 {
		r.add(CheckPolicies, Block, "policies of the same name and type already exist: "+strings.Join(clash, ", ")+"; CreatePolicy fails with DuplicatePolicyException",
			"delete or rename them (detach first), or change landingzone:prefix, which starts every policy name")
		return
	}
	r.add(CheckPolicies, Pass, fmt.Sprintf("none of the %d planned policies exists under its name", n), "")
}

// checkDelegated: a service has at most one delegated administrator, and registering an account
// twice fails with AccountAlreadyRegisteredException (Organizations API reference,
// RegisterDelegatedAdministrator).
func checkDelegated(ctx context.Context, in Input, r *Report, l *live) {
	idKey := map[string]string{} // planned account resource ID -> key; adopted accounts keep their ID
	for _, res := range in.Plan.Find(plan.AccountType) {
		idKey[res.ID] = res.Name
	}
	planned := map[string]string{} // service principal -> planned account ID ("" for a new account)
	adoptedID := func(id string) string {
		if res := in.Plan.Named(plan.AccountType, idKey[id]); res == nil || res.ImportID == "" {
			return ""
		}
		return id
	}
	for _, res := range in.Plan.Find(typeDelegatedAdmin) {
		planned[res.Input("servicePrincipal")] = adoptedID(res.Input("accountId"))
	}
	// The security services designate their administrator through their own APIs, which register
	// it in Organizations as the delegated administrator of their principal (GuardDuty user guide,
	// "Designating a delegated GuardDuty administrator account"; likewise Security Hub, Inspector,
	// Macie, Detective): the same collision.
	for typ, d := range serviceAdmins {
		for _, res := range in.Plan.Find(typ) {
			planned[d.principal] = adoptedID(res.Input(d.input))
		}
	}
	current := map[string][]string{} // service principal -> delegated account IDs
	p := organizations.NewListDelegatedAdministratorsPaginator(in.Clients.Organizations, &organizations.ListDelegatedAdministratorsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			r.add(CheckDelegated, Warn, fmt.Sprintf("cannot list delegated administrators: %v", err), "grant organizations:ListDelegatedAdministrators")
			return
		}
		for _, d := range page.DelegatedAdministrators {
			id := aws.ToString(d.Id)
			sp := organizations.NewListDelegatedServicesForAccountPaginator(in.Clients.Organizations, &organizations.ListDelegatedServicesForAccountInput{AccountId: d.Id})
			for sp.HasMorePages() {
				sv, err := sp.NextPage(ctx)
				if err != nil {
					r.add(CheckDelegated, Warn, fmt.Sprintf("cannot list the services delegated to %s: %v", id, err), "grant organizations:ListDelegatedServicesForAccount")
					return
				}
				for _, s := range sv.DelegatedServices {
					current[aws.ToString(s.ServicePrincipal)] = append(current[aws.ToString(s.ServicePrincipal)], id)
				}
			}
		}
	}
	var clash, actions []string
	services := make([]string, 0, len(planned))
	for s := range planned {
		services = append(services, s)
	}
	sort.Strings(services)
	for _, s := range services {
		for _, have := range current[s] {
			if planned[s] == have {
				clash = append(clash, fmt.Sprintf("%s is already delegated to %s, as planned (registering again fails with AccountAlreadyRegisteredException)", s, have))
				actions = append(actions, fmt.Sprintf("import it into the stack (pulumi import aws:organizations/delegatedAdministrator:DelegatedAdministrator NAME %s/%s) or deregister it", have, s))
			} else {
				clash = append(clash, fmt.Sprintf("%s is delegated to account %s, not the planned administrator", s, have))
				actions = append(actions, fmt.Sprintf("aws organizations deregister-delegated-administrator --account-id %s --service-principal %s (after checking what depends on it)", have, s))
			}
		}
	}
	if len(clash) > 0 {
		r.add(CheckDelegated, Block, strings.Join(clash, "; "), strings.Join(actions, "; "))
		return
	}
	r.add(CheckDelegated, Pass, fmt.Sprintf("none of the %d services the stack delegates has a delegated administrator yet", len(planned)), "")
}

// serviceAdmins are the resource types that designate a service's administrator, with the service
// principal it is registered under and the input holding the account ID.
var serviceAdmins = map[string]struct{ principal, input string }{
	"aws:guardduty/organizationAdminAccount:OrganizationAdminAccount":   {"guardduty.amazonaws.com", "adminAccountId"},
	"aws:securityhub/organizationAdminAccount:OrganizationAdminAccount": {"securityhub.amazonaws.com", "adminAccountId"},
	"aws:inspector2/delegatedAdminAccount:DelegatedAdminAccount":        {"inspector2.amazonaws.com", "accountId"},
	"aws:macie2/organizationAdminAccount:OrganizationAdminAccount":      {"macie.amazonaws.com", "adminAccountId"},
	"aws:detective/organizationAdminAccount:OrganizationAdminAccount":   {"detective.amazonaws.com", "accountId"},
}

// checkTrusted: the program declares the organization's whole trusted-access list, so what is
// missing is enabled by pulumi up; this reports it.
func checkTrusted(ctx context.Context, in Input, r *Report) {
	var want []string
	for _, res := range in.Plan.Find(typeOrganization) {
		if list, ok := res.Inputs["awsServiceAccessPrincipals"].([]any); ok {
			for _, v := range list {
				if s, ok := v.(string); ok {
					want = append(want, s)
				}
			}
		}
	}
	have := map[string]bool{}
	p := organizations.NewListAWSServiceAccessForOrganizationPaginator(in.Clients.Organizations, &organizations.ListAWSServiceAccessForOrganizationInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			r.add(CheckTrusted, Warn, fmt.Sprintf("cannot list trusted access: %v", err), "grant organizations:ListAWSServiceAccessForOrganization")
			return
		}
		for _, s := range page.EnabledServicePrincipals {
			have[aws.ToString(s.ServicePrincipal)] = true
		}
	}
	var missing []string
	for _, s := range want {
		if !have[s] {
			missing = append(missing, s)
		}
	}
	if len(missing) == 0 {
		r.add(CheckTrusted, Pass, fmt.Sprintf("all %d service principals the stack needs have trusted access", len(want)), "")
		return
	}
	r.add(CheckTrusted, Pass, fmt.Sprintf("%d of %d service principals have trusted access; pulumi up enables the others (the organization resource declares them): %s",
		len(want)-len(missing), len(want), strings.Join(missing, ", ")), "")
}
