package importer

import (
	"context"
	"fmt"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/landingzone/aws-landing-zone/pkg/awsapi"
)

// Organization is the live organization as the import reads it.
type Organization struct {
	ID                  string
	ManagementAccountID string
	ManagementName      string
	// OUs are the OU paths ("Workloads/Prod"), parents before children.
	OUs      []string
	Accounts []Account
	// Delegated maps a service principal to its delegated administrator account IDs.
	Delegated map[string][]string
}

// Account is one member account.
type Account struct {
	ID, Name, Email string
	// OU is its OU path; "" at the root.
	OU     string
	Status string
	Tags   map[string]string
}

// Read reads the organization the management credentials belong to: the OU tree from the root,
// each OU's accounts, every account's tags, and the delegated administrators.
func Read(ctx context.Context, c *awsapi.Clients) (*Organization, error) {
	orgs := c.Organizations
	d, err := orgs.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
	if err != nil {
		return nil, fmt.Errorf("import: reading the organization (run with the management account's credentials): %w", err)
	}
	out := &Organization{ID: aws.ToString(d.Organization.Id), ManagementAccountID: aws.ToString(d.Organization.MasterAccountId), Delegated: map[string][]string{}}
	roots, err := orgs.ListRoots(ctx, &organizations.ListRootsInput{})
	if err != nil {
		return nil, fmt.Errorf("import: reading the organization's root: %w", err)
	}
	if len(roots.Roots) == 0 {
		return nil, fmt.Errorf("import: organization %s reports no root", out.ID)
	}
	type node struct{ id, path string }
	queue := []node{{id: aws.ToString(roots.Roots[0].Id)}}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		ap := organizations.NewListAccountsForParentPaginator(orgs, &organizations.ListAccountsForParentInput{ParentId: aws.String(n.id)})
		for ap.HasMorePages() {
			page, err := ap.NextPage(ctx)
			if err != nil {
				return nil, fmt.Errorf("import: listing the accounts under %s: %w", n.id, err)
			}
			for _, a := range page.Accounts {
				if aws.ToString(a.Id) == out.ManagementAccountID {
					out.ManagementName = aws.ToString(a.Name)
					continue
				}
				out.Accounts = append(out.Accounts, Account{ID: aws.ToString(a.Id), Name: aws.ToString(a.Name), Email: aws.ToString(a.Email), OU: n.path, Status: string(a.Status)})
			}
		}
		op := organizations.NewListOrganizationalUnitsForParentPaginator(orgs, &organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(n.id)})
		var children []orgtypes.OrganizationalUnit
		for op.HasMorePages() {
			page, err := op.NextPage(ctx)
			if err != nil {
				return nil, fmt.Errorf("import: listing the OUs under %s: %w", n.id, err)
			}
			children = append(children, page.OrganizationalUnits...)
		}
		sort.Slice(children, func(i, j int) bool { return aws.ToString(children[i].Name) < aws.ToString(children[j].Name) })
		for _, ou := range children {
			path := aws.ToString(ou.Name)
			if n.path != "" {
				path = n.path + "/" + path
			}
			out.OUs = append(out.OUs, path)
			queue = append(queue, node{id: aws.ToString(ou.Id), path: path})
		}
	}
	sort.Slice(out.Accounts, func(i, j int) bool { return out.Accounts[i].Name < out.Accounts[j].Name })
	for i := range out.Accounts {
		a := &out.Accounts[i]
		a.Tags = map[string]string{}
		tp := organizations.NewListTagsForResourcePaginator(orgs, &organizations.ListTagsForResourceInput{ResourceId: aws.String(a.ID)})
		for tp.HasMorePages() {
			page, err := tp.NextPage(ctx)
			if err != nil {
				return nil, fmt.Errorf("import: reading the tags of account %s: %w", a.ID, err)
			}
			for _, t := range page.Tags {
				a.Tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
			}
		}
	}
	dp := organizations.NewListDelegatedAdministratorsPaginator(orgs, &organizations.ListDelegatedAdministratorsInput{})
	for dp.HasMorePages() {
		page, err := dp.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("import: listing delegated administrators: %w", err)
		}
		for _, da := range page.DelegatedAdministrators {
			sp := organizations.NewListDelegatedServicesForAccountPaginator(orgs, &organizations.ListDelegatedServicesForAccountInput{AccountId: da.Id})
			for sp.HasMorePages() {
				sv, err := sp.NextPage(ctx)
				if err != nil {
					return nil, fmt.Errorf("import: listing the services delegated to %s: %w", aws.ToString(da.Id), err)
				}
				for _, s := range sv.DelegatedServices {
					out.Delegated[aws.ToString(s.ServicePrincipal)] = append(out.Delegated[aws.ToString(s.ServicePrincipal)], aws.ToString(da.Id))
				}
			}
		}
	}
	return out, nil
}
