"""End to end, as far as this machine allows: compile, `aws cloudformation deploy` to a local AWS
emulator (moto's ThreadedMotoServer on 127.0.0.1), then sign in as a web client would — SRP with
pycognito, a TOTP MFA challenge — get identity-pool credentials, write the web app's config,
update the stack in place and delete it."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys

import pytest

pytestmark = pytest.mark.integration

boto3 = pytest.importorskip("boto3")
moto_server = pytest.importorskip("moto.server")
pyotp = pytest.importorskip("pyotp")
aws_srp = pytest.importorskip("pycognito.aws_srp")
exceptions = pytest.importorskip("pycognito.exceptions")

import cognito_emulator  # noqa: E402  (registers the Cognito CloudFormation models)
from conftest import EXAMPLES, ROOT, run_cli  # noqa: E402

REGION = "us-east-1"
STACK = "WebAppAuth"


class TOTP(pyotp.TOTP):
    """An authenticator app. moto's fixed TOTP secret is shorter than the 160 bits Cognito issues."""

    min_secret_length_bits = 48


@pytest.fixture(scope="module")
def endpoint():
    """moto's server, in this process (so the Cognito models above are in it), on a free port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    saved = {k: os.environ.get(k) for k in ("MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP", "AWS_ACCESS_KEY_ID",
                                             "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION")}
    os.environ.update(MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP="true", AWS_ACCESS_KEY_ID="testing",
                      AWS_SECRET_ACCESS_KEY="testing", AWS_DEFAULT_REGION=REGION)
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def aws(endpoint: str, *args: str) -> subprocess.CompletedProcess:
    """The AWS CLI, as a user runs it."""
    proc = subprocess.run([sys.executable, "-m", "awscli", "--endpoint-url", endpoint, "--region", REGION, *args],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


def deploy(endpoint: str, spec, tmp_path, stack: str = STACK) -> None:
    template = tmp_path / f"{spec.stem}.template.yaml"
    compiled = run_cli("compile", str(spec), "--stack-name", stack, "-o", str(template))
    assert compiled.returncode == 0, compiled.stderr.decode()
    aws(endpoint, "cloudformation", "deploy", "--template-file", str(template), "--stack-name", stack,
        "--capabilities", "CAPABILITY_IAM", "--no-fail-on-empty-changeset")


def outputs(cfn) -> dict:
    stack = cfn.describe_stacks(StackName=STACK)["Stacks"][0]
    found = {}
    for output in stack["Outputs"]:
        for name in ("UserPoolId", "IdentityPoolId", "WebClientId", "Region", "UserPoolArn"):
            if output["OutputKey"][:-8].endswith(name):
                found[name] = output["OutputValue"]
    return found


def test_deploy_sign_in_with_totp_credentials_update_and_delete(endpoint, tmp_path):
    clients = {name: boto3.client(name, endpoint_url=endpoint, region_name=REGION)
               for name in ("cloudformation", "cognito-idp", "cognito-identity", "iam")}
    idp = clients["cognito-idp"]

    # 1. Deploy the PDK's default UserIdentity.
    deploy(endpoint, EXAMPLES / "web-app.yaml", tmp_path)
    ids = outputs(clients["cloudformation"])
    pool = idp.describe_user_pool(UserPoolId=ids["UserPoolId"])["UserPool"]
    assert pool["MfaConfiguration"] == "ON"
    assert pool["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is True
    assert idp.get_user_pool_mfa_config(UserPoolId=ids["UserPoolId"])["SoftwareTokenMfaConfiguration"] == \
        {"Enabled": True}

    # 2. An administrator creates the user (no self sign-up by default).
    idp.admin_create_user(UserPoolId=ids["UserPoolId"], Username="alice", TemporaryPassword="Temp-Passw0rd!",
                          UserAttributes=[{"Name": "email", "Value": "alice@example.com"},
                                          {"Name": "given_name", "Value": "Alice"},
                                          {"Name": "family_name", "Value": "Liddell"}])

    # 3. First sign-in with SRP: a new password, then TOTP set-up (MFA is required).
    srp = aws_srp.AWSSRP(username="alice", password="Temp-Passw0rd!", pool_id=ids["UserPoolId"],
                         client_id=ids["WebClientId"], client=idp)
    with pytest.raises(exceptions.ForceChangePasswordException):
        srp.authenticate_user()
    setup = srp.set_new_password_challenge("New-Passw0rd!")
    assert setup["ChallengeName"] == "MFA_SETUP"
    secret = idp.associate_software_token(Session=setup["Session"])["SecretCode"]
    verified = idp.verify_software_token(Session=setup["Session"], UserCode=TOTP(secret).now())
    assert verified["Status"] == "SUCCESS"
    first = idp.respond_to_auth_challenge(ClientId=ids["WebClientId"], ChallengeName="MFA_SETUP",
                                          Session=verified["Session"], ChallengeResponses={"USERNAME": "alice"})
    assert "IdToken" in first["AuthenticationResult"]

    # 4. Later sign-ins: SRP, then the TOTP challenge.
    srp = aws_srp.AWSSRP(username="alice", password="New-Passw0rd!", pool_id=ids["UserPoolId"],
                         client_id=ids["WebClientId"], client=idp)
    with pytest.raises(exceptions.SoftwareTokenMFAChallengeException) as challenge:
        srp.authenticate_user()
    tokens = idp.respond_to_auth_challenge(
        ClientId=ids["WebClientId"], ChallengeName="SOFTWARE_TOKEN_MFA", Session=challenge.value.get_tokens()["Session"],
        ChallengeResponses={"USERNAME": "alice", "SOFTWARE_TOKEN_MFA_CODE": TOTP(secret).now()},
    )["AuthenticationResult"]

    # 5. Identity-pool credentials for the signed-in user; the pool's authenticated role trusts this pool.
    provider = f"cognito-idp.{REGION}.amazonaws.com/{ids['UserPoolId']}"
    identity = clients["cognito-identity"].get_id(IdentityPoolId=ids["IdentityPoolId"],
                                                  Logins={provider: tokens["IdToken"]})
    credentials = clients["cognito-identity"].get_credentials_for_identity(
        IdentityId=identity["IdentityId"], Logins={provider: tokens["IdToken"]})["Credentials"]
    assert credentials["AccessKeyId"] and credentials["SessionToken"]
    role_arn = cognito_emulator.ROLE_ATTACHMENTS[ids["IdentityPoolId"]]["Roles"]["authenticated"]
    role = clients["iam"].get_role(RoleName=role_arn.rsplit("/", 1)[-1])["Role"]
    trust = role["AssumeRolePolicyDocument"]
    trust = json.loads(trust) if isinstance(trust, str) else trust
    condition = trust["Statement"][0]["Condition"]
    assert condition["StringEquals"]["cognito-identity.amazonaws.com:aud"] == ids["IdentityPoolId"]
    assert condition["ForAnyValue:StringLike"]["cognito-identity.amazonaws.com:amr"] == "authenticated"

    # 6. The web app's config, read back from the deployed stack.
    config = tmp_path / "runtime-config.json"
    proc = run_cli("web-config", "--stack-name", STACK, "--region", REGION, "--endpoint-url", endpoint,
                   "-o", str(config))
    assert proc.returncode == 0, proc.stderr.decode()
    flat = {"region": REGION, "identityPoolId": ids["IdentityPoolId"], "userPoolId": ids["UserPoolId"],
            "userPoolWebClientId": ids["WebClientId"]}
    assert json.loads(config.read_text()) == {**flat, "cognitoProps": flat}
    amplify = json.loads(run_cli("web-config", "--stack-name", STACK, "--region", REGION, "--endpoint-url",
                                 endpoint, "--format", "amplify", "-o", "-").stdout)
    assert amplify["auth"]["user_pool_id"] == ids["UserPoolId"]
    assert amplify["auth"]["mfa_configuration"] == "REQUIRED"
    assert "TOTP" in amplify["auth"]["mfa_methods"]

    # 7. An update in place: self sign-up, the app's own client settings, a domain, an API policy.
    deploy(endpoint, EXAMPLES / "web-app-signup.yaml", tmp_path)
    after = outputs(clients["cloudformation"])
    assert after["UserPoolId"] == ids["UserPoolId"], "the pool was updated in place, not replaced"
    assert after["WebClientId"] == ids["WebClientId"]
    pool = idp.describe_user_pool(UserPoolId=ids["UserPoolId"])["UserPool"]
    assert pool["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is False
    assert idp.admin_get_user(UserPoolId=ids["UserPoolId"], Username="alice")["Username"] == "alice"
    client = idp.describe_user_pool_client(UserPoolId=ids["UserPoolId"], ClientId=ids["WebClientId"])
    assert client["UserPoolClient"]["AllowedOAuthFlows"] == ["code"]

    # 8. Delete the stack: the user pool is retained (DeletionPolicy Retain), with its users.
    aws(endpoint, "cloudformation", "delete-stack", "--stack-name", STACK)
    aws(endpoint, "cloudformation", "wait", "stack-delete-complete", "--stack-name", STACK)
    assert idp.admin_get_user(UserPoolId=ids["UserPoolId"], Username="alice")["Username"] == "alice"


def test_migration_off_the_pdk_import_compile_diff_deploy(endpoint, tmp_path):
    """The README's walk-through: a stack the PDK deployed, taken over with no resource replaced."""
    from conftest import PDK

    stack = "IdentityDefaultStack"
    cfn = boto3.client("cloudformation", endpoint_url=endpoint, region_name=REGION)
    idp = boto3.client("cognito-idp", endpoint_url=endpoint, region_name=REGION)
    # The stack as the PDK deployed it (its synthesized template), with a user in its pool.
    aws(endpoint, "cloudformation", "deploy", "--template-file", str(PDK / "identity-default.json"),
        "--stack-name", stack, "--capabilities", "CAPABILITY_IAM")
    pool_id = cfn.describe_stack_resource(StackName=stack, LogicalResourceId="IdentityUserPool96FE3B9B")[
        "StackResourceDetail"]["PhysicalResourceId"]
    idp.admin_create_user(UserPoolId=pool_id, Username="bob", TemporaryPassword="Temp-Passw0rd!")

    # 1. import the deployed template: the spec is written only once it compiles back to it.
    deployed = tmp_path / "deployed.json"
    deployed.write_text(aws(endpoint, "cloudformation", "get-template", "--stack-name", stack).stdout)
    spec = tmp_path / "auth.yaml"
    done = run_cli("import", str(deployed), "--stack-name", stack, "-o", str(spec))
    assert done.returncode == 0, done.stderr.decode()
    assert [line for line in spec.read_text().splitlines() if not line.startswith("#")] == \
        ["kind: UserIdentity", f"stack_name: {stack}"]

    # 2. compile it (default mode, with the README's deliberate differences), 3. diff: nothing replaced.
    template = tmp_path / "auth.template.yaml"
    compiled = run_cli("compile", str(spec), "-o", str(template))
    assert compiled.returncode == 0, compiled.stderr.decode()
    diff = run_cli("diff", str(deployed), str(template))
    assert diff.returncode == 0, diff.stdout.decode() + diff.stderr.decode()
    assert b"REPLACED" not in diff.stdout and b"0 resource(s) replaced" in diff.stdout

    # 4. deploy: the same pool, with its user.
    aws(endpoint, "cloudformation", "deploy", "--template-file", str(template), "--stack-name", stack,
        "--capabilities", "CAPABILITY_IAM", "--no-fail-on-empty-changeset")
    after = cfn.describe_stack_resource(StackName=stack, LogicalResourceId="IdentityUserPool96FE3B9B")[
        "StackResourceDetail"]["PhysicalResourceId"]
    assert after == pool_id
    assert idp.admin_get_user(UserPoolId=pool_id, Username="bob")["Username"] == "bob"


