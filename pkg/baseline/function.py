"""Landing zone account baseline: the CloudFormation custom resource of pkg/baseline.

It sets what CloudFormation has no resource type for, exactly as the resource's properties say
(CloudFormation hands every value over as a string). Delete does nothing: removing the stack, or an
account leaving, must not weaken the account.

It runs as a role the guardrails exempt from the account-safety SCP statement, so it never applies a
setting weaker than the baseline, whoever sends the request: a forged invocation can only apply the
baseline again. IAM is eventually consistent: the role and its policy are created just before the
custom resource runs, so AccessDenied and throttling are retried for about two minutes.
"""
import re
import time

import boto3
import cfnresponse

# IAM CreateAccountAlias: 3-63 lowercase letters, digits and single hyphens, no hyphen at either end.
ALIAS = re.compile(r"^[a-z0-9](?:[a-z0-9]|-(?!-)){1,61}[a-z0-9]$")
NUMBERS = ("MinimumPasswordLength", "MaxPasswordAge", "PasswordReusePrevention")


# The floor of every setting (CIS AWS Foundations 1.8, 1.9, 2.1.4): nothing weaker is ever applied.
MIN_PASSWORD_LENGTH, MIN_REUSE_PREVENTION, MAX_PASSWORD_AGE = 14, 24, 90
PASSWORD_FLAGS = ("RequireSymbols", "RequireNumbers", "RequireUppercaseCharacters", "RequireLowercaseCharacters")
BLOCK_FLAGS = ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")
RETRY_SECONDS = 120
# EC2 names its errors differently: UnauthorizedOperation and RequestLimitExceeded (EC2 API reference,
# "Error codes for the Amazon EC2 API").
RETRIED = ("AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "Throttling", "ThrottlingException",
           "RequestLimitExceeded", "TooManyRequestsException")


def refuse_weaker(props, prefix):
    """Raises ValueError when a request would set anything below the baseline."""
    if "PasswordPolicy" in props:
        p = typed(props["PasswordPolicy"])
        if p.get("MinimumPasswordLength", 0) < MIN_PASSWORD_LENGTH or p.get("PasswordReusePrevention", 0) < MIN_REUSE_PREVENTION:
            raise ValueError("password policy weaker than the baseline (length >= %d, reuse prevention >= %d)" % (MIN_PASSWORD_LENGTH, MIN_REUSE_PREVENTION))
        if not 1 <= p.get("MaxPasswordAge", 0) <= MAX_PASSWORD_AGE or not all(p.get(f) is True for f in PASSWORD_FLAGS):
            raise ValueError("password policy weaker than the baseline (age <= %d days, %s)" % (MAX_PASSWORD_AGE, ", ".join(PASSWORD_FLAGS)))
    if "PublicAccessBlock" in props:
        b = typed(props["PublicAccessBlock"])
        if set(b) != set(BLOCK_FLAGS) or not all(b.values()):
            raise ValueError("S3 Block Public Access must set all of %s to true" % ", ".join(BLOCK_FLAGS))
    alias = props.get("AccountAlias")
    if alias is not None and not alias.startswith(prefix + "-"):
        raise ValueError("account alias %r does not follow the naming convention %s-<account>" % (alias, prefix))


def with_retries(step, deadline):
    """Runs step, retrying IAM propagation and throttling errors until deadline (time.monotonic)."""
    delay = 2
    while True:
        try:
            return step()
        except Exception as e:  # botocore's ClientError carries the code in its response
            code = getattr(e, "response", {}).get("Error", {}).get("Code", "")
            if code not in RETRIED or time.monotonic() + delay > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 20)


def typed(props):
    return {k: int(v) if k in NUMBERS else str(v).lower() == "true" for k, v in props.items()}


def close_default_security_groups(ec2, vpc_id=None):
    """Revokes every rule of the default security group of the default VPC, or of vpc_id (CIS 5.4)."""
    which = [{"Name": "vpc-id", "Values": [vpc_id]}] if vpc_id else [{"Name": "is-default", "Values": ["true"]}]
    vpcs = ec2.describe_vpcs(Filters=which)["Vpcs"]
    for vpc in vpcs:
        groups = ec2.describe_security_groups(Filters=[
            {"Name": "vpc-id", "Values": [vpc["VpcId"]]}, {"Name": "group-name", "Values": ["default"]},
        ])["SecurityGroups"]
        for g in groups:
            if g["IpPermissions"]:
                ec2.revoke_security_group_ingress(GroupId=g["GroupId"], IpPermissions=g["IpPermissions"])
            if g["IpPermissionsEgress"]:
                ec2.revoke_security_group_egress(GroupId=g["GroupId"], IpPermissions=g["IpPermissionsEgress"])
    return len(vpcs)


def apply(props, account):
    done = []
    if "PasswordPolicy" in props:
        boto3.client("iam").update_account_password_policy(**typed(props["PasswordPolicy"]))
        done.append("PasswordPolicy")
    if "PublicAccessBlock" in props:
        boto3.client("s3control").put_public_access_block(
            AccountId=account, PublicAccessBlockConfiguration=typed(props["PublicAccessBlock"]))
        done.append("PublicAccessBlock")
    ec2 = boto3.client("ec2")
    if props.get("EbsEncryptionByDefault") == "true":
        ec2.enable_ebs_encryption_by_default()
        done.append("EbsEncryptionByDefault")
    if props.get("DefaultSecurityGroups") == "closed":
        done.append("DefaultSecurityGroups:%d" % close_default_security_groups(ec2, props.get("VpcId")))
    alias = props.get("AccountAlias")
    if alias is not None:
        if not ALIAS.match(alias):
            raise ValueError("account alias %r: IAM allows 3-63 lowercase letters, digits and single hyphens" % alias)
        iam = boto3.client("iam")
        # An account has one alias: creating another replaces it.
        if iam.list_account_aliases()["AccountAliases"] != [alias]:
            iam.create_account_alias(AccountAlias=alias)
        done.append("AccountAlias")
    return {"Applied": " ".join(done)}


def handler(event, context):
    status, data, reason = cfnresponse.SUCCESS, {}, None
    try:
        if event["RequestType"] in ("Create", "Update"):
            props, arn = event["ResourceProperties"], context.invoked_function_arn.split(":")
            # The function is <prefix>-account-baseline[-...]: the prefix of the naming convention.
            refuse_weaker(props, arn[6].split("-account-baseline")[0])
            data = with_retries(lambda: apply(props, arn[4]), time.monotonic() + RETRY_SECONDS)
    except Exception as e:  # the stack fails with the reason, instead of waiting an hour for an answer
        status, reason = cfnresponse.FAILED, "%s: %s" % (type(e).__name__, e)
    physical = event.get("PhysicalResourceId") or event["LogicalResourceId"]
    cfnresponse.send(event, context, status, data, physical, reason=reason)
