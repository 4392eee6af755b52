// Package awstest runs the AWS emulation the tests of pkg/preflight, pkg/importer and the
// commands use: moto's server (python3 -m moto.server) on a free local port, and an httptest server
// speaking the wire protocols of the few APIs moto lacks (CloudFormation's organizations access,
// Account Management's Regions, Control Tower's landing zones, Service Quotas' ListServiceQuotas,
// Cost Explorer's ListCostAllocationTags),
// plus an STS front that can refuse AssumeRole for chosen roles and passes everything else to moto.
//
// Clients reach them only through the standard AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE>
// variables, so the SDK's serialization is exercised and no test can reach AWS. A missing python3
// or moto is an error, never a skip: CI must not pass without these tests.
package awstest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Moto is a running moto server.
type Moto struct {
	URL string
	cmd *exec.Cmd
	log *bytes.Buffer
}

// StartMoto starts moto's server on a free port of 127.0.0.1 and waits until it answers.
func StartMoto() (*Moto, error) {
	python, err := exec.LookPath("python3")
	if err != nil {
		return nil, fmt.Errorf("awstest: python3 is not installed; these tests run against moto (apt-get install python3 python3-pip; pip install 'moto[server]==5.2.1')")
	}
	if out, err := exec.Command(python, "-c", "import moto, moto.server").CombinedOutput(); err != nil {
		return nil, fmt.Errorf("awstest: python3 cannot import moto's server (%w: %s); install it: pip install 'moto[server]==5.2.1'", err, strings.TrimSpace(string(out)))
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	port := l.Addr().(*net.TCPAddr).Port
	_ = l.Close()
	m := &Moto{URL: fmt.Sprintf("http://127.0.0.1:%d", port), log: &bytes.Buffer{}}
	m.cmd = exec.Command(python, "-m", "moto.server", "-H", "127.0.0.1", "-p", fmt.Sprint(port))
	m.cmd.Stdout, m.cmd.Stderr = m.log, m.log
	m.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := m.cmd.Start(); err != nil {
		return nil, fmt.Errorf("awstest: starting moto: %w", err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(m.URL + "/moto-api/")
		if err == nil {
			_ = resp.Body.Close()
			return m, nil
		}
		time.Sleep(200 * time.Millisecond)
	}
	m.Stop()
	return nil, fmt.Errorf("awstest: moto did not answer on %s within 60 s: %s", m.URL, m.log.String())
}

// Stop ends the moto server (its process group: the server and anything it started).
func (m *Moto) Stop() {
	if m.cmd != nil && m.cmd.Process != nil {
		_ = syscall.Kill(-m.cmd.Process.Pid, syscall.SIGTERM)
		_ = m.cmd.Wait()
	}
}

// Reset forgets every resource moto holds, so each scenario starts from no organization.
func (m *Moto) Reset() error {
	resp, err := http.Post(m.URL+"/moto-api/reset", "application/json", nil)
	if err != nil {
		return err
	}
	_ = resp.Body.Close()
	return nil
}

// Fake answers the APIs moto lacks, in their own protocols, and fronts moto's STS.
type Fake struct {
	URL string

	mu sync.Mutex
	// StackSetsAccess is CloudFormation's organizations access status (ENABLED or DISABLED).
	StackSetsAccess string
	// Activations counts ActivateOrganizationsAccess calls.
	Activations int
	// Regions maps a Region name to its opt status (ENABLED, ENABLED_BY_DEFAULT, DISABLED, ...).
	Regions map[string]string
	// LandingZones are Control Tower landing zone ARNs.
	LandingZones []string
	// AccountQuota is the Organizations account quota Service Quotas reports (0: none reported).
	AccountQuota float64
	// CostTags are the user-defined cost-allocation tag keys Cost Explorer has seen in the billing
	// data, with their status (Inactive or Active); none by default, as in a new organization.
	CostTags map[string]string
	// DenyRoles are role ARNs whose AssumeRole STS refuses (AccessDenied).
	DenyRoles map[string]bool
	// Calls records "service:Operation" for every request served.
	Calls []string

	server *httptest.Server
	moto   *url.URL
}

// NewFake starts the fake, passing STS calls it does not refuse to moto.
func NewFake(motoURL string) (*Fake, error) {
	u, err := url.Parse(motoURL)
	if err != nil {
		return nil, err
	}
	f := &Fake{moto: u}
	f.Reset()
	f.server = httptest.NewServer(http.HandlerFunc(f.serve))
	f.URL = f.server.URL
	return f, nil
}

// Reset puts the fake back to a clean organization's answers.
func (f *Fake) Reset() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.StackSetsAccess, f.Activations, f.AccountQuota = "ENABLED", 0, 10
	f.Regions = map[string]string{"us-east-1": "ENABLED_BY_DEFAULT", "us-west-2": "ENABLED_BY_DEFAULT", "eu-west-1": "ENABLED_BY_DEFAULT", "eu-central-1": "ENABLED_BY_DEFAULT", "af-south-1": "DISABLED", "ap-east-1": "ENABLED"}
	f.LandingZones, f.DenyRoles, f.Calls = nil, map[string]bool{}, nil
	f.CostTags = map[string]string{}
}

// Close stops the fake.
func (f *Fake) Close() { f.server.Close() }

// Env is the environment that points every AWS client at moto and the fake, with dummy credentials,
// no shared configuration and no instance metadata: nothing can reach AWS.
func (f *Fake) Env(motoURL string) map[string]string {
	return map[string]string{
		"AWS_ENDPOINT_URL":                motoURL,
		"AWS_ENDPOINT_URL_STS":            f.URL + "/sts",
		"AWS_ENDPOINT_URL_CLOUDFORMATION": f.URL + "/cloudformation",
		"AWS_ENDPOINT_URL_ORGANIZATIONS":  f.URL + "/organizations",
		"AWS_ENDPOINT_URL_ACCOUNT":        f.URL + "/account",
		"AWS_ENDPOINT_URL_CONTROLTOWER":   f.URL + "/controltower",
		"AWS_ENDPOINT_URL_SERVICE_QUOTAS": f.URL + "/servicequotas",
		// The SDK's service ID "Cost Explorer", upper-cased with spaces as underscores
		// (aws-sdk-go-v2/config env_config.go).
		"AWS_ENDPOINT_URL_COST_EXPLORER": f.URL + "/costexplorer",
		"AWS_ACCESS_KEY_ID":              "testing",
		"AWS_SECRET_ACCESS_KEY":          "testing",
		"AWS_SESSION_TOKEN":              "",
		"AWS_REGION":                     "us-east-1",
		"AWS_PROFILE":                    "",
		"AWS_CONFIG_FILE":                os.DevNull,
		"AWS_SHARED_CREDENTIALS_FILE":    os.DevNull,
		"AWS_EC2_METADATA_DISABLED":      "true",
	}
}

func (f *Fake) record(call string) {
	f.mu.Lock()
	f.Calls = append(f.Calls, call)
	f.mu.Unlock()
}

func (f *Fake) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	_ = r.Body.Close()
	switch {
	case strings.HasPrefix(r.URL.Path, "/sts"):
		f.sts(w, r, body)
	case strings.HasPrefix(r.URL.Path, "/organizations"):
		f.organizations(w, r, body)
	case strings.HasPrefix(r.URL.Path, "/cloudformation"):
		f.cloudFormation(w, body)
	case r.URL.Path == "/account/listRegions":
		f.listRegions(w, body)
	case r.URL.Path == "/controltower/list-landingzones":
		f.record("controltower:ListLandingZones")
		f.mu.Lock()
		zones := []map[string]string{}
		for _, arn := range f.LandingZones {
			zones = append(zones, map[string]string{"arn": arn})
		}
		f.mu.Unlock()
		writeJSON(w, "application/json", map[string]any{"landingZones": zones})
	case strings.HasPrefix(r.URL.Path, "/servicequotas") && r.Header.Get("X-Amz-Target") == "ServiceQuotasV20190624.ListServiceQuotas":
		f.listServiceQuotas(w, body)
	case strings.HasPrefix(r.URL.Path, "/costexplorer") && r.Header.Get("X-Amz-Target") == "AWSInsightsIndexService.ListCostAllocationTags":
		f.listCostAllocationTags(w, body)
	default:
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprintf(w, "awstest: no emulation for %s %s", r.Method, r.URL.Path)
	}
}