HOSTED_UI_SPEC = """\
kind: UserIdentity
id: Shop
allow_signup: true
user_pool:
  sign_in_aliases: {email: true}
  auto_verify: {email: true}
  groups:
    - {id: Admins, group_name: admins, precedence: 0}
    - {id: Readers, group_name: readers}
  resource_servers:
    - id: Api
      identifier: api
      scopes: [{scope_name: read, scope_description: Read the catalogue}]
  clients:
    - id: Backend                     # a machine client: never the web app's by accident
      generate_secret: true
      o_auth:
        flows: {client_credentials: true}
        scopes: [{resource_server: Api, scope: read}]
    - id: WebClient
      auth_flows: {user_srp: true}
      o_auth:
        flows: {authorization_code_grant: true}
        callback_urls: ["https://shop.example.com/callback", "http://localhost:5173/"]
        logout_urls: ["https://shop.example.com/"]
        scopes: [OPENID, EMAIL, PROFILE]
  domains:
    - id: Domain
      cognito_domain: {domain_prefix: shop-hosted-ui}
"""


def amplify_configure(outputs_file) -> dict:
    """What Amplify JS v6 makes of the file at a web app's start-up (``Amplify.getConfig()``)."""
    from cdk_oracle import OracleUnavailable, install

    packages = ROOT / "tests" / "amplify"
    try:
        node = install(packages)
    except OracleUnavailable as exc:
        pytest.skip(str(exc))
    done = subprocess.run([node, str(packages / "configure.mjs"), str(outputs_file)], capture_output=True,
                          text=True, timeout=120, cwd=packages)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_web_config_of_a_hosted_ui_client_configures_amplify(endpoint, tmp_path, monkeypatch):
    spec = tmp_path / "shop.yaml"
    spec.write_text(HOSTED_UI_SPEC)
    deploy(endpoint, spec, tmp_path)
    cfn = boto3.client("cloudformation", endpoint_url=endpoint, region_name=REGION)
    ids = outputs(cfn)
    stack_outputs = {o["OutputKey"]: o["OutputValue"] for o in cfn.describe_stacks(StackName=STACK)["Stacks"][0]["Outputs"]}
    assert [v for k, v in stack_outputs.items() if "HostedUiDomain" in k] == \
        [f"shop-hosted-ui.auth.{REGION}.amazoncognito.com"], "the hosted UI's domain is an output"

    # AWS_REGION is where the stack is looked for, as the AWS SDKs do
    monkeypatch.setenv("AWS_REGION", REGION)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-3")
    written = tmp_path / "amplify_outputs.json"
    proc = run_cli("web-config", "--stack-name", STACK, "--endpoint-url", endpoint, "--format", "amplify",
                   "-o", str(written))
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stderr == b""
    auth = json.loads(written.read_text())["auth"]
    assert json.loads(written.read_text())["version"] == "1.4"
    assert auth["user_pool_client_id"] == ids["WebClientId"], "the WebClient, not the machine client"
    assert auth["oauth"] == {
        "identity_providers": [],
        "domain": f"shop-hosted-ui.auth.{REGION}.amazoncognito.com",
        "scopes": ["openid", "email", "profile"],
        "redirect_sign_in_uri": ["https://shop.example.com/callback", "http://localhost:5173/"],
        "redirect_sign_out_uri": ["https://shop.example.com/"],
        "response_type": "code",
    }
    assert auth["groups"] == [{"admins": {"precedence": 0}}, {"readers": {}}]
    assert auth["unauthenticated_identities_enabled"] is False
    assert auth["username_attributes"] == ["email"]  # sign_in_aliases without username: the email is the username
    assert auth["user_verification_types"] == ["email"]
    assert auth["mfa_configuration"] == "REQUIRED" and auth["mfa_methods"] == ["SMS", "TOTP"]

    cognito = amplify_configure(written)["Auth"]["Cognito"]
    assert cognito["userPoolId"] == ids["UserPoolId"]
    assert cognito["userPoolClientId"] == ids["WebClientId"]
    assert cognito["identityPoolId"] == ids["IdentityPoolId"]
    assert cognito["loginWith"]["oauth"]["domain"] == auth["oauth"]["domain"]
    assert cognito["loginWith"]["oauth"]["responseType"] == "code"
    assert cognito["mfa"] == {"status": "on", "smsEnabled": True, "totpEnabled": True}

    # --check: the committed config still matches the stack; after a change, the keys that differ, exit 1
    check = ("web-config", "--stack-name", STACK, "--endpoint-url", endpoint, "--format", "amplify",
             "--check", str(written))
    proc = run_cli(*check)
    assert (proc.returncode, proc.stderr) == (0, b""), proc.stderr.decode()
    stale = json.loads(written.read_text())
    stale["auth"]["user_pool_client_id"] = "1example23456789"
    stale["auth"]["oauth"]["scopes"] = ["openid"]
    del stale["auth"]["groups"]
    written.write_text(json.dumps(stale, indent=2) + "\n")
    before = written.read_bytes()
    proc = run_cli(*check)
    assert proc.returncode == 1
    err = proc.stderr.decode()
    for key in ("auth.user_pool_client_id", "auth.oauth.scopes", "auth.groups"):
        assert f"{written}: {key}: " in err, err
    assert "no longer matches the deployed stack (3 key(s))" in err
    assert written.read_bytes() == before, "--check writes nothing"

    # the machine client asked for by name: written, with a warning that a browser cannot use it
    proc = run_cli("web-config", "--stack-name", STACK, "--endpoint-url", endpoint, "--client", "Backend",
                   "-o", "-")
    assert proc.returncode == 0, proc.stderr.decode()
    assert b"warning: client Backend has a client secret" in proc.stderr
    config = json.loads(proc.stdout)
    assert config["userPoolWebClientId"] != ids["WebClientId"]
    assert config["cognitoProps"] == {k: config[k] for k in ("region", "identityPoolId", "userPoolId",
                                                             "userPoolWebClientId")}
    aws(endpoint, "cloudformation", "delete-stack", "--stack-name", STACK)
    aws(endpoint, "cloudformation", "wait", "stack-delete-complete", "--stack-name", STACK)


