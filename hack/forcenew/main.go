// Command forcenew writes pkg/plan/forcenew_table.go: for every AWS resource type the landing zone
// registers, the inputs whose change makes the provider replace the resource.
//
// pulumi-aws is a bridge over the Terraform AWS provider and inherits its replacement rules: an
// SDKv2 attribute with `ForceNew: true`, or a Plugin Framework attribute or block with a
// `RequiresReplace()` plan modifier, is replaced, not updated, when it changes. This program reads
// those rules from the provider's Go source (it does not guess them), turns Terraform attribute
// names into Pulumi input names, and keeps only inputs that exist in the pulumi-aws SDK the program
// is built with (so an attribute newer than that SDK, such as Terraform v6's `region`, is dropped
// and reported).
//
// The provider's module path has no major-version suffix, so the Go module proxy does not serve its
// v5 and v6 tags, only commits as pseudo-versions; the README says which one the table was read from
// and what that means for pulumi-aws v6.83.4.
//
// Usage (from the repository root; needs the network once, to fetch the provider's source):
//
//	go run ./hack/forcenew -tf "$(go env GOMODCACHE)/github.com/hashicorp/terraform-provider-aws@VERSION" \
//	    -sdk "$(go env GOMODCACHE)/github.com/pulumi/pulumi-aws/sdk/v6@v6.83.4" -version VERSION
//
// The provider's source comes through the Go module proxy:
//
//	go mod download -json github.com/hashicorp/terraform-provider-aws@VERSION
//
// Tests never run this program: they read the generated table.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// resources maps every pulumi-aws type the landing zone registers to its Terraform resource.
// TestForceNew_CoversEveryTypeTheFixturesRegister fails when a new type is missing here.
var resources = map[string]string{
	"aws:ssoadmin/accountAssignment:AccountAssignment":                             "aws_ssoadmin_account_assignment",
	"aws:ssoadmin/customerManagedPolicyAttachment:CustomerManagedPolicyAttachment": "aws_ssoadmin_customer_managed_policy_attachment",
	"aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment":                 "aws_ssoadmin_managed_policy_attachment",
	"aws:ssoadmin/permissionSet:PermissionSet":                                     "aws_ssoadmin_permission_set",
	"aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy":             "aws_ssoadmin_permission_set_inline_policy",
	"aws:ssoadmin/permissionsBoundaryAttachment:PermissionsBoundaryAttachment":     "aws_ssoadmin_permissions_boundary_attachment",
	"aws:cloudwatch/logResourcePolicy:LogResourcePolicy":                           "aws_cloudwatch_log_resource_policy",
	"aws:detective/member:Member":                                                  "aws_detective_member",
	"aws:directoryservice/directory:Directory":                                     "aws_directory_service_directory",
	"aws:directoryservice/logSubscription:LogSubscription":                         "aws_directory_service_log_subscription",
	"aws:directoryservice/sharedDirectory:SharedDirectory":                         "aws_directory_service_shared_directory",
	"aws:directoryservice/sharedDirectoryAccepter:SharedDirectoryAccepter":         "aws_directory_service_shared_directory_accepter",
	"aws:ec2/defaultSecurityGroup:DefaultSecurityGroup":                            "aws_default_security_group",
	"aws:iam/accountPasswordPolicy:AccountPasswordPolicy":                          "aws_iam_account_password_policy",
	"aws:iam/accountAlias:AccountAlias":                                            "aws_iam_account_alias",
	"aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock":                     "aws_s3_account_public_access_block",
	"aws:ebs/encryptionByDefault:EncryptionByDefault":                              "aws_ebs_encryption_by_default",
	"aws:ec2/eip:Eip":                                                                            "aws_eip",
	"aws:ec2/flowLog:FlowLog":                                                                    "aws_flow_log",
	"aws:ec2/internetGateway:InternetGateway":                                                    "aws_internet_gateway",
	"aws:ec2/natGateway:NatGateway":                                                              "aws_nat_gateway",
	"aws:ec2/managedPrefixList:ManagedPrefixList":                                                "aws_ec2_managed_prefix_list",
	"aws:ec2/route:Route":                                                                        "aws_route",
	"aws:ec2/routeTable:RouteTable":                                                              "aws_route_table",
	"aws:ec2/routeTableAssociation:RouteTableAssociation":                                        "aws_route_table_association",
	"aws:ec2/securityGroup:SecurityGroup":                                                        "aws_security_group",
	"aws:ec2/subnet:Subnet":                                                                      "aws_subnet",
	"aws:ec2/vpc:Vpc":                                                                            "aws_vpc",
	"aws:ec2transitgateway/routeTable:RouteTable":                                                "aws_ec2_transit_gateway_route_table",
	"aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation":                          "aws_ec2_transit_gateway_route_table_association",
	"aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation":                          "aws_ec2_transit_gateway_route_table_propagation",
	"aws:ec2transitgateway/transitGateway:TransitGateway":                                        "aws_ec2_transit_gateway",
	"aws:ec2transitgateway/vpcAttachment:VpcAttachment":                                          "aws_ec2_transit_gateway_vpc_attachment",
	"aws:guardduty/member:Member":                                                                "aws_guardduty_member",
	"aws:inspector2/memberAssociation:MemberAssociation":                                         "aws_inspector2_member_association",
	"aws:macie2/member:Member":                                                                   "aws_macie2_member",
	"aws:ram/principalAssociation:PrincipalAssociation":                                          "aws_ram_principal_association",
	"aws:ram/resourceAssociation:ResourceAssociation":                                            "aws_ram_resource_association",
	"aws:ram/resourceShare:ResourceShare":                                                        "aws_ram_resource_share",
	"aws:ram/sharingWithOrganization:SharingWithOrganization":                                    "aws_ram_sharing_with_organization",
	"aws:route53/resolverEndpoint:ResolverEndpoint":                                              "aws_route53_resolver_endpoint",
	"aws:route53/resolverRule:ResolverRule":                                                      "aws_route53_resolver_rule",
	"aws:route53/resolverRuleAssociation:ResolverRuleAssociation":                                "aws_route53_resolver_rule_association",
	"aws:s3/bucketNotification:BucketNotification":                                               "aws_s3_bucket_notification",
	"aws:secretsmanager/secret:Secret":                                                           "aws_secretsmanager_secret",
	"aws:secretsmanager/secretVersion:SecretVersion":                                             "aws_secretsmanager_secret_version",
	"aws:accessanalyzer/analyzer:Analyzer":                                                       "aws_accessanalyzer_analyzer",
	"aws:budgets/budgetAction:BudgetAction":                                                      "aws_budgets_budget_action",
	"aws:costexplorer/anomalyMonitor:AnomalyMonitor":                                             "aws_ce_anomaly_monitor",
	"aws:costexplorer/anomalySubscription:AnomalySubscription":                                   "aws_ce_anomaly_subscription",
	"aws:costexplorer/costAllocationTag:CostAllocationTag":                                       "aws_ce_cost_allocation_tag",
	"aws:costexplorer/costCategory:CostCategory":                                                 "aws_ce_cost_category",
	"aws:budgets/budget:Budget":                                                                  "aws_budgets_budget",
	"aws:cfg/configurationAggregator:ConfigurationAggregator":                                    "aws_config_configuration_aggregator",
	"aws:cfg/deliveryChannel:DeliveryChannel":                                                    "aws_config_delivery_channel",
	"aws:cfg/recorder:Recorder":                                                                  "aws_config_configuration_recorder",
	"aws:cfg/recorderStatus:RecorderStatus":                                                      "aws_config_configuration_recorder_status",
	"aws:cloudformation/stackSet:StackSet":                                                       "aws_cloudformation_stack_set",
	"aws:cloudformation/stackSetInstance:StackSetInstance":                                       "aws_cloudformation_stack_set_instance",
	"aws:cloudtrail/trail:Trail":                                                                 "aws_cloudtrail",
	"aws:cloudwatch/eventRule:EventRule":                                                         "aws_cloudwatch_event_rule",
	"aws:cloudwatch/eventTarget:EventTarget":                                                     "aws_cloudwatch_event_target",
	"aws:cloudwatch/logGroup:LogGroup":                                                           "aws_cloudwatch_log_group",
	"aws:detective/graph:Graph":                                                                  "aws_detective_graph",
	"aws:detective/organizationAdminAccount:OrganizationAdminAccount":                            "aws_detective_organization_admin_account",
	"aws:detective/organizationConfiguration:OrganizationConfiguration":                          "aws_detective_organization_configuration",
	"aws:guardduty/detector:Detector":                                                            "aws_guardduty_detector",
	"aws:guardduty/detectorFeature:DetectorFeature":                                              "aws_guardduty_detector_feature",
	"aws:guardduty/organizationAdminAccount:OrganizationAdminAccount":                            "aws_guardduty_organization_admin_account",
	"aws:guardduty/organizationConfiguration:OrganizationConfiguration":                          "aws_guardduty_organization_configuration",
	"aws:guardduty/organizationConfigurationFeature:OrganizationConfigurationFeature":            "aws_guardduty_organization_configuration_feature",
	"aws:iam/openIdConnectProvider:OpenIdConnectProvider":                                        "aws_iam_openid_connect_provider",
	"aws:iam/role:Role":                                                                          "aws_iam_role",
	"aws:iam/rolePolicy:RolePolicy":                                                              "aws_iam_role_policy",
	"aws:iam/rolePolicyAttachment:RolePolicyAttachment":                                          "aws_iam_role_policy_attachment",
	"aws:inspector2/delegatedAdminAccount:DelegatedAdminAccount":                                 "aws_inspector2_delegated_admin_account",
	"aws:inspector2/enabler:Enabler":                                                             "aws_inspector2_enabler",
	"aws:inspector2/organizationConfiguration:OrganizationConfiguration":                         "aws_inspector2_organization_configuration",
	"aws:kms/alias:Alias":                                                                        "aws_kms_alias",
	"aws:kms/key:Key":                                                                            "aws_kms_key",
	"aws:macie2/account:Account":                                                                 "aws_macie2_account",
	"aws:macie2/organizationAdminAccount:OrganizationAdminAccount":                               "aws_macie2_organization_admin_account",
	"aws:macie2/organizationConfiguration:OrganizationConfiguration":                             "aws_macie2_organization_configuration",
	"aws:organizations/account:Account":                                                          "aws_organizations_account",
	"aws:organizations/delegatedAdministrator:DelegatedAdministrator":                            "aws_organizations_delegated_administrator",
	"aws:organizations/organization:Organization":                                                "aws_organizations_organization",
	"aws:organizations/organizationalUnit:OrganizationalUnit":                                    "aws_organizations_organizational_unit",
	"aws:organizations/policy:Policy":                                                            "aws_organizations_policy",
	"aws:organizations/policyAttachment:PolicyAttachment":                                        "aws_organizations_policy_attachment",
	"aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2":                       "aws_s3_bucket_lifecycle_configuration",
	"aws:s3/bucketLoggingV2:BucketLoggingV2":                                                     "aws_s3_bucket_logging",
	"aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2":                     "aws_s3_bucket_object_lock_configuration",
	"aws:s3/bucketOwnershipControls:BucketOwnershipControls":                                     "aws_s3_bucket_ownership_controls",
	"aws:s3/bucketPolicy:BucketPolicy":                                                           "aws_s3_bucket_policy",
	"aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock":                                     "aws_s3_bucket_public_access_block",
	"aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2": "aws_s3_bucket_server_side_encryption_configuration",
	"aws:s3/bucketV2:BucketV2":                                                                   "aws_s3_bucket",
	"aws:s3/bucketVersioningV2:BucketVersioningV2":                                               "aws_s3_bucket_versioning",
	"aws:securityhub/account:Account":                                                            "aws_securityhub_account",
	"aws:securityhub/configurationPolicy:ConfigurationPolicy":                                    "aws_securityhub_configuration_policy",
	"aws:securityhub/configurationPolicyAssociation:ConfigurationPolicyAssociation":              "aws_securityhub_configuration_policy_association",
	"aws:securityhub/findingAggregator:FindingAggregator":                                        "aws_securityhub_finding_aggregator",
	"aws:securityhub/organizationAdminAccount:OrganizationAdminAccount":                          "aws_securityhub_organization_admin_account",
	"aws:securityhub/organizationConfiguration:OrganizationConfiguration":                        "aws_securityhub_organization_configuration",
	"aws:sns/topic:Topic":                                                                        "aws_sns_topic",
	"aws:sns/topicPolicy:TopicPolicy":                                                            "aws_sns_topic_policy",
	"aws:sns/topicSubscription:TopicSubscription":                                                "aws_sns_topic_subscription",
}

