"""The replacement guard on spec pairs: what each change does, and when it must block."""

from __future__ import annotations

from conftest import EXAMPLES, run_cli

BASE = """kind: UserPoolWithMfa
id: Pool
stack_name: GuardStack
custom_attributes:
  tier: {type: string, max_len: 32}
clients:
  - id: Web
    auth_flows: {user_srp: true}
domains:
  - id: Domain
    cognito_domain: {domain_prefix: guard-login}
"""


def diff(tmp_path, old: str, new: str, *args: str):
    (tmp_path / "old.yaml").write_text(old)
    (tmp_path / "new.yaml").write_text(new)
    proc = run_cli("diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"), *args)
    return proc.returncode, proc.stdout.decode(), proc.stderr.decode()


def test_harmless_change_passes(tmp_path):
    code, out, _ = diff(tmp_path, BASE, BASE + "mfa_message: 'Your code is {####}'\n")
    assert code == 0
    assert "SmsAuthenticationMessage: absent" in out
    assert "REPLACED" not in out and "REFUSED" not in out


def test_changing_sign_in_aliases_is_refused(tmp_path):
    code, out, err = diff(tmp_path, BASE, BASE + "sign_in_aliases: {email: true}\n")
    assert code == 1
    assert "AliasAttributes" in out and "[UPDATE REFUSED]" in out
    assert "--allow-replacement" in err
    assert diff(tmp_path, BASE, BASE + "sign_in_aliases: {email: true}\n", "--allow-replacement")[0] == 0


def test_changing_a_custom_attribute_is_refused_and_adding_one_is_not(tmp_path):
    code, out, _ = diff(tmp_path, BASE, BASE.replace("max_len: 32", "max_len: 64"))
    assert code == 1
    assert "Schema/tier" in out and "[UPDATE REFUSED]" in out
    code, out, _ = diff(tmp_path, BASE, BASE.replace("  tier: {type: string, max_len: 32}\n",
                                                     "  tier: {type: string, max_len: 32}\n  plan: {type: string}\n"))
    assert code == 0
    assert "attribute 'plan' added" in out


def test_domain_prefix_change_replaces_the_domain_without_blocking(tmp_path):
    code, out, _ = diff(tmp_path, BASE, BASE.replace("guard-login", "guard-signin"))
    assert code == 0
    assert "PoolDomainCFC71F56 (AWS::Cognito::UserPoolDomain) Domain" in out
    assert "[REPLACED (create-only property)]" in out


def test_client_secret_replaces_the_client(tmp_path):
    code, out, _ = diff(tmp_path, BASE, BASE.replace("auth_flows: {user_srp: true}",
                                                     "auth_flows: {user_srp: true}\n    generate_secret: true"))
    assert code == 0
    assert "GenerateSecret" in out and "new client id" in out


def test_renaming_the_construct_replaces_the_pool_and_blocks(tmp_path):
    code, out, _ = diff(tmp_path, BASE, BASE.replace("id: Pool", "id: Users"))
    assert code == 1
    assert "remove  PoolD3F588B8 (AWS::Cognito::UserPool)" in out
    assert "every user is lost" in out


def test_moving_the_pool_between_user_pool_forms_is_a_replacement(tmp_path):
    old = (EXAMPLES / "web-app.yaml").read_text()
    new = old + "user_pool:\n  kind: UserPoolWithMfa\n  id: UserPool\n"
    code, out, _ = diff(tmp_path, old, new)
    assert code == 1
    assert "remove  IdentityUserPool96FE3B9B (AWS::Cognito::UserPool)" in out


def test_a_deployed_template_against_a_spec(tmp_path):
    template = run_cli("compile", str(EXAMPLES / "web-app.yaml")).stdout.decode()
    (tmp_path / "deployed.template.yaml").write_text(template)
    (tmp_path / "spec.yaml").write_text((EXAMPLES / "web-app.yaml").read_text())
    proc = run_cli("diff", str(tmp_path / "deployed.template.yaml"), str(tmp_path / "spec.yaml"))
    assert proc.returncode == 0, proc.stderr.decode()
    assert "0 change(s)" in proc.stdout.decode()


def test_unreadable_input_is_exit_2(tmp_path):
    assert run_cli("diff", str(tmp_path / "nope.yaml"), str(EXAMPLES / "web-app.yaml")).returncode == 2