def test_web_config_never_takes_a_machine_client_by_accident(endpoint, tmp_path):
    spec = tmp_path / "clients.yaml"
    spec.write_text("""\
kind: UserPoolWithMfa
id: Pool
resource_servers:
  - {id: Api, identifier: api, scopes: [{scope_name: read, scope_description: Read}]}
clients:
  - id: Backend
    generate_secret: true
    o_auth: {flows: {client_credentials: true}, scopes: [{resource_server: Api, scope: read}]}
""")
    deploy(endpoint, spec, tmp_path)
    base = ("web-config", "--stack-name", STACK, "--region", REGION, "--endpoint-url", endpoint, "-o", "-")
    proc = run_cli(*base)
    assert proc.returncode == 2 and proc.stdout == b""
    assert "no user pool client of stack WebAppAuth fits a web app" in proc.stderr.decode()

    spec.write_text(spec.read_text() + "  - {id: Shop, o_auth: {flows: {authorization_code_grant: true}}}\n")
    deploy(endpoint, spec, tmp_path)
    config = json.loads(run_cli(*base).stdout)  # the only client a browser can use
    shop = next(o["OutputValue"] for o in boto3.client("cloudformation", endpoint_url=endpoint, region_name=REGION)
                .describe_stacks(StackName=STACK)["Stacks"][0]["Outputs"] if "ShopClientId" in o["OutputKey"])
    assert config["userPoolWebClientId"] == shop and "identityPoolId" not in config

    spec.write_text(spec.read_text() + "  - {id: Admin, o_auth: {flows: {authorization_code_grant: true}}}\n")
    deploy(endpoint, spec, tmp_path)
    proc = run_cli(*base)
    assert proc.returncode == 2 and "several clients a web app could use" in proc.stderr.decode()
    assert json.loads(run_cli(*base, "--client", "Shop").stdout)["userPoolWebClientId"] == shop
    aws(endpoint, "cloudformation", "delete-stack", "--stack-name", STACK)
    aws(endpoint, "cloudformation", "wait", "stack-delete-complete", "--stack-name", STACK)


