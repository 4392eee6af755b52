// Package account is the one way the landing zone creates or adopts an AWS account (Vend) and the one
// way it reaches into an account (Providers). Components never build an aws.Provider or an
// organizations.Account themselves, so every account is protected the same way and every resource
// lands in the account it was meant for.
//
// During a real update a member provider's role ARN resolves only once the role can be assumed
// (ProvidersArgs.WaitForRole): a new account's access role is not assumable at once, and without the
// wait the first resource in it fails with AccessDenied and `pulumi up` has to be run twice.
package account