// renamed are the attributes pulumi-aws gives another name than the mechanical camelCase one
// (its provider overrides), by type.
var renamed = map[string]map[string]string{
	"aws:sns/topicSubscription:TopicSubscription": {"topic_arn": "topic"},
}

func main() {
	tf := flag.String("tf", "", "terraform-provider-aws source tree")
	sdk := flag.String("sdk", "", "pulumi-aws Go SDK module directory (github.com/pulumi/pulumi-aws/sdk/v6@...)")
	version := flag.String("version", "", "terraform-provider-aws module version the tree is")
	out := flag.String("out", "pkg/plan/forcenew_table.go", "file to write")
	flag.Parse()
	if *tf == "" || *sdk == "" || *version == "" {
		flag.Usage()
		os.Exit(2)
	}
	src, dropped, err := generate(*tf, *sdk, *version, resources)
	if err != nil {
		fmt.Fprintf(os.Stderr, "forcenew: %v\n", err)
		os.Exit(1)
	}
	for _, d := range dropped {
		fmt.Fprintf(os.Stderr, "forcenew: %s has no pulumi-aws input in this SDK: dropped\n", d)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		fmt.Fprintf(os.Stderr, "forcenew: %v\n", err)
		os.Exit(1)
	}
}

// generate reads the replacement rules of the given types (pulumi type -> Terraform resource) from
// a provider source tree and returns the Go source of the table, and the attributes dropped because
// the SDK has no such input ("<type>: <terraform path>").
func generate(tf, sdk, version string, types map[string]string) ([]byte, []string, error) {
	names, err := constants(filepath.Join(tf, "names"))
	if err != nil {
		return nil, nil, err
	}
	files, err := filepath.Glob(filepath.Join(tf, "internal/service/*/*.go"))
	if err != nil {
		return nil, nil, err
	}
	annotation := regexp.MustCompile(`@(SDK|Framework)Resource\("([a-z0-9_]+)"`)
	where := map[string]string{} // Terraform resource -> file
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, nil, err
		}
		for _, m := range annotation.FindAllStringSubmatch(string(data), -1) {
			where[m[2]] = f
		}
	}

	var body bytes.Buffer
	var dropped []string
	sorted := make([]string, 0, len(types))
	for t := range types {
		sorted = append(sorted, t)
	}
	sort.Strings(sorted)
	for _, typ := range sorted {
		tfName := types[typ]
		file, ok := where[tfName]
		if !ok {
			return nil, nil, fmt.Errorf("%s: resource %s not found in %s", typ, tfName, tf)
		}
		attrs, err := replacing(file, tfName, names)
		if err != nil {
			return nil, nil, err
		}
		inputs, nested, err := sdkInputs(sdk, typ)
		if err != nil {
			return nil, nil, err
		}
		var paths []string
		for _, a := range attrs {
			if to, ok := renamed[typ][a]; ok {
				a = to
			}
			p, ok := pulumiPath(a, inputs, nested)
			if !ok {
				dropped = append(dropped, typ+": "+a)
				continue
			}
			paths = append(paths, p)
		}
		sort.Strings(paths)
		rel, err := filepath.Rel(tf, file)
		if err != nil {
			return nil, nil, err
		}
		fmt.Fprintf(&body, "\t%q: {Terraform: %q, Source: %q, Replace: %#v},\n", typ, tfName, filepath.ToSlash(rel), nonNil(paths))
	}
	src := fmt.Sprintf(`// Code generated by go run ./hack/forcenew; DO NOT EDIT.

package plan

// ForceNewSource is the Terraform AWS provider source the table was read from.
const ForceNewSource = "github.com/hashicorp/terraform-provider-aws %s"

// ForceNewSDK is the pulumi-aws SDK whose input names the table uses.
const ForceNewSDK = %q

var forceNew = map[string]ForceNewRule{
%s}
`, version, filepath.Base(sdk), body.String())
	formatted, err := format.Source([]byte(src))
	return formatted, dropped, err
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// replacing returns the dotted Terraform paths of the attributes of a resource that force
// replacement ("email", "auto_deployment.enabled").
func replacing(file, tfName string, names map[string]string) ([]string, error) {
	fset := token.NewFileSet()
	dir := filepath.Dir(file)
	pkgFiles := map[string]*ast.File{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		pkgFiles[e.Name()] = f
	}
	local, err := constants(dir)
	if err != nil {
		return nil, err
	}
	funcs := map[string]*ast.FuncDecl{}
	vars := map[string]ast.Expr{}
	for _, f := range pkgFiles {
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					funcs[d.Name.Name] = d
				}
			case *ast.GenDecl:
				if d.Tok != token.VAR {
					continue
				}
				for _, spec := range d.Specs {
					vs := spec.(*ast.ValueSpec)
					for i, n := range vs.Names {
						if i < len(vs.Values) {
							vars[n.Name] = vs.Values[i]
						}
					}
				}
			}
		}
	}
	w := &walker{names: names, local: local, funcs: funcs, vars: vars, seen: map[string]bool{}, active: map[string]bool{}}
	f := pkgFiles[filepath.Base(file)]
	marker := fmt.Sprintf("Resource(%q", tfName)
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Doc == nil || !strings.Contains(fd.Doc.Text(), marker) {
			continue
		}
		if strings.Contains(fd.Doc.Text(), "@FrameworkResource") {
			// The schema is the Schema method of the type the constructor returns: the only Schema
			// method in the file.
			for _, d2 := range f.Decls {
				if m, ok := d2.(*ast.FuncDecl); ok && m.Recv != nil && m.Name.Name == "Schema" {
					w.framework(m.Body, "")
				}
			}
		} else {
			w.sdk(fd.Body, "")
		}
		sort.Strings(w.out)
		return w.out, nil
	}
	return nil, fmt.Errorf("%s: no function annotated %s", file, marker)
}