def _stack_outputs_holding(endpoint: str, name: str) -> str:
    return next(o["OutputValue"] for o in boto3.client("cloudformation", endpoint_url=endpoint, region_name=REGION)
                .describe_stacks(StackName=STACK)["Stacks"][0]["Outputs"] if name in o["OutputKey"])


def test_web_config_takes_exactly_the_client_asked_for(endpoint, tmp_path):
    spec = tmp_path / "admins.yaml"
    spec.write_text("kind: UserPoolWithMfa\nid: Pool\nclients:\n"
                    "  - {id: SuperAdmin, o_auth: {flows: {authorization_code_grant: true}}}\n")
    deploy(endpoint, spec, tmp_path)
    base = ("web-config", "--stack-name", STACK, "--region", REGION, "--endpoint-url", endpoint, "-o", "-")
    proc = run_cli(*base, "--client", "Admin")  # a suffix of SuperAdmin, not its name
    assert proc.returncode == 2 and proc.stdout == b""
    assert "has no user pool client Admin" in proc.stderr.decode()
    spec.write_text(spec.read_text() + "  - {id: Admin, o_auth: {flows: {authorization_code_grant: true}}}\n")
    deploy(endpoint, spec, tmp_path)
    for name in ("Admin", "SuperAdmin"):
        config = json.loads(run_cli(*base, "--client", name).stdout)
        assert config["userPoolWebClientId"] == _stack_outputs_holding(endpoint, f"{name}ClientId")
    aws(endpoint, "cloudformation", "delete-stack", "--stack-name", STACK)
    aws(endpoint, "cloudformation", "wait", "stack-delete-complete", "--stack-name", STACK)


