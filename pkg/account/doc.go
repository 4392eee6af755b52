// Package account is the one way the landing zone creates or adopts an AWS account (Vend) and the one
// way it reaches into an account (Providers). Components never build an aws.Provider or an
// organizations.Account themselves, so every account is protected the same way and every resource
// lands in the account it was meant for.
package account
