package awstest

import (
	"fmt"
	"os"
	"sync"
)

// Emulator is moto and the fake, started once per test binary.
type Emulator struct {
	Moto *Moto
	Fake *Fake
}

var (
	once    sync.Once
	shared  *Emulator
	started error
)

// Start starts moto and the fake on first use and points the process's AWS environment at them;
// later calls return the same emulator. Stop it from TestMain with StopShared.
func Start() (*Emulator, error) {
	once.Do(func() {
		m, err := StartMoto()
		if err != nil {
			started = err
			return
		}
		f, err := NewFake(m.URL)
		if err != nil {
			m.Stop()
			started = err
			return
		}
		for k, v := range f.Env(m.URL) {
			set := func() error { return os.Setenv(k, v) }
			if v == "" {
				set = func() error { return os.Unsetenv(k) }
			}
			if err := set(); err != nil {
				started = fmt.Errorf("awstest: %w", err)
			}
		}
		shared = &Emulator{Moto: m, Fake: f}
	})
	return shared, started
}

// StopShared stops what Start started, if anything.
func StopShared() {
	if shared != nil {
		shared.Fake.Close()
		shared.Moto.Stop()
	}
}

// Reset gives a test a clean emulator: no organization, default answers.
func (e *Emulator) Reset() error {
	e.Fake.Reset()
	return e.Moto.Reset()
}