def test_web_config_writes_nothing_when_cognito_refuses_a_call(endpoint, tmp_path):
    stack = "GoneAuth"  # its pool is deleted behind CloudFormation's back: the stack stays
    deploy(endpoint, EXAMPLES / "web-app.yaml", tmp_path, stack)
    pool_id = next(o["OutputValue"] for o in boto3.client("cloudformation", endpoint_url=endpoint, region_name=REGION)
                   .describe_stacks(StackName=stack)["Stacks"][0]["Outputs"] if "UserPoolId" in o["OutputKey"])
    boto3.client("cognito-idp", endpoint_url=endpoint, region_name=REGION).delete_user_pool(UserPoolId=pool_id)
    target = tmp_path / "amplify_outputs.json"
    proc = run_cli("web-config", "--stack-name", stack, "--region", REGION, "--endpoint-url", endpoint,
                   "--format", "amplify", "-o", str(target))
    assert proc.returncode == 2 and not target.exists(), proc.stderr.decode()
    assert proc.stderr.decode().count("\n") == 1 and "describe_user_pool" in proc.stderr.decode()


def test_web_config_checks_the_values_a_stack_claims(endpoint, tmp_path):
    template = tmp_path / "odd.template.json"
    template.write_text(json.dumps({"Resources": {"Pool": {"Type": "AWS::Cognito::UserPool"}},
                                    "Outputs": {"Region0A1B2C3D": {"Value": "not a region"}}}))
    aws(endpoint, "cloudformation", "deploy", "--template-file", str(template), "--stack-name", STACK)
    proc = run_cli("web-config", "--stack-name", STACK, "--region", REGION, "--endpoint-url", endpoint, "-o", "-")
    assert proc.returncode == 2 and proc.stdout == b"", proc.stderr.decode()
    assert proc.stderr.decode() == "identity-compiler: error: stack WebAppAuth: 'not a region' is not a region\n"
    aws(endpoint, "cloudformation", "delete-stack", "--stack-name", STACK)
    aws(endpoint, "cloudformation", "wait", "stack-delete-complete", "--stack-name", STACK)


