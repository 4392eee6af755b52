package plan

// ForceNewRule says which inputs of a resource type the provider cannot change in place: a change to
// any of them replaces the resource (a new account, a new bucket, a new key), read from the
// Terraform AWS provider that pulumi-aws bridges (see hack/forcenew and ForceNewSource).
type ForceNewRule struct {
	// Terraform is the provider's resource name (aws_organizations_account).
	Terraform string
	// Source is the provider file that declares the schema, relative to its repository.
	Source string
	// Replace are the pulumi-aws input paths ("email", "autoDeployment.enabled") whose change
	// replaces the resource.
	Replace []string
}

// ForceNew returns the rule of a resource type, and whether the table has it.
func ForceNew(typ string) (ForceNewRule, bool) {
	r, ok := forceNew[typ]
	return r, ok
}

// ForceNewTypes are the types the table covers.
func ForceNewTypes() []string {
	out := make([]string, 0, len(forceNew))
	for t := range forceNew {
		out = append(out, t)
	}
	return out
}
