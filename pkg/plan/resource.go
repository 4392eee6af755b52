package plan

import (
	"sort"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"

	"github.com/landingzone/aws-landing-zone/pkg/config"
)

// Secret is what a secret value shows as, in the plan and in plan.json.
const Secret = config.Secret

// ProviderType is the type token of an AWS provider instance.
const ProviderType = "pulumi:providers:aws"

// Resource is one registered resource, as plan.json writes it.
type Resource struct {
	URN            string       `json:"urn"`
	Type           string       `json:"type"`
	Name           string       `json:"name"`
	Custom         bool         `json:"custom"`
	Parent         string       `json:"parent,omitempty"`
	Provider       *ProviderRef `json:"provider,omitempty"`
	Protect        bool         `json:"protect"`
	RetainOnDelete bool         `json:"retainOnDelete"`
	DependsOn      []string     `json:"dependsOn"`
	IgnoreChanges  []string     `json:"ignoreChanges,omitempty"`
	// ReplaceOnChanges are inputs whose change replaces the resource (the option, on top of the
	// provider's own rules); DeleteBeforeReplace deletes the old one first.
	ReplaceOnChanges    []string `json:"replaceOnChanges,omitempty"`
	DeleteBeforeReplace bool     `json:"deleteBeforeReplace,omitempty"`
	ImportID            string   `json:"importId,omitempty"`
	// CustomTimeouts are the create and delete timeouts a slow resource is given.
	CustomTimeouts map[string]string `json:"customTimeouts,omitempty"`
	Inputs         map[string]any    `json:"inputs"`
	// ID is the physical ID the mocks gave the resource (empty for components).
	ID string `json:"id,omitempty"`
	// Aliases are the URNs the resource was known by before (pulumi.Aliases): the engine moves
	// the resource from any of them instead of replacing it.
	Aliases []string `json:"aliases,omitempty"`

	providerRef string // "urn::id" as the engine passes it
	state       resource.PropertyMap
}

// ProviderRef says which account and Region a resource is managed in.
type ProviderRef struct {
	URN       string `json:"urn"`
	Account   string `json:"account"`
	AccountID string `json:"accountId"`
	Region    string `json:"region"`
}

// Output returns a string output the mocks gave the resource (its ARN, say), or "".
func (r *Resource) Output(key string) string {
	v, ok := r.state[resource.PropertyKey(key)]
	if !ok || !v.IsString() {
		return ""
	}
	return v.StringValue()
}

// OutputStrings returns a list-of-strings output the mocks gave the resource (a directory's DNS
// addresses, say), or nil.
func (r *Resource) OutputStrings(key string) []string {
	v, ok := r.state[resource.PropertyKey(key)]
	if !ok || !v.IsArray() {
		return nil
	}
	var out []string
	for _, e := range v.ArrayValue() {
		if e.IsString() {
			out = append(out, e.StringValue())
		}
	}
	return out
}

// Input returns a string input, or "".
func (r *Resource) Input(key string) string {
	s, _ := r.Inputs[key].(string)
	return s
}

// InputMap returns a map input of strings (tags, say).
func (r *Resource) InputMap(key string) map[string]string {
	m, _ := r.Inputs[key].(map[string]any)
	out := make(map[string]string, len(m))
	for k, v := range m {
		if s, ok := v.(string); ok {
			out[k] = s
		}
	}
	return out
}

func record(args pulumi.MockResourceArgs) *Resource {
	r := &Resource{
		Type:        args.TypeToken,
		Name:        args.Name,
		Custom:      args.Custom,
		ImportID:    args.ID,
		Inputs:      plainMap(args.Inputs),
		DependsOn:   []string{},
		providerRef: args.Provider,
	}
	if rpc := args.RegisterRPC; rpc != nil {
		r.Parent = rpc.GetParent()
		r.Protect = rpc.GetProtect()
		r.RetainOnDelete = rpc.GetRetainOnDelete()
		r.IgnoreChanges = rpc.GetIgnoreChanges()
		r.ReplaceOnChanges = rpc.GetReplaceOnChanges()
		r.DeleteBeforeReplace = rpc.GetDeleteBeforeReplace()
		r.DependsOn = append(r.DependsOn, rpc.GetDependencies()...)
		sort.Strings(r.DependsOn)
		if ct := rpc.GetCustomTimeouts(); ct != nil {
			r.CustomTimeouts = map[string]string{}
			for k, v := range map[string]string{"create": ct.GetCreate(), "update": ct.GetUpdate(), "delete": ct.GetDelete()} {
				if v != "" {
					r.CustomTimeouts[k] = v
				}
			}
		}
		if r.Parent != "" {
			r.URN = newURN(resource.URN(r.Parent), args.TypeToken, args.Name)
			r.Aliases = aliasURNs(rpc, resource.URN(r.Parent), args.TypeToken, args.Name)
		}
	}
	return r
}

// aliasURNs resolves the aliases a registration declares into URNs, as the engine does: a full URN
// as given, a spec by its parts, each defaulting to the resource's own (name, type, parent).
func aliasURNs(rpc *pulumirpc.RegisterResourceRequest, parent resource.URN, typ, name string) []string {
	var out []string
	out = append(out, rpc.GetAliasURNs()...)
	for _, a := range rpc.GetAliases() {
		if urn := a.GetUrn(); urn != "" {
			out = append(out, urn)
			continue
		}
		spec := a.GetSpec()
		if spec == nil {
			continue
		}
		n, t, p := name, typ, parent
		if spec.GetName() != "" {
			n = spec.GetName()
		}
		if spec.GetType() != "" {
			t = spec.GetType()
		}
		switch {
		case spec.GetNoParent():
			p = resource.NewURN(parent.Stack(), parent.Project(), "", resource.RootStackType, parent.Stack().String()+"-"+parent.Project().String())
		case spec.GetParentUrn() != "":
			p = resource.URN(spec.GetParentUrn())
		}
		out = append(out, newURN(p, t, n))
	}
	return out
}

// newURN computes a URN the way the engine (and its mock monitor) does: a child's type is qualified
// by its parent's, which is why renaming or re-parenting anything replaces it.
func newURN(parent resource.URN, typ, name string) string {
	parentType := tokens.Type("")
	if parent != "" && parent.QualifiedType() != resource.RootStackType {
		parentType = parent.QualifiedType()
	}
	return string(resource.NewURN(parent.Stack(), parent.Project(), parentType, tokens.Type(typ), name))
}

// plainMap turns registered inputs into plain JSON values, secrets shown as Secret.
func plainMap(m resource.PropertyMap) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		if pv := plain(v); pv != nil {
			out[string(k)] = pv
		}
	}
	return out
}

func plain(v resource.PropertyValue) any {
	switch {
	case v.IsSecret():
		return Secret
	case v.IsNull():
		return nil
	case v.IsComputed() || v.IsOutput() && !v.OutputValue().Known:
		return "[unknown]"
	case v.IsOutput():
		if v.OutputValue().Secret {
			return Secret
		}
		return plain(v.OutputValue().Element)
	case v.IsBool():
		return v.BoolValue()
	case v.IsNumber():
		return v.NumberValue()
	case v.IsString():
		return v.StringValue()
	case v.IsArray():
		arr := v.ArrayValue()
		out := make([]any, 0, len(arr))
		for _, e := range arr {
			out = append(out, plain(e))
		}
		return out
	case v.IsObject():
		return plainMap(v.ObjectValue())
	case v.IsResourceReference():
		return string(v.ResourceReferenceValue().URN)
	case v.IsAsset() || v.IsArchive():
		return "[asset]"
	}
	return nil
}