REPLICATED_SPEC = """\
kind: UserIdentity
id: Shop
user_pool:
  feature_plan: PLUS
  advanced_security_mode: null
  mfa_second_factor: {sms: true, otp: false}
  key_configuration: {key_type: CUSTOMER_MANAGED_KEY, kms_key_arn: "arn:aws:kms:us-east-1:123456789012:key/mrk-1a2b"}
  issuer_configuration: {type: UPDATED}
  replicas: [{region: eu-west-1}]
  clients:
    - id: WebClient
      o_auth:
        flows: {authorization_code_grant: true}
        callback_urls: ["https://shop.example.com/callback"]
        logout_urls: ["https://shop.example.com/"]
  domains:
    - id: Domain
      cognito_domain: {domain_prefix: shop-replicated}
"""


def test_web_config_for_a_replicas_region(endpoint, tmp_path):
    """The same pool and client, the replica's Region; no identity pool (not replicated), no prefix domain (the
    primary Region's), each said once; a Region without a replica is refused, and nothing is written."""
    spec = tmp_path / "replicated.yaml"
    spec.write_text(REPLICATED_SPEC)
    stack = "ReplicatedAuth"
    deploy(endpoint, spec, tmp_path, stack)
    common = ("web-config", "--stack-name", stack, "--region", REGION, "--endpoint-url", endpoint)
    primary = json.loads(run_cli(*common, "--format", "amplify", "-o", "-").stdout)["auth"]
    proc = run_cli(*common, "--format", "amplify", "--replica", "eu-west-1", "-o", "-")
    assert proc.returncode == 0, proc.stderr.decode()
    auth = json.loads(proc.stdout)["auth"]
    assert auth["aws_region"] == "eu-west-1"
    assert (auth["user_pool_id"], auth["user_pool_client_id"]) == (primary["user_pool_id"], primary["user_pool_client_id"])
    assert "identity_pool_id" in primary and "identity_pool_id" not in auth
    assert "oauth" in primary and "oauth" not in auth
    err = proc.stderr.decode()
    assert "the identity pool is not replicated" in err and "does not fail over to eu-west-1" in err
    proc = run_cli(*common, "--replica", "eu-west-1", "-o", "-")
    assert json.loads(proc.stdout)["region"] == "eu-west-1"
    target = tmp_path / "runtime-config.json"
    proc = run_cli(*common, "--replica", "ap-south-1", "-o", str(target))
    assert proc.returncode == 2 and not target.exists()
    assert "has no replica in ap-south-1; it has eu-west-1" in proc.stderr.decode()
    proc = run_cli(*common, "--replica", "../x", "-o", str(target))
    assert proc.returncode == 2 and "is not a Region" in proc.stderr.decode()
    aws(endpoint, "cloudformation", "delete-stack", "--stack-name", stack)


# `identity-compiler deploy` (SPEC 14) against the same emulator. What moto cannot show: resource-level events
# (it reports the stack's own), a change set's Replacement answers (it gives none for updates), and a
# CREATE that rolls back to ROLLBACK_COMPLETE (a failing resource is refused when the change set is executed).
def ic_deploy(endpoint: str, *args: str, cwd=None, env=None):
    return run_cli("deploy", *args, "--endpoint-url", endpoint, "--region", REGION, cwd=cwd, env=env)


def _stack(cfn, name: str):
    try:
        return cfn.describe_stacks(StackName=name)["Stacks"][0]
    except cfn.exceptions.ClientError:
        return None


def test_deploy_creates_then_has_nothing_to_deploy(endpoint, tmp_path):
    cfn = boto3.client("cloudformation", endpoint_url=endpoint, region_name=REGION)
    proc = ic_deploy(endpoint, str(EXAMPLES / "user-pool.yaml"), "--stack-name", "DeployCreate")
    err = proc.stderr.decode()
    assert proc.returncode == 0, err
    assert "DeployCreate (us-east-1, primary): create" in proc.stdout.decode()
    assert "CREATE_COMPLETE" in err and "deployed DeployCreate" in err
    assert _stack(cfn, "DeployCreate")["StackStatus"] == "CREATE_COMPLETE"
    again = ic_deploy(endpoint, str(EXAMPLES / "user-pool.yaml"), "--stack-name", "DeployCreate")
    assert again.returncode == 0 and "nothing to deploy" in again.stderr.decode()
    assert [c["ChangeSetName"] for c in cfn.list_change_sets(StackName="DeployCreate")["Summaries"]
            if c["ExecutionStatus"] != "EXECUTE_COMPLETE"] == []  # no change set left behind


def test_deploy_plan_changes_nothing_and_leaves_nothing_behind(endpoint):
    cfn = boto3.client("cloudformation", endpoint_url=endpoint, region_name=REGION)
    proc = ic_deploy(endpoint, str(EXAMPLES / "web-app.yaml"), "--stack-name", "DeployPlan", "--plan")
    assert proc.returncode == 0, proc.stderr.decode()
    table = proc.stdout.decode()
    assert "resource" in table and "action" in table and "AWS::Cognito::UserPool" in table and "Add" in table
    assert _stack(cfn, "DeployPlan") is None  # the CREATE change set's stack is gone too