type walker struct {
	names, local map[string]string
	funcs        map[string]*ast.FuncDecl
	vars         map[string]ast.Expr
	seen         map[string]bool
	active       map[string]bool // functions being walked: a recursive schema is walked once
	out          []string
}

// call walks a function of the package once per path, and never into itself (recursive schemas,
// such as nested filter blocks, would not end).
func (w *walker) call(name, path string, walk func(*ast.FuncDecl)) {
	if w.active[name] {
		return
	}
	w.active[name] = true
	defer delete(w.active, name)
	walk(w.funcs[name])
}

func (w *walker) key(e ast.Expr) string {
	switch k := e.(type) {
	case *ast.BasicLit:
		s, _ := strconv.Unquote(k.Value)
		return s
	case *ast.SelectorExpr:
		if x, ok := k.X.(*ast.Ident); ok && x.Name == "names" {
			return w.names[k.Sel.Name]
		}
	case *ast.Ident:
		return w.local[k.Name]
	}
	return ""
}

func (w *walker) add(path string) {
	if !w.seen[path] {
		w.seen[path] = true
		w.out = append(w.out, path)
	}
}

func join(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

// sdk walks SDKv2 code: every map[string]*schema.Schema literal, following Elem into nested
// resources and into functions of the package that build them.
func (w *walker) sdk(n ast.Node, prefix string) {
	ast.Inspect(n, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.CompositeLit:
			if isType(x.Type, "map[string]*schema.Schema") {
				w.sdkMap(x, prefix)
				return false
			}
		case *ast.CallExpr:
			if id, ok := x.Fun.(*ast.Ident); ok && w.funcs[id.Name] != nil {
				w.call(id.Name, prefix, func(fd *ast.FuncDecl) { w.sdk(fd.Body, prefix) })
			}
		case *ast.Ident:
			// A schema held in a package variable (var topicSchema = map[string]*schema.Schema{...}).
			if v, ok := w.vars[x.Name]; ok && !w.active["var "+x.Name] {
				w.active["var "+x.Name] = true
				w.sdk(v, prefix)
				delete(w.active, "var "+x.Name)
			}
		}
		return true
	})
}

