"""The project's copy of CloudFormation's schemas decides what the spec can say, not the next troposphere release: a
Lambda trigger CloudFormation adds to ``LambdaConfig`` (a CDK user's ``UserPoolOperation.of``) is a spec key once
the copy has it and the generated files are written, and compiles though troposphere's ``LambdaConfig`` lacks it."""

from __future__ import annotations

import json
import subprocess
import sys

import yaml
from conftest import copy_of_checkout


def test_a_trigger_the_copy_adds_is_a_spec_key_and_compiles(tmp_path):
    copy = tmp_path / "checkout"
    copy_of_checkout(copy)
    schema_file = copy / "identity_compiler" / "cloudformation" / "schemas" / "aws-cognito-userpool.json"
    schema = json.loads(schema_file.read_text())
    schema["definitions"]["LambdaConfig"]["properties"]["PostSignIn"] = {"type": "string"}  # what a refresh brings
    schema_file.write_text(json.dumps(schema, indent=1))
    env = {"PYTHONPATH": str(copy)}
    spec = copy / "auth.yaml"
    spec.write_text("kind: UserPoolWithMfa\nstack_name: Auth\n"
                    "lambda_triggers: {post_sign_in: 'arn:aws:lambda:us-east-1:123456789012:function:f'}\n")
    command = [sys.executable, "-m", "identity_compiler", "compile", str(spec), "-o", str(copy / "out.yaml")]
    before = subprocess.run(command, cwd=copy, capture_output=True, text=True, env=env)
    assert before.returncode == 1 and "unknown key 'post_sign_in'" in before.stderr  # not before the schema says so
    subprocess.run([sys.executable, "-m", "identity_compiler.commands.generate"], cwd=copy, check=True,
                   capture_output=True, env=env)
    after = subprocess.run(command, cwd=copy, capture_output=True, text=True, env=env)
    assert after.returncode == 0, after.stderr
    resources = yaml.safe_load((copy / "out.yaml").read_text())["Resources"]
    (pool,) = [r for r in resources.values() if r["Type"] == "AWS::Cognito::UserPool"]
    assert pool["Properties"]["LambdaConfig"]["PostSignIn"] == "arn:aws:lambda:us-east-1:123456789012:function:f"
    assert any(lid.startswith("UserPoolPostSignInCognito") and r["Type"] == "AWS::Lambda::Permission"
               for lid, r in resources.items())