def test_deploy_refuses_to_lose_the_user_pool_and_leaves_the_stack_untouched(endpoint, tmp_path):
    cfn = boto3.client("cloudformation", endpoint_url=endpoint, region_name=REGION)
    assert ic_deploy(endpoint, str(EXAMPLES / "web-app.yaml"), "--stack-name", "DeployGuard").returncode == 0
    before = cfn.get_template(StackName="DeployGuard")["TemplateBody"]
    renamed = tmp_path / "renamed.yaml"
    renamed.write_text("kind: UserIdentity\nid: Renamed\n")
    proc = ic_deploy(endpoint, str(renamed), "--stack-name", "DeployGuard")
    assert proc.returncode == 1 and "every user is lost" in proc.stderr.decode()
    assert cfn.get_template(StackName="DeployGuard")["TemplateBody"] == before
    assert _stack(cfn, "DeployGuard")["StackStatus"] == "CREATE_COMPLETE"


def test_a_failing_resource_is_reported_with_its_reason(endpoint, tmp_path):
    spec = tmp_path / "trigger.yaml"
    spec.write_text("kind: UserPoolWithMfa\nlambda_triggers:\n  pre_sign_up: {function_arn: "
                    "'arn:aws:lambda:us-east-1:123456789012:function:missing', add_permission: true}\n")
    proc = ic_deploy(endpoint, str(spec), "--stack-name", "DeployFails")
    err = proc.stderr.decode()
    assert proc.returncode == 1 and "DeployFails (us-east-1) failed" in err and "Function not found" in err, err
    assert "Traceback" not in err


def test_deploy_an_environment_and_write_the_web_config(endpoint, tmp_path):
    config = tmp_path / "amplify_outputs.json"
    proc = ic_deploy(endpoint, str(EXAMPLES / "environments.yaml"), "--env", "prod", "--web-config", str(config),
                     "--format", "amplify")
    assert proc.returncode == 0, proc.stderr.decode()
    cfn = boto3.client("cloudformation", endpoint_url=endpoint, region_name=REGION)
    assert _stack(cfn, "ShopAuth")["StackStatus"] == "CREATE_COMPLETE"  # prod's own stack_name
    pool_id = json.loads(config.read_text())["auth"]["user_pool_id"]
    assert pool_id == outputs_of(cfn, "ShopAuth")["UserPoolId"]


def outputs_of(cfn, stack: str) -> dict:
    """A stack's outputs by the name their logical id ends in (before the CDK's hash), as the README's query."""
    found = {}
    for output in cfn.describe_stacks(StackName=stack)["Stacks"][0].get("Outputs", []):
        for name in ("UserPoolId", "IdentityPoolId", "WebClientId"):
            if name in output["OutputKey"]:
                found.setdefault(name, output["OutputValue"])
    return found


def test_deploy_a_multi_region_pool_primary_first_then_its_replica_with_the_pool_id(endpoint):
    proc = ic_deploy(endpoint, str(EXAMPLES / "multi-region.yaml"))
    err = proc.stderr.decode()
    assert proc.returncode == 0, err
    primary_done = err.index("ShopAuthPrimary (us-east-1) +")
    replica_done = err.index("ShopAuthPrimary-eu-west-1 (eu-west-1) +")
    assert primary_done < replica_done  # the primary first
    primary = boto3.client("cloudformation", endpoint_url=endpoint, region_name=REGION)
    replica = boto3.client("cloudformation", endpoint_url=endpoint, region_name="eu-west-1")
    parameters = _stack(replica, "ShopAuthPrimary-eu-west-1")["Parameters"]
    assert parameters == [{"ParameterKey": "UserPoolId",
                           "ParameterValue": outputs_of(primary, "ShopAuthPrimary")["UserPoolId"]}]


@pytest.mark.parametrize("status, refused", [("ACTIVE", True), ("INACTIVE", False)])
def test_deploy_removes_a_replica_only_when_its_region_deployed_it_inactive(endpoint, tmp_path, status, refused):
    """DeleteUserPoolReplica deletes only an INACTIVE replica: the guard reads the status from the replica's Region's
    deployed stack, and refuses before anything changes."""
    text = (EXAMPLES / "multi-region.yaml").read_text().replace("status: INACTIVE", f"status: {status}")
    stack = f"DeployReplica{status.title()}"
    spec = tmp_path / "replicated.yaml"
    spec.write_text(text)
    assert ic_deploy(endpoint, str(spec), "--stack-name", stack).returncode == 0
    cfn = boto3.client("cloudformation", endpoint_url=endpoint, region_name=REGION)
    before = cfn.get_template(StackName=stack)["TemplateBody"]
    spec.write_text(text[:text.index("replicas:")] + text[text.index("clients:"):])
    proc = ic_deploy(endpoint, str(spec), "--stack-name", stack, "--plan")
    err = proc.stderr.decode()
    assert (proc.returncode == 1) is refused, err
    assert ("Cognito deletes only an INACTIVE replica" in err) is refused, err
    assert cfn.get_template(StackName=stack)["TemplateBody"] == before