func (w *walker) sdkMap(m *ast.CompositeLit, prefix string) {
	for _, elt := range m.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		name := w.key(kv.Key)
		if name == "" {
			continue
		}
		path := join(prefix, name)
		lit := literal(kv.Value)
		if lit == nil {
			// A schema returned by a function of the package.
			if call, ok := kv.Value.(*ast.CallExpr); ok {
				if id, ok := call.Fun.(*ast.Ident); ok && w.funcs[id.Name] != nil {
					w.call(id.Name, path, func(fd *ast.FuncDecl) { w.sdkSchemaFunc(fd, path) })
				}
			}
			continue
		}
		w.sdkSchema(lit, path)
	}
}

func (w *walker) sdkSchemaFunc(fd *ast.FuncDecl, path string) {
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if lit, ok := n.(*ast.CompositeLit); ok && isType(lit.Type, "schema.Schema") {
			w.sdkSchema(lit, path)
			return false
		}
		return true
	})
}

func (w *walker) sdkSchema(lit *ast.CompositeLit, path string) {
	for _, f := range lit.Elts {
		kv, ok := f.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		switch fieldName(kv.Key) {
		case "ForceNew":
			if id, ok := kv.Value.(*ast.Ident); ok && id.Name == "true" {
				w.add(path)
			}
		case "Elem":
			w.sdk(kv.Value, path)
		}
	}
}

