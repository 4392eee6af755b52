package plan

import (
	"testing"

	"github.com/landingzone/aws-landing-zone/pkg/config"
)

// The configuration leaves unjudged the value the plan hands over for a secret it cannot decrypt.
func TestSecret_IsTheRedactionTheConfigurationSkips(t *testing.T) {
	if Secret != config.RedactedSecret {
		t.Errorf("plan shows secrets as %q, config skips %q", Secret, config.RedactedSecret)
	}
}
