# The commands the README gives. `make test` is what CI runs.
.PHONY: plan test vet lint bench golden fuzz schema

STACK ?= prod

plan: ## the offline plan of a stack: no AWS credentials, no Pulumi CLI
	go run . plan --stack $(STACK)

test: vet ## vet, then every test (unit, whole-organization, bad configurations, golden URNs)
	go test ./...

vet:
	go vet ./...

lint: ## golangci-lint v2 with the linters listed in .golangci.yml
	golangci-lint run ./...

bench: ## the plan benchmark at 10, 100, 1,000 and 5,000 workload accounts, every component on, a network each
	go test . -run '^$$' -bench Plan -benchmem

fuzz: ## the stack-file fuzz test for 60 s: read, decode, validate, guardrail limits (seeded with stacks/, testdata/bad and testdata/valid)
	go test ./pkg/plan -run '^$$' -fuzz '^FuzzReadDecodeValidate$$' -fuzztime 60s -fuzzminimizetime 3s

golden: ## accept an intended URN or report change (after adding aliases for the old URNs)
	go test . -run 'TestFixtureURNs_AreStable|Golden' -update

schema: ## regenerate landingzone.schema.json (the stack file's JSON Schema) from pkg/config and the README
	go test . -run TestSchema_IsGeneratedFromTheTypesAndTheREADME -update