// framework walks Plugin Framework code: attributes and blocks with a RequiresReplace plan
// modifier (RequiresReplaceIf* is conditional and also listed: it can replace).
func (w *walker) framework(n ast.Node, prefix string) {
	ast.Inspect(n, func(n ast.Node) bool {
		if x, ok := n.(*ast.CompositeLit); ok && (isType(x.Type, "map[string]schema.Attribute") || isType(x.Type, "map[string]schema.Block")) {
			for _, elt := range x.Elts {
				kv, ok := elt.(*ast.KeyValueExpr)
				if !ok {
					continue
				}
				name := w.key(kv.Key)
				if name == "" {
					continue
				}
				path := join(prefix, name)
				if lit := literal(kv.Value); lit != nil {
					for _, f := range lit.Elts {
						if fkv, ok := f.(*ast.KeyValueExpr); ok && fieldName(fkv.Key) == "PlanModifiers" && requiresReplace(fkv.Value) {
							w.add(path)
						}
					}
				}
				w.framework(kv.Value, path)
			}
			return false
		}
		return true
	})
}

func requiresReplace(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok && strings.HasPrefix(sel.Sel.Name, "RequiresReplace") {
			found = true
		}
		return !found
	})
	return found
}

func literal(e ast.Expr) *ast.CompositeLit {
	if u, ok := e.(*ast.UnaryExpr); ok {
		e = u.X
	}
	lit, _ := e.(*ast.CompositeLit)
	return lit
}