def test_deploy_without_credentials_region_or_endpoint_is_one_line(endpoint, tmp_path):
    spec = str(EXAMPLES / "user-pool.yaml")
    empty = tmp_path / "empty"
    empty.write_text("")
    no_credentials = {"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_SHARED_CREDENTIALS_FILE": str(empty),
                      "AWS_CONFIG_FILE": str(empty), "AWS_PROFILE": ""}
    for proc in (ic_deploy(endpoint, spec, env=no_credentials),
                 run_cli("deploy", spec, "--endpoint-url", endpoint, "--region", "mars"),
                 run_cli("deploy", spec, "--endpoint-url", "http://127.0.0.1:9", "--region", REGION)):
        err = proc.stderr.decode().strip().splitlines()
        assert proc.returncode == 2 and err[-1].startswith("identity-compiler: error:"), err
        assert "Traceback" not in proc.stderr.decode()


def test_deploy_never_prints_a_client_secret(endpoint, tmp_path):
    spec = tmp_path / "secret.yaml"
    spec.write_text("kind: UserPoolWithMfa\nclients:\n  - id: Backend\n    generate_secret: true\n")
    proc = ic_deploy(endpoint, str(spec), "--stack-name", "DeploySecret")
    assert proc.returncode == 0, proc.stderr.decode()
    idp = boto3.client("cognito-idp", endpoint_url=endpoint, region_name=REGION)
    cfn = boto3.client("cloudformation", endpoint_url=endpoint, region_name=REGION)
    pool_id = outputs_of(cfn, "DeploySecret")["UserPoolId"]
    for client in idp.list_user_pool_clients(UserPoolId=pool_id)["UserPoolClients"]:
        secret = idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=client["ClientId"])["UserPoolClient"]
        assert secret.get("ClientSecret") and secret["ClientSecret"].encode() not in proc.stdout + proc.stderr


def test_deploy_reads_the_pool_id_from_the_output_that_is_the_pool(endpoint, tmp_path):
    spec = tmp_path / "named.yaml"  # a construct id holding "UserPoolId": the Region output's key holds it too
    spec.write_text((EXAMPLES / "multi-region.yaml").read_text().replace("\nid: Auth\n", "\nid: UserPoolIdentity\n"))
    proc = ic_deploy(endpoint, str(spec), "--stack-name", "DeployNamed")
    assert proc.returncode == 0, proc.stderr.decode()
    replica = boto3.client("cloudformation", endpoint_url=endpoint, region_name="eu-west-1")
    (parameter,) = _stack(replica, "DeployNamed-eu-west-1")["Parameters"]
    assert parameter["ParameterValue"].startswith(f"{REGION}_")
    again = ic_deploy(endpoint, str(spec), "--stack-name", "DeployNamed")
    assert again.returncode == 0 and "nothing to deploy" in again.stderr.decode()


def test_deploy_plan_says_why_a_client_is_replaced(endpoint, tmp_path):
    spec = tmp_path / "client.yaml"
    spec.write_text("kind: UserPoolWithMfa\nclients:\n  - id: Backend\n    generate_secret: false\n")
    assert ic_deploy(endpoint, str(spec), "--stack-name", "DeployWhy").returncode == 0
    spec.write_text(spec.read_text().replace("false", "true"))
    proc = ic_deploy(endpoint, str(spec), "--stack-name", "DeployWhy", "--plan")
    assert proc.returncode == 0, proc.stderr.decode()
    row = next(line for line in proc.stdout.decode().splitlines() if "AWS::Cognito::UserPoolClient" in line)
    assert "True" in row and "GenerateSecret" in row and "new client id" in row


def test_a_description_change_is_deployed_not_called_nothing(endpoint, tmp_path):
    spec = tmp_path / "described.yaml"
    spec.write_text("kind: UserPoolWithMfa\ndescription: first\n")
    assert ic_deploy(endpoint, str(spec), "--stack-name", "DeployDescribed").returncode == 0
    spec.write_text("kind: UserPoolWithMfa\ndescription: second\n")
    proc = ic_deploy(endpoint, str(spec), "--stack-name", "DeployDescribed")
    assert proc.returncode == 0 and "deployed DeployDescribed" in proc.stderr.decode(), proc.stderr.decode()
    cfn = boto3.client("cloudformation", endpoint_url=endpoint, region_name=REGION)
    assert "second" in json.dumps(cfn.get_template(StackName="DeployDescribed")["TemplateBody"])
