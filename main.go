// Command landingzone is the Pulumi program: one stack, one AWS Organization.
//
// The composition (configuration -> validation -> Organization -> core accounts -> workload
// accounts) is landingzone.Program, shared with the offline plan (cmd/lz) so both run the same code.
package main

import (
	"fmt"
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/landingzone/aws-landing-zone/pkg/landingzone"
)

func main() {
	config, err := landingzone.EngineConfig()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	pulumi.Run(landingzone.Program(config))
}