// sts refuses AssumeRole for DenyRoles (query protocol, XML error) and forwards the rest to moto.
func (f *Fake) sts(w http.ResponseWriter, r *http.Request, body []byte) {
	form, _ := url.ParseQuery(string(body))
	f.record("sts:" + form.Get("Action"))
	f.mu.Lock()
	deny := form.Get("Action") == "AssumeRole" && f.DenyRoles[form.Get("RoleArn")]
	f.mu.Unlock()
	if deny {
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprintf(w, `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:iam::123456789012:user/test is not authorized to perform: sts:AssumeRole on resource: %s</Message></Error><RequestId>awstest</RequestId></ErrorResponse>`, form.Get("RoleArn"))
		return
	}
	r.URL.Path = "/"
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
	httputil.NewSingleHostReverseProxy(f.moto).ServeHTTP(w, r)
}

// organizations answers ListPolicies for the policy types moto 5.2.1 does not know (it refuses the
// EC2 declarative policy type with InvalidInputException) with an empty list, in Organizations' JSON
// 1.1 protocol, and forwards every other call to moto.
func (f *Fake) organizations(w http.ResponseWriter, r *http.Request, body []byte) {
	target := r.Header.Get("X-Amz-Target")
	f.record("organizations:" + strings.TrimPrefix(target, "AWSOrganizationsV20161128."))
	if target == "AWSOrganizationsV20161128.ListPolicies" {
		var in struct{ Filter string }
		if err := json.Unmarshal(body, &in); err == nil && contains(motoLacksPolicyTypes, in.Filter) {
			writeJSON(w, "application/x-amz-json-1.1", map[string]any{"Policies": []any{}})
			return
		}
	}
	r.URL.Path = "/"
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
	httputil.NewSingleHostReverseProxy(f.moto).ServeHTTP(w, r)
}

