package config

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

func TestValidate_RefusesMoreApplicationsThanACostCategoryHoldsRules(t *testing.T) {
	c := validConfig()
	var ws []map[string]any
	for i := range maxCostCategoryRules + 1 {
		ws = append(ws, map[string]any{
			"name": fmt.Sprintf("app%03d-dev", i), "email": fmt.Sprintf("app%03d@example.com", i), "environment": "dev",
			"owner": "team@example.com", "costCenter": "CC-1", "businessUnit": "web", "application": fmt.Sprintf("app%03d", i),
		})
	}
	text, _ := json.Marshal(ws)
	c["landingzone:workloads"] = string(text)
	_, err := Load(c)
	if err == nil || !strings.Contains(err.Error(), "workloads: 502 distinct application values") {
		t.Errorf("got %v, want the application cost category refused", err)
	}
}

func TestValidate_WorkloadVPCsMayNotOverlapEvenFarApartInTheList(t *testing.T) {
	c := validConfig()
	c["landingzone:workloads"] = `[
		{"name":"a","email":"a@example.com","environment":"dev","owner":"t@example.com","costCenter":"C","businessUnit":"b","application":"x","network":{"cidr":"10.0.0.0/16"}},
		{"name":"b","email":"b@example.com","environment":"dev","owner":"t@example.com","costCenter":"C","businessUnit":"b","application":"x","network":{"cidr":"10.1.0.0/24"}},
		{"name":"c","email":"c@example.com","environment":"dev","owner":"t@example.com","costCenter":"C","businessUnit":"b","application":"x","network":{"cidr":"10.0.200.0/24"}}]`
	_, err := Load(c)
	if err == nil || !strings.Contains(err.Error(), "workloads[2] (c).network.cidr: 10.0.200.0/24 overlaps workloads[0].network.cidr (10.0.0.0/16)") {
		t.Errorf("got %v", err)
	}
}

// The wave size is a pacing choice (AWS publishes no concurrent-creation limit): 5 unless set,
// anything from 1 to MaxWaveSize accepted.
func TestVending_WaveSizeDefaultsToFiveAndAcceptsUpToTheMaximum(t *testing.T) {
	o, err := Load(validConfig())
	if err != nil || o.Vending.WaveSize != DefaultWaveSize || DefaultWaveSize != 5 {
		t.Fatalf("default wave size %d, %v", o.Vending.WaveSize, err)
	}
	for size, ok := range map[int]bool{1: true, 12: true, MaxWaveSize: true, MaxWaveSize + 1: false} {
		c := validConfig()
		c["landingzone:vending"] = fmt.Sprintf(`{"waveSize": %d}`, size)
		if _, err := Load(c); (err == nil) != ok {
			t.Errorf("wave size %d: %v", size, err)
		}
	}
}

// The shared-services route tables return traffic to every attached VPC through prefix lists, one
// quota unit a block: beyond MaxHubWorkloads the routes cannot exist, so the configuration says so.
func TestValidate_RefusesMoreHubAttachedVPCsThanARouteTableHolds(t *testing.T) {
	build := func(attached int) map[string]string {
		c := validConfig()
		var ws []map[string]any
		for i := range MaxHubWorkloads + 1 {
			ws = append(ws, map[string]any{
				"name": fmt.Sprintf("app%04d-dev", i), "email": fmt.Sprintf("app%04d@example.com", i), "environment": "dev",
				"owner": "team@example.com", "costCenter": "CC-1", "businessUnit": "web", "application": "app",
				"network": map[string]any{"cidr": fmt.Sprintf("10.%d.%d.0/24", 1+i/256, i%256), "subnetPrefixLength": 26, "attachToHub": i < attached, "resolveDirectory": false},
			})
		}
		text, _ := json.Marshal(ws)
		c["landingzone:workloads"] = string(text)
		c["landingzone:sharedServices"] = `{"directory":{"domainName":"corp.example.com"},"network":{"vpcCidr":"10.255.0.0/22"},"transitGateway":{"enabled":true}}`
		return c
	}
	if _, err := Load(build(MaxHubWorkloads)); err != nil {
		t.Fatalf("%d attached VPCs refused: %v", MaxHubWorkloads, err)
	}
	_, err := Load(build(MaxHubWorkloads + 1))
	if err == nil || !strings.Contains(err.Error(), "workloads: 1000 workload VPCs attached to the hub; at most 999") {
		t.Errorf("got %v, want 1,000 attached VPCs refused", err)
	}
}
