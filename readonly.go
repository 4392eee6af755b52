package main

import (
	"fmt"
	"os"
	"strconv"

	"github.com/landingzone/aws-landing-zone/pkg/config"
	"github.com/landingzone/aws-landing-zone/pkg/delivery"
)

// readOnlyRole returns the role member providers assume in a read-only run (the member preview
// role), or "" in a run that may write. A run is read-only when LANDINGZONE_READ_ONLY is true: the
// pull-request workflow and the Pulumi Deployments settings set it beside the preview role's
// credentials. It is an environment variable, not stack configuration, because the pull request,
// Deployments and `pulumi up` run the same stack file; a stack file cannot say who runs it.
//
// Forgetting it fails closed: the preview role may assume only the member preview role
// (delivery.PreviewPolicy), so a preview without the switch stops at the first member provider with
// AccessDenied on the access role. Setting it where no member preview role exists (delivery.keyless
// off) is refused; setting it in a run that may write makes that run fail at its first write in a
// member account, never write more.
func readOnlyRole(org *config.Organization) (string, error) {
	raw, set := os.LookupEnv(delivery.ReadOnlyEnv)
	if !set || raw == "" {
		return "", nil
	}
	on, err := strconv.ParseBool(raw)
	if err != nil {
		return "", fmt.Errorf("%s=%q: want true or false", delivery.ReadOnlyEnv, raw)
	}
	if !on {
		return "", nil
	}
	if !org.Delivery.Keyless {
		return "", fmt.Errorf("%s is true, but delivery.keyless is off: no read-only role exists in the member accounts; "+
			"switch delivery.keyless on (and pulumi up once) or unset %s", delivery.ReadOnlyEnv, delivery.ReadOnlyEnv)
	}
	return delivery.PreviewRoleName(org.Prefix), nil
}