// motoLacksPolicyTypes are the Organizations policy types the landing zone uses that moto refuses.
var motoLacksPolicyTypes = []string{"DECLARATIVE_POLICY_EC2"}

// cloudFormation speaks the query protocol: form-encoded request, XML response.
func (f *Fake) cloudFormation(w http.ResponseWriter, body []byte) {
	form, _ := url.ParseQuery(string(body))
	action := form.Get("Action")
	f.record("cloudformation:" + action)
	w.Header().Set("Content-Type", "text/xml")
	f.mu.Lock()
	defer f.mu.Unlock()
	const ns = "http://cloudformation.amazonaws.com/doc/2010-05-15/"
	switch action {
	case "DescribeOrganizationsAccess":
		fmt.Fprintf(w, `<DescribeOrganizationsAccessResponse xmlns="%s"><DescribeOrganizationsAccessResult><Status>%s</Status></DescribeOrganizationsAccessResult><ResponseMetadata><RequestId>awstest</RequestId></ResponseMetadata></DescribeOrganizationsAccessResponse>`, ns, f.StackSetsAccess)
	case "ActivateOrganizationsAccess":
		f.Activations++
		f.StackSetsAccess = "ENABLED"
		fmt.Fprintf(w, `<ActivateOrganizationsAccessResponse xmlns="%s"><ActivateOrganizationsAccessResult/><ResponseMetadata><RequestId>awstest</RequestId></ResponseMetadata></ActivateOrganizationsAccessResponse>`, ns)
	default:
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `<ErrorResponse xmlns="%s"><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>awstest: %s is not emulated</Message></Error><RequestId>awstest</RequestId></ErrorResponse>`, ns, action)
	}
}

