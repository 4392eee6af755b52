"""Runs the baseline custom resource (../function.py) against moto's mock of AWS.

TestFunction_PythonUnitTests (function_test.go) runs this with python3 and hands over, in
BASELINE_EVENTS, the custom resources' properties from the templates the Go code builds, so what is
tested is what the StackSets deploy.
"""
import json
import os
import sys
import types
import unittest

import boto3
from moto import mock_aws

# cfnresponse exists only inside Lambda (CloudFormation adds it next to inline code): record instead.
sent = []
fake = types.ModuleType("cfnresponse")
fake.SUCCESS, fake.FAILED = "SUCCESS", "FAILED"
fake.send = lambda event, context, status, data, physical, noEcho=False, reason=None: sent.append(
    {"status": status, "data": data, "physical": physical, "reason": reason})
sys.modules["cfnresponse"] = fake
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import function  # noqa: E402

ACCOUNT, REGION = "123456789012", "eu-west-1"

with open(os.environ["BASELINE_EVENTS"]) as f:
    EVENTS = json.load(f)


class Context:
    invoked_function_arn = "arn:aws:lambda:%s:%s:function:acme-account-baseline" % (REGION, ACCOUNT)


def invoke(properties, request="Create"):
    sent.clear()
    event = {"RequestType": request, "LogicalResourceId": "Baseline", "ResourceProperties": properties}
    if request != "Create":
        event["PhysicalResourceId"] = "Baseline"
    function.handler(event, Context())
    assert len(sent) == 1, "the function must answer CloudFormation exactly once, answered %d times" % len(sent)
    return sent[0]


