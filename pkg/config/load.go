package config

// Load decodes, defaults and validates a stack configuration. It returns the organization only when
// the configuration has no problem at all; otherwise a Problems error that lists every problem.
// secretKeys are the keys the stack file marks secure (a key holding a secure value anywhere in it).
func Load(config map[string]string, secretKeys ...string) (*Organization, error) {
	org, problems := Decode(config)
	problems = append(problems, secretKeyProblems(config, secretKeys)...)
	org.ApplyDefaults()
	for _, p := range org.Validate() {
		if !org.refused[p.Path] { // one mistake, one message: Decode has already named it
			problems = append(problems, p)
		}
	}
	problems.nameWorkloads(org.Workloads)
	if err := problems.err(); err != nil {
		return nil, err
	}
	return org, nil
}
