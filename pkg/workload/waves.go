package workload

import "github.com/landingzone/aws-landing-zone/pkg/config"

// Waves splits the accounts to create into waves of at most size accounts, in the given order:
// each wave's accounts are made to depend on every account of the previous wave, so no more than
// size CreateAccount requests are in flight (vending.waveSize, a pacing choice: AWS publishes no
// concurrency limit, pkg/config DefaultWaveSize). Adopted accounts (an import ID) are not created
// and belong to no wave. Waves are counted over every account of the configuration, created or not:
// on a later run, a wave whose predecessors already exist starts at once, so the bound holds when
// new workloads are appended at the end of the configuration (they fill the last waves), and new
// accounts inserted at several places may start together (at most size per place). The result maps an account key to
// its wave (0-based); the second value is the number of waves.
func Waves(accounts []config.Account, size int) (map[string]int, int) {
	if size < 1 {
		size = 1
	}
	waves := map[string]int{}
	n := 0
	for _, a := range accounts {
		if a.ImportID != "" {
			continue
		}
		waves[a.Key] = n / size
		n++
	}
	return waves, (n + size - 1) / size
}