// listRegions speaks REST-JSON (POST /listRegions).
func (f *Fake) listRegions(w http.ResponseWriter, body []byte) {
	f.record("account:ListRegions")
	var in struct {
		RegionOptStatusContains []string `json:"RegionOptStatusContains"`
	}
	_ = json.Unmarshal(body, &in)
	f.mu.Lock()
	defer f.mu.Unlock()
	regions := []map[string]string{}
	for name, status := range f.Regions {
		if len(in.RegionOptStatusContains) > 0 && !contains(in.RegionOptStatusContains, status) {
			continue
		}
		regions = append(regions, map[string]string{"RegionName": name, "RegionOptStatus": status})
	}
	writeJSON(w, "application/json", map[string]any{"Regions": regions})
}

// listServiceQuotas speaks JSON 1.1 (X-Amz-Target).
func (f *Fake) listServiceQuotas(w http.ResponseWriter, body []byte) {
	f.record("servicequotas:ListServiceQuotas")
	var in struct{ ServiceCode string }
	_ = json.Unmarshal(body, &in)
	f.mu.Lock()
	defer f.mu.Unlock()
	quotas := []map[string]any{}
	if in.ServiceCode == "organizations" && f.AccountQuota > 0 {
		quotas = append(quotas, map[string]any{
			"ServiceCode": "organizations", "QuotaCode": "L-E619E127", "QuotaName": "Default maximum number of accounts",
			"Value": f.AccountQuota, "Adjustable": true,
		})
	}
	writeJSON(w, "application/x-amz-json-1.1", map[string]any{"Quotas": quotas})
}

// costTagsPage is how many tags one ListCostAllocationTags page of the fake holds, fewer than AWS's
// (100 by default), so that a caller that does not paginate misses keys.
const costTagsPage = 2

// listCostAllocationTags speaks JSON 1.1 (X-Amz-Target AWSInsightsIndexService.ListCostAllocationTags,
// as the SDK's service/costexplorer serializers send it): the seen keys filtered by TagKeys, Type and
// Status, sorted, in pages with a NextToken. Only user-defined tags are seen; AWSGenerated lists none.
func (f *Fake) listCostAllocationTags(w http.ResponseWriter, body []byte) {
	f.record("ce:ListCostAllocationTags")
	var in struct {
		TagKeys    []string
		Type       string
		Status     string
		NextToken  string
		MaxResults int
	}
	if err := json.Unmarshal(body, &in); err != nil || (in.Type != "" && in.Type != "UserDefined" && in.Type != "AWSGenerated") ||
		(in.Status != "" && in.Status != "Active" && in.Status != "Inactive") || len(in.TagKeys) > 100 {
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `{"__type":"ValidationException","message":"awstest: invalid ListCostAllocationTags request %s"}`, body)
		return
	}
	f.mu.Lock()
	var keys []string
	for k, status := range f.CostTags {
		if (len(in.TagKeys) == 0 || contains(in.TagKeys, k)) && in.Type != "AWSGenerated" && (in.Status == "" || in.Status == status) {
			keys = append(keys, k)
		}
	}
	f.mu.Unlock()
	sort.Strings(keys)
	start := 0
	if in.NextToken != "" {
		if _, err := fmt.Sscan(in.NextToken, &start); err != nil {
			w.Header().Set("Content-Type", "application/x-amz-json-1.1")
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprintf(w, `{"__type":"InvalidNextTokenException","message":"awstest: bad NextToken %q"}`, in.NextToken)
			return
		}
	}
	size := costTagsPage
	if in.MaxResults > 0 && in.MaxResults < size {
		size = in.MaxResults
	}
	out := map[string]any{}
	tags := []map[string]string{}
	for i := start; i < len(keys) && i < start+size; i++ {
		f.mu.Lock()
		tags = append(tags, map[string]string{"TagKey": keys[i], "Type": "UserDefined", "Status": f.CostTags[keys[i]]})
		f.mu.Unlock()
	}
	out["CostAllocationTags"] = tags
	if start+size < len(keys) {
		out["NextToken"] = fmt.Sprint(start + size)
	}
	writeJSON(w, "application/x-amz-json-1.1", out)
}

func writeJSON(w http.ResponseWriter, contentType string, v any) {
	w.Header().Set("Content-Type", contentType)
	_ = json.NewEncoder(w).Encode(v)
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
