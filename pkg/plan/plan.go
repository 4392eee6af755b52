package plan

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/landingzone/aws-landing-zone/pkg/config"
)

// Project is the Pulumi project name (Pulumi.yaml).
const Project = "landingzone"

// AccountType is the type token of an organization member account.
const AccountType = "aws:organizations/account:Account"

// Plan is what `pulumi up` would build for a stack, as plan.json writes it.
type Plan struct {
	Stack string `json:"stack"`
	// Warnings are what the configuration allows but a reviewer should see (config.Warnings).
	Warnings  []string    `json:"warnings,omitempty"`
	Resources []*Resource `json:"resources"`
	Summary   Summary     `json:"summary"`
}

// Summary counts the plan's resources.
type Summary struct {
	// Resources counts every registered resource, components included.
	Resources int `json:"resources"`
	// Providers counts AWS provider instances: each is a plugin process at deployment.
	Providers int `json:"providers"`
	// Accounts counts member accounts (vended or adopted), the management account excluded.
	Accounts int            `json:"accounts"`
	ByType   map[string]int `json:"byType"`
	// ByAccount and ByRegion count custom resources by the account and Region of their provider.
	ByAccount map[string]int `json:"byAccount"`
	ByRegion  map[string]int `json:"byRegion"`
	// WorkloadAccountResources counts resources managed inside workload accounts (any account but
	// the management and core accounts): what would grow with the number of accounts.
	WorkloadAccountResources int `json:"workloadAccountResources"`
	// AccountWaves is how many waves the new (not adopted) accounts are created in: an account
	// waits for the accounts it depends on, so the longest chain of new accounts is the number of
	// rounds of CreateAccount requests (at most vending.waveSize at once).
	AccountWaves int `json:"accountWaves"`
}

// Run synthesizes a stack under the mock engine with the program `pulumi up` runs over that stack's
// configuration, handing it the configuration the way the engine does. A rejected configuration
// returns config.Problems (use errors.As) and a plan with no resource.
//
// An organization the configuration adopts is taken to be as the configuration describes it, with
// all features and nothing else enabled, and no OU yet: offline, there is no live organization to
// read. `pulumi preview` reads the real one.
func Run(sc *StackConfig, program pulumi.RunFunc) (*Plan, error) {
	mocks := NewMocks(managementAccountID(sc.Config))
	if id := adoptedOrganizationID(sc.Config); id != "" {
		mocks.Live = &LiveOrganization{ID: id, FeatureSet: "ALL"}
	}
	p, err := SynthesizeWith(sc.Stack, mocks, program, withConfig(sc.Config, sc.SecretKeys))
	if err != nil {
		return p, err
	}
	if org, loadErr := config.Load(sc.Config); loadErr == nil {
		p.Warnings = org.Warnings()
	}
	return p, nil
}

// Synthesize runs any program under the mocks and returns what it registered, each custom resource
// with its account and Region. Component tests use it to run one component the way the plan does.
func Synthesize(stack, managementAccountID string, program pulumi.RunFunc, opts ...pulumi.RunOption) (*Plan, error) {
	return SynthesizeWith(stack, NewMocks(managementAccountID), program, opts...)
}

// SynthesizeWith is Synthesize with mocks of the caller's (e.g. with a live organization to adopt).
func SynthesizeWith(stack string, mocks *Mocks, program pulumi.RunFunc, opts ...pulumi.RunOption) (*Plan, error) {
	err := pulumi.RunErr(program, append([]pulumi.RunOption{pulumi.WithMocks(Project, stack, mocks)}, opts...)...)
	p := &Plan{Stack: stack, Resources: mocks.Resources()}
	if err != nil {
		return p, err
	}
	if err := p.resolveProviders(mocks); err != nil {
		return p, err
	}
	sort.SliceStable(p.Resources, func(i, j int) bool { return p.Resources[i].URN < p.Resources[j].URN })
	p.Summary = p.summarize()
	return p, nil
}

// Problems returns the configuration problems behind a Run error, if that is what it was.
func Problems(err error) (config.Problems, bool) {
	var ps config.Problems
	if errors.As(err, &ps) {
		return ps, true
	}
	return nil, false
}

// withConfig hands the program the stack configuration the way the engine does.
func withConfig(stackConfig map[string]string, secretKeys []string) pulumi.RunOption {
	return func(info *pulumi.RunInfo) {
		info.Config = stackConfig
		info.ConfigSecretKeys = secretKeys
	}
}

// adoptedOrganizationID reads adopt.organizationId from the raw configuration (empty when absent or
// unreadable: validation reports that).
func adoptedOrganizationID(stackConfig map[string]string) string {
	var adopt struct {
		OrganizationID string `json:"organizationId"`
	}
	_ = json.Unmarshal([]byte(stackConfig[config.Namespace+":adopt"]), &adopt)
	return adopt.OrganizationID
}

func managementAccountID(stackConfig map[string]string) string {
	id := stackConfig[config.Namespace+":managementAccountId"]
	if len(id) == 12 && strings.Trim(id, "0123456789") == "" {
		return id
	}
	return ""
}

