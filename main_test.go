package main

import (
	"os"
	"testing"

	"github.com/landingzone/aws-landing-zone/pkg/awsapi/awstest"
	"github.com/landingzone/aws-landing-zone/pkg/delivery"
)

// TestMain keeps the suite hermetic: a LANDINGZONE_READ_ONLY left in the caller's environment would
// change every plan, so it is cleared; and the shared moto server the live tests start is stopped at
// the end, whatever the result.
func TestMain(m *testing.M) {
	if err := os.Unsetenv(delivery.ReadOnlyEnv); err != nil {
		panic(err)
	}
	code := m.Run()
	awstest.StopShared()
	os.Exit(code)
}
