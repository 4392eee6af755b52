"""Landing zone account baseline: the CloudFormation custom resource of pkg/baseline.

It sets what CloudFormation has no resource type for, exactly as the resource's properties say
(CloudFormation hands every value over as a string). Delete does nothing: removing the stack, or an
account leaving, must not weaken the account.
"""
import re

import boto3
import cfnresponse

# IAM CreateAccountAlias: 3-63 lowercase letters, digits and single hyphens, no hyphen at either end.
ALIAS = re.compile(r"^[a-z0-9](?:[a-z0-9]|-(?!-)){1,61}[a-z0-9]$")
NUMBERS = ("MinimumPasswordLength", "MaxPasswordAge", "PasswordReusePrevention")


def typed(props):
    return {k: int(v) if k in NUMBERS else str(v).lower() == "true" for k, v in props.items()}


def close_default_security_groups(ec2):
    """Revokes every rule of the default security group of the default VPC (CIS 5.4)."""
    default = [{"Name": "is-default", "Values": ["true"]}]
    vpcs = ec2.describe_vpcs(Filters=default)["Vpcs"]
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
        done.append("DefaultSecurityGroups:%d" % close_default_security_groups(ec2))
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
            data = apply(event["ResourceProperties"], context.invoked_function_arn.split(":")[4])
    except Exception as e:  # the stack fails with the reason, instead of waiting an hour for an answer
        status, reason = cfnresponse.FAILED, "%s: %s" % (type(e).__name__, e)
    physical = event.get("PhysicalResourceId") or event["LogicalResourceId"]
    cfnresponse.send(event, context, status, data, physical, reason=reason)