// resolveProviders tells, for every custom resource, the account and Region it is managed in, read
// from the provider instance's own inputs: the role it assumes (a member account) or its pinned
// management account.
func (p *Plan) resolveProviders(mocks *Mocks) error {
	accountKeys := map[string]string{} // account ID -> key
	providers := map[string]*ProviderRef{}
	for _, r := range p.Resources {
		if r.Type == AccountType {
			accountKeys[r.ID] = r.Name
		}
	}
	for _, r := range p.Resources {
		if r.Type != ProviderType {
			continue
		}
		ref := &ProviderRef{URN: r.URN, Region: r.Input("region")}
		if roleArn := providerRoleArn(r); roleArn == "" {
			ref.Account, ref.AccountID = config.KeyManagement, mocks.ManagementAccountID
		} else {
			parts := strings.Split(roleArn, ":")
			if len(parts) < 6 {
				return fmt.Errorf("plan: provider %s assumes %q, which is not a role ARN", r.Name, roleArn)
			}
			ref.AccountID = parts[4]
			ref.Account = accountKeys[ref.AccountID]
			if ref.Account == "" {
				return fmt.Errorf("plan: provider %s assumes a role in account %s, which the landing zone does not vend", r.Name, ref.AccountID)
			}
		}
		providers[r.URN+"::"+r.ID] = ref
	}
	for _, r := range p.Resources {
		if !r.Custom || r.Type == ProviderType {
			continue
		}
		ref, ok := providers[r.providerRef]
		if !ok {
			// pulumi:disable-default-providers makes this an error at deployment: catch it here.
			return fmt.Errorf("plan: %s has no explicit AWS provider; every resource must name the account it lives in", r.URN)
		}
		r.Provider = ref
	}
	return nil
}

// providerRoleArn reads the assumed role from a provider's inputs. The SDK sends nested provider
// settings as JSON text, so both forms are read.
func providerRoleArn(r *Resource) string {
	switch v := r.Inputs["assumeRole"].(type) {
	case map[string]any:
		s, _ := v["roleArn"].(string)
		return s
	case string:
		var ar struct {
			RoleArn string `json:"roleArn"`
		}
		if json.Unmarshal([]byte(v), &ar) == nil {
			return ar.RoleArn
		}
	}
	return ""
}

// coreKeys are the accounts that are not workload accounts.
var coreKeys = []string{config.KeyManagement, config.KeyLogArchive, config.KeySecurity, config.KeySharedServices}

func (p *Plan) summarize() Summary {
	s := Summary{ByType: map[string]int{}, ByAccount: map[string]int{}, ByRegion: map[string]int{}}
	for _, r := range p.Resources {
		s.Resources++
		s.ByType[r.Type]++
		switch r.Type {
		case ProviderType:
			s.Providers++
		case AccountType:
			s.Accounts++
		}
		if r.Provider != nil {
			s.ByAccount[r.Provider.Account]++
			s.ByRegion[r.Provider.Region]++
			if !slices.Contains(coreKeys, r.Provider.Account) {
				s.WorkloadAccountResources++
			}
		}
	}
	s.AccountWaves = p.accountWaves()
	return s
}

// accountWaves is the length of the longest dependency chain between accounts to create.
func (p *Plan) accountWaves() int {
	created := map[string]*Resource{}
	for _, r := range p.Find(AccountType) {
		if r.ImportID == "" {
			created[r.URN] = r
		}
	}
	wave := map[string]int{}
	var waveOf func(r *Resource) int
	waveOf = func(r *Resource) int {
		if w, ok := wave[r.URN]; ok {
			return w
		}
		wave[r.URN] = 1 // a cycle cannot occur (the engine refuses one); this guards the recursion
		w := 1
		for _, d := range r.DependsOn {
			if dep := created[d]; dep != nil {
				w = max(w, waveOf(dep)+1)
			}
		}
		wave[r.URN] = w
		return w
	}
	n := 0
	for _, r := range created {
		n = max(n, waveOf(r))
	}
	return n
}

// WriteJSON writes plan.json.
func (p *Plan) WriteJSON(path string) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	return p.Encode(f)
}

// Encode writes the plan as JSON, one resource per line: a diff of two plan.json files in review
// then shows whole resources, and the document is streamed instead of built in memory (at 1,000
// workload accounts it is about 20 MB, which json.MarshalIndent held three times over).
func (p *Plan) Encode(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	field := func(prefix string, v any) error {
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		if _, err := bw.WriteString(prefix); err != nil {
			return err
		}
		_, err = bw.Write(b)
		return err
	}
	if err := field("{\"stack\": ", p.Stack); err != nil {
		return err
	}
	if len(p.Warnings) > 0 {
		if err := field(",\n\"warnings\": ", p.Warnings); err != nil {
			return err
		}
	}
	if _, err := bw.WriteString(",\n\"resources\": ["); err != nil {
		return err
	}
	for i, r := range p.Resources {
		sep := ",\n  "
		if i == 0 {
			sep = "\n  "
		}
		if err := field(sep, r); err != nil {
			return err
		}
	}
	if err := field("\n],\n\"summary\": ", p.Summary); err != nil {
		return err
	}
	if _, err := bw.WriteString("}\n"); err != nil {
		return err
	}
	return bw.Flush()
}

// Find returns the resources of a type.
func (p *Plan) Find(typ string) []*Resource {
	var out []*Resource
	for _, r := range p.Resources {
		if r.Type == typ {
			out = append(out, r)
		}
	}
	return out
}

// Named returns the resource of a type with a name, or nil.
func (p *Plan) Named(typ, name string) *Resource {
	for _, r := range p.Resources {
		if r.Type == typ && r.Name == name {
			return r
		}
	}
	return nil
}