func fieldName(e ast.Expr) string {
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

func isType(e ast.Expr, want string) bool {
	if e == nil {
		return false
	}
	var b bytes.Buffer
	if err := format.Node(&b, token.NewFileSet(), e); err != nil {
		return false
	}
	return b.String() == want
}

// constants reads the string constants of a package directory.
func constants(dir string) (map[string]string, error) {
	out := map[string]string{}
	fset := token.NewFileSet()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return nil, err
		}
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, s := range gd.Specs {
				vs := s.(*ast.ValueSpec)
				for i, n := range vs.Names {
					if i < len(vs.Values) {
						if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
							out[n.Name], _ = strconv.Unquote(lit.Value)
						}
					}
				}
			}
		}
	}
	return out, nil
}

// sdkInputs reads the resource's top-level input names (the `pulumi:"..."` tags of its args
// struct) and every field name of the SDK module's types (for nested inputs).
func sdkInputs(sdk, typ string) (map[string]bool, map[string]bool, error) {
	parts := strings.Split(typ, ":")
	module, file, _ := strings.Cut(parts[1], "/")
	dir := filepath.Join(sdk, "go", "aws", module)
	tag := regexp.MustCompile("`pulumi:\"([A-Za-z0-9]+)\"`")
	data, err := os.ReadFile(filepath.Join(dir, file+".go"))
	if err != nil {
		return nil, nil, err
	}
	args := "type " + file + "Args struct {"
	i := bytes.Index(data, []byte(args))
	if i < 0 {
		return nil, nil, fmt.Errorf("%s: no %s in the SDK", typ, args)
	}
	end := bytes.Index(data[i:], []byte("\n}\n"))
	inputs := map[string]bool{}
	for _, m := range tag.FindAllSubmatch(data[i:i+end], -1) {
		inputs[string(m[1])] = true
	}
	nested := map[string]bool{}
	typeFiles, _ := filepath.Glob(filepath.Join(dir, "pulumiTypes*.go"))
	for _, tf := range typeFiles {
		b, err := os.ReadFile(tf)
		if err != nil {
			return nil, nil, err
		}
		for _, m := range tag.FindAllSubmatch(b, -1) {
			nested[string(m[1])] = true
		}
	}
	return inputs, nested, nil
}

// pulumiPath turns a Terraform path into the pulumi-aws input path: snake_case to camelCase, and
// the bridge's plural for list blocks ("rule" -> "rules") when only that exists.
func pulumiPath(tfPath string, inputs, nested map[string]bool) (string, bool) {
	parts := strings.Split(tfPath, ".")
	for i, p := range parts {
		c := camel(p)
		have := nested
		if i == 0 {
			have = inputs
		}
		switch {
		case have[c]:
			parts[i] = c
		case have[c+"s"]:
			parts[i] = c + "s"
		default:
			return "", false
		}
	}
	return strings.Join(parts, "."), true
}

func camel(s string) string {
	parts := strings.Split(s, "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}
