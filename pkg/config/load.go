package config

// Load decodes, defaults and validates a stack configuration. It returns the organization only when
// the configuration has no problem at all; otherwise a Problems error that lists every problem.
func Load(config map[string]string) (*Organization, error) {
	org, problems := Decode(config)
	org.ApplyDefaults()
	problems = append(problems, org.Validate()...)
	if err := problems.err(); err != nil {
		return nil, err
	}
	return org, nil
}