@mock_aws
class BaselineTest(unittest.TestCase):
    def setUp(self):
        os.environ.update(AWS_DEFAULT_REGION=REGION, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing")
        self.ec2 = boto3.client("ec2", region_name=REGION)
        self.iam = boto3.client("iam")
        vpc = self.ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]
        self.group = self.ec2.describe_security_groups(Filters=[
            {"Name": "vpc-id", "Values": [vpc["VpcId"]]}, {"Name": "group-name", "Values": ["default"]}])["SecurityGroups"][0]
        # A rule someone added before the baseline arrived, on top of AWS's default ones.
        self.ec2.authorize_security_group_ingress(GroupId=self.group["GroupId"], IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])

    def rules(self):
        g = self.ec2.describe_security_groups(GroupIds=[self.group["GroupId"]])["SecurityGroups"][0]
        return g["IpPermissions"] + g["IpPermissionsEgress"]

    def test_home_region_sets_the_whole_baseline(self):
        self.assertTrue(self.rules(), "the default group starts with rules")
        answer = invoke(EVENTS["home"])
        self.assertEqual(answer["status"], "SUCCESS", answer["reason"])
        p = self.iam.get_account_password_policy()["PasswordPolicy"]
        self.assertGreaterEqual(p["MinimumPasswordLength"], 14)  # CIS 1.8
        self.assertGreaterEqual(p["PasswordReusePrevention"], 24)  # CIS 1.9
        for k in ("RequireSymbols", "RequireNumbers", "RequireUppercaseCharacters", "RequireLowercaseCharacters"):
            self.assertTrue(p[k], k)
        block = boto3.client("s3control").get_public_access_block(AccountId=ACCOUNT)["PublicAccessBlockConfiguration"]
        self.assertEqual(block, {"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True,
                                 "RestrictPublicBuckets": True})  # CIS 2.1.4
        self.assertTrue(self.ec2.get_ebs_encryption_by_default()["EbsEncryptionByDefault"])  # CIS 2.2.1
        self.assertEqual(self.rules(), [], "the default security group keeps rules (CIS 5.4)")
        self.assertIn("DefaultSecurityGroups:1", answer["data"]["Applied"])

    def test_other_regions_leave_the_global_settings_to_the_home_region(self):
        answer = invoke(EVENTS["region"])
        self.assertEqual(answer["status"], "SUCCESS", answer["reason"])
        with self.assertRaises(self.iam.exceptions.NoSuchEntityException):
            self.iam.get_account_password_policy()
        self.assertTrue(self.ec2.get_ebs_encryption_by_default()["EbsEncryptionByDefault"])
        self.assertEqual(self.rules(), [])

    def test_update_applies_again_and_delete_keeps_everything(self):
        self.assertEqual(invoke(EVENTS["home"])["status"], "SUCCESS")
        self.ec2.authorize_security_group_egress(GroupId=self.group["GroupId"], IpPermissions=[
            {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
        self.assertEqual(invoke(EVENTS["home"], "Update")["status"], "SUCCESS")
        self.assertEqual(self.rules(), [])
        answer = invoke(EVENTS["home"], "Delete")
        self.assertEqual((answer["status"], answer["physical"]), ("SUCCESS", "Baseline"))
        self.assertTrue(self.ec2.get_ebs_encryption_by_default()["EbsEncryptionByDefault"])
        self.assertEqual(self.iam.get_account_password_policy()["PasswordPolicy"]["MinimumPasswordLength"],
                         int(EVENTS["home"]["PasswordPolicy"]["MinimumPasswordLength"]))

    def test_alias_is_set_once_and_replaced_when_it_differs(self):
        answer = invoke(EVENTS["alias"])
        self.assertEqual(answer["status"], "SUCCESS", answer["reason"])
        self.assertEqual(self.iam.list_account_aliases()["AccountAliases"], [EVENTS["alias"]["AccountAlias"]])
        self.assertEqual(invoke(EVENTS["alias"], "Update")["status"], "SUCCESS")
        self.assertEqual(self.iam.list_account_aliases()["AccountAliases"], [EVENTS["alias"]["AccountAlias"]])

    def test_a_bad_alias_fails_the_stack_with_the_reason(self):
        answer = invoke({"AccountAlias": "Bad--Alias"})
        self.assertEqual(answer["status"], "FAILED")
        self.assertIn("Bad--Alias", answer["reason"])
        self.assertEqual(self.iam.list_account_aliases()["AccountAliases"], [])

    def test_a_default_vpc_deleted_earlier_is_not_an_error(self):
        for vpc in self.ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"]:
            for subnet in self.ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["Subnets"]:
                self.ec2.delete_subnet(SubnetId=subnet["SubnetId"])
            for igw in self.ec2.describe_internet_gateways(Filters=[{"Name": "attachment.vpc-id", "Values": [vpc["VpcId"]]}])["InternetGateways"]:
                self.ec2.detach_internet_gateway(InternetGatewayId=igw["InternetGatewayId"], VpcId=vpc["VpcId"])
                self.ec2.delete_internet_gateway(InternetGatewayId=igw["InternetGatewayId"])
            self.ec2.delete_vpc(VpcId=vpc["VpcId"])
        answer = invoke(EVENTS["region"])
        self.assertEqual(answer["status"], "SUCCESS", answer["reason"])
        self.assertIn("DefaultSecurityGroups:0", answer["data"]["Applied"])

    def test_a_workload_vpc_s_default_group_is_emptied_and_no_other(self):
        vpc = self.ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
        group = self.ec2.describe_security_groups(Filters=[
            {"Name": "vpc-id", "Values": [vpc]}, {"Name": "group-name", "Values": ["default"]}])["SecurityGroups"][0]
        self.ec2.authorize_security_group_ingress(GroupId=group["GroupId"], IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}])
        answer = invoke({"DefaultSecurityGroups": "closed", "VpcId": vpc})
        self.assertEqual(answer["status"], "SUCCESS", answer["reason"])
        g = self.ec2.describe_security_groups(GroupIds=[group["GroupId"]])["SecurityGroups"][0]
        self.assertEqual(g["IpPermissions"] + g["IpPermissionsEgress"], [], "the workload VPC's default group keeps rules (CIS 5.4)")
        self.assertTrue(self.rules(), "the default VPC's group was touched by a request for another VPC")

    def test_a_request_weaker_than_the_baseline_is_refused_and_nothing_applied(self):
        weak = json.loads(json.dumps(EVENTS["home"]))
        weak["PasswordPolicy"]["MinimumPasswordLength"] = "8"
        answer = invoke(weak)
        self.assertEqual(answer["status"], "FAILED")
        self.assertIn("weaker than the baseline", answer["reason"])
        with self.assertRaises(self.iam.exceptions.NoSuchEntityException):
            self.iam.get_account_password_policy()
        self.assertTrue(self.rules(), "a refused request changed the default security group")
        open_bucket = json.loads(json.dumps(EVENTS["home"]))
        open_bucket["PublicAccessBlock"]["BlockPublicPolicy"] = "false"
        answer = invoke(open_bucket)
        self.assertEqual(answer["status"], "FAILED")
        self.assertIn("Block Public Access", answer["reason"])
        answer = invoke({"AccountAlias": "someone-else"})
        self.assertEqual(answer["status"], "FAILED")
        self.assertIn("naming convention acme-", answer["reason"])
        self.assertEqual(self.iam.list_account_aliases()["AccountAliases"], [])


class RetryTest(unittest.TestCase):
    """IAM propagation: AccessDenied right after the role's creation is retried, other errors not."""

    def setUp(self):
        self.sleeps = []
        self.real_sleep, function.time.sleep = function.time.sleep, self.sleeps.append

    def tearDown(self):
        function.time.sleep = self.real_sleep

    def error(self, code):
        e = Exception(code)
        e.response = {"Error": {"Code": code}}
        return e

    def test_access_denied_is_retried_until_it_passes(self):
        calls = []

        def step():
            calls.append(1)
            if len(calls) < 3:
                raise self.error("AccessDenied")
            return "done"
        self.assertEqual(function.with_retries(step, function.time.monotonic() + 60), "done")
        self.assertEqual((len(calls), self.sleeps), (3, [2, 4]))

    def test_ec2s_own_error_names_are_retried_too(self):
        calls = []

        def step():
            calls.append(1)
            if len(calls) == 1:
                raise self.error("UnauthorizedOperation")
            if len(calls) == 2:
                raise self.error("RequestLimitExceeded")
            return "done"
        self.assertEqual(function.with_retries(step, function.time.monotonic() + 60), "done")
        self.assertEqual(len(calls), 3)

    def test_other_errors_and_the_deadline_are_final(self):
        def invalid():
            raise self.error("InvalidParameterValue")
        with self.assertRaises(Exception):
            function.with_retries(invalid, function.time.monotonic() + 60)
        self.assertEqual(self.sleeps, [])

        def denied():
            raise self.error("AccessDenied")
        with self.assertRaises(Exception):
            function.with_retries(denied, function.time.monotonic() + 1)
        self.assertEqual(self.sleeps, [])


if __name__ == "__main__":
    unittest.main()
