"""Every semantic rule has a spec that trips it and one just inside its boundary, and switching any
rule off makes its case fail; the diagnostics of all cases are compared with a snapshot.

``IC_UPDATE_SNAPSHOTS=1 pytest tests/test_rule_cases.py`` writes the snapshot again after a deliberate
change of a message.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from identity_compiler import check
from identity_compiler.rules import RULES
from identity_compiler.source.loading import load_text

POOL = "kind: UserPoolWithMfa\n"
IDENTITY = "kind: UserIdentity\n"
LAMBDA = "'arn:aws:lambda:us-east-1:123456789012:function:f'"
ROLE = "'arn:aws:iam::123456789012:role/r'"
RISK = "risk_configuration: {risk_exception_configuration: {skipped_ip_range_list: [10.0.0.0/8]}}\n"
SERVER = "resource_servers: [{id: Api, identifier: api, scopes: [{scope_name: read, scope_description: Read}]}]\n"
SES = "email: {with_ses: {from_email: a@example.com, ses_region: us-east-1}}\n"
NO_ASM = "advanced_security_mode: null\n"
GOOGLE = "identity_providers: [{id: G, type: google, client_id: x, "
LOGS = "cloud_watch_logs_configuration: {log_group_arn: 'arn:aws:logs:us-east-1:123456789012:log-group:/auth'}"
BUCKET = "s3_configuration: {bucket_arn: 'arn:aws:s3:::auth-logs'}"
MRK = "key_configuration: {key_type: CUSTOMER_MANAGED_KEY, kms_key_arn: 'arn:aws:kms:us-east-1:123456789012:key/mrk-1a'}\n"
MULTI_REGION = (POOL + "feature_plan: PLUS\n" + MRK + "issuer_configuration: {type: UPDATED}\n"
                "mfa_second_factor: {sms: true, otp: false}\n")  # a secondary replica has no TOTP MFA (IC0741)
EU_LAMBDA = "'arn:aws:lambda:eu-west-1:123456789012:function:f'"
EU_SES = "'arn:aws:ses:eu-west-1:123456789012:identity/example.com'"
FAILOVER_DOMAIN = ("domains: [{{id: D, custom_domain: {{domain_name: auth.example.com, certificate_arn: "
                   "'arn:aws:acm:us-east-1:123456789012:certificate/x'}}, failover: {{secondary_region: {}, "
                   "primary_route53_health_check_id: hc-1}}}}]\n")


def client(body: str) -> str:
    return f"clients: [{{id: C, {body}}}]\n"


def attributes(count: int) -> str:
    return "custom_attributes: {" + ", ".join(f"a{i}: {{type: string}}" for i in range(count)) + "}\n"


def mapping(body: str) -> str:
    return IDENTITY + f"identity_pool_options: {{role_mappings: [{body}]}}\n"


# rule: (spec that trips it, the key it is reported at, spec just inside its boundary[, --pdk-compat])
CASES: dict[str, tuple] = {
    "IC0201": (POOL + "password_policy: {temp_password_validity: 366 days}\n", "password_policy.temp_password_validity",
               POOL + "password_policy: {temp_password_validity: 365 days}\n"),
    "IC0202": (POOL + "mfa_message: '{####}" + "x" * 135 + "'\n", "mfa_message",
               POOL + "mfa_message: '{####}" + "x" * 134 + "'\n"),
    "IC0203": (POOL + "user_verification: {email_body: Welcome}\n", "user_verification.email_body",
               POOL + "user_verification: {email_body: 'Code {####}'}\n"),
    "IC0204": (POOL + "sign_in_aliases: {email: true, preferred_username: true}\n", "sign_in_aliases.preferred_username",
               POOL + "sign_in_aliases: {username: true, preferred_username: true}\n"),
    "IC0205": (POOL + f"enable_sms_role: false\nsms_role: {ROLE}\n", "enable_sms_role",
               POOL + f"enable_sms_role: true\nsms_role: {ROLE}\n"),
    "IC0206": (POOL + f"lambda_triggers: {{custom_sms_sender: {LAMBDA}}}\n", "lambda_triggers.custom_sms_sender",
               POOL + f"lambda_triggers: {{custom_sms_sender: {LAMBDA}}}\n"
               "custom_sender_kms_key: 'arn:aws:kms:us-east-1:123456789012:key/k'\n"),
    "IC0207": (POOL + f"lambda_triggers: {{pre_sign_up: {{function_arn: {LAMBDA}, lambda_version: V2_0}}}}\n",
               "lambda_triggers.pre_sign_up.lambda_version",
               POOL + f"lambda_triggers: {{pre_token_generation_config: {{function_arn: {LAMBDA}, lambda_version: V2_0}}}}\n"),
    "IC0208": (POOL + "mfa_second_factor: {sms: true, otp: false, email: true}\n", "mfa_second_factor.email",
               POOL + "mfa_second_factor: {sms: true, otp: false, email: true}\n" + SES),
    "IC0215": (POOL + NO_ASM + SES + "feature_plan: LITE\nmfa_second_factor: {sms: false, otp: false, email: true}\n",
               "feature_plan",
               POOL + NO_ASM + SES + "feature_plan: ESSENTIALS\nmfa_second_factor: {sms: false, otp: false, email: true}\n"),
    "IC0209": (POOL + "custom_attributes: {bio: {type: string, max_len: 2049}}\n", "custom_attributes.bio.max_len",
               POOL + "custom_attributes: {bio: {type: string, max_len: 2048}}\n"),
    "IC0210": (POOL + "email: {with_ses: {from_email: a@example.com, ses_region: us-east-1, ses_verified_domain: other.com}}\n",
               "email.with_ses.ses_verified_domain",
               POOL + "email: {with_ses: {from_email: a@example.com, ses_region: us-east-1, ses_verified_domain: example.com}}\n"),
    "IC0211": (POOL + "email: {with_cognito: {reply_to: 'ü@example.com'}}\n", "email.with_cognito.reply_to",
               POOL + "email: {with_cognito: {reply_to: 'üa@example.com'}}\n"),
    "IC0729": (POOL + NO_ASM + "feature_plan: LITE\nweb_authn_factor_configuration: SINGLE_FACTOR\n", "feature_plan",
               POOL + NO_ASM + "feature_plan: ESSENTIALS\nweb_authn_factor_configuration: SINGLE_FACTOR\n"),
    "IC0730": (POOL + "web_authn_factor_configuration: MULTI_FACTOR_WITH_USER_VERIFICATION\n",
               "web_authn_factor_configuration",
               POOL + "web_authn_factor_configuration: MULTI_FACTOR_WITH_USER_VERIFICATION\nfeature_plan: ESSENTIALS\n"
               "sign_in_policy: {allowed_first_auth_factors: {password: true, passkey: true}}\n"
               "passkey_relying_party_id: auth.example.com\npasskey_user_verification: REQUIRED\n"),
    "IC0731": (POOL + "key_configuration: {key_type: CUSTOMER_MANAGED_KEY}\n", "key_configuration.key_type",
               POOL + "key_configuration: {key_type: CUSTOMER_MANAGED_KEY, "
               "kms_key_arn: 'arn:aws:kms:us-east-1:123456789012:key/mrk-1a2b3c4d'}\n"),
    "IC0732": (MULTI_REGION.replace("PLUS", "LITE") + NO_ASM + "replicas: [{region: eu-west-1}]\n", "feature_plan",
               MULTI_REGION.replace("PLUS", "ESSENTIALS") + NO_ASM + "replicas: [{region: eu-west-1}]\n"),
    "IC0733": (MULTI_REGION.replace("mrk-1a", "1a") + "replicas: [{region: eu-west-1}]\n", "key_configuration.kms_key_arn",
               MULTI_REGION + "replicas: [{region: eu-west-1}]\n"),
    "IC0734": (MULTI_REGION.replace("UPDATED", "ORIGINAL") + "replicas: [{region: eu-west-1}]\n",
               "issuer_configuration.type", MULTI_REGION + "replicas: [{region: eu-west-1}]\n"),
    "IC0735": (MULTI_REGION + "replicas: [{region: eu-west-1}, {region: us-east-1}]\n", "replicas.1.region",
               MULTI_REGION + "replicas: [{region: eu-west-1}]\n"),
    "IC0736": (MULTI_REGION + "replicas: [{region: eu-west-1, lambda_triggers: {pre_token_generation: "
               f"{EU_LAMBDA.replace('eu-west-1', 'us-east-1')}}}}}]\n", "replicas.0.lambda_triggers.pre_token_generation",
               MULTI_REGION + f"replicas: [{{region: eu-west-1, lambda_triggers: {{pre_token_generation: {EU_LAMBDA}}}}}]\n"),
    "IC0737": (MULTI_REGION + f"replicas: [{{region: eu-west-1, lambda_triggers: {{pre_sign_up: {EU_LAMBDA}}}}}]\n",
               "replicas.0.lambda_triggers.pre_sign_up",
               MULTI_REGION + f"replicas: [{{region: eu-west-1, lambda_triggers: {{custom_message: {EU_LAMBDA}}}}}]\n"),
    "IC0738": (MULTI_REGION + "replicas: [{region: eu-west-1}]\n" + FAILOVER_DOMAIN.format("eu-west-2"),
               "domains.0.failover.secondary_region",
               MULTI_REGION + "replicas: [{region: eu-west-1}]\n" + FAILOVER_DOMAIN.format("eu-west-1")),
    "IC0739": (MULTI_REGION + f"replicas: [{{region: eu-west-1, threat_protection_email: {{source_arn: {EU_SES}}}}}]\n",
               "replicas.0.threat_protection_email",
               MULTI_REGION + f"replicas: [{{region: eu-west-1, threat_protection_email: {{source_arn: {EU_SES}}}}}]\n"
               "risk_configuration: {account_takeover_risk_configuration: {actions: {high_action: {event_action: BLOCK, "
               f"notify: true}}}}, notify_configuration: {{source_arn: {EU_SES.replace('eu-west-1', 'us-east-1')}}}}}}}\n"),
    "IC0740": (MULTI_REGION + "replicas: [{region: eu-west-1}, {region: ap-southeast-2}]\n", "replicas.1",
               MULTI_REGION + "replicas: [{region: eu-west-1}]\n"),
    "IC0743": (MULTI_REGION + "replicas: [{region: eu-west-1, sns_region: us-east-1}]\n", "replicas.0.sns_region",
               MULTI_REGION + "replicas: [{region: eu-west-1, sns_region: eu-west-1}]\n"),
    "IC0744": (POOL + "eums_sms: {caller_arn: 'arn:aws:iam::123456789012:role/sms'}\n", "eums_sms",
               POOL + "eums_sms: {caller_arn: 'arn:aws:iam::123456789012:role/sms'}\nenable_sms_role: false\n"),
    "IC0745": (MULTI_REGION + "replicas: [{region: eu-west-1, eums_sms: {caller_arn: "
               "'arn:aws:iam::123456789012:role/sms', region: us-east-1}}]\n", "replicas.0.eums_sms.region",
               MULTI_REGION + "replicas: [{region: eu-west-1, eums_sms: {caller_arn: "
               "'arn:aws:iam::123456789012:role/sms', region: eu-west-1}}]\n"),
    "IC0746": (MULTI_REGION + f"replicas: [{{region: eu-west-1, lambda_triggers: {{custom_email_sender: {EU_LAMBDA}}}}}]\n",
               "replicas.0.lambda_triggers.custom_email_sender",
               MULTI_REGION + f"replicas: [{{region: eu-west-1, lambda_triggers: {{custom_email_sender: {EU_LAMBDA}}}, "
               "custom_sender_kms_key: 'arn:aws:kms:eu-west-1:123456789012:key/mrk-1a'}]\n"),
    "IC0747": (POOL + NO_ASM + "feature_plan: LITE\nsession_configuration: {user_session_tracking: ENABLED}\n",
               "session_configuration",
               POOL + NO_ASM + "feature_plan: ESSENTIALS\nsession_configuration: {user_session_tracking: ENABLED}\n"),
    "IC0748": (POOL + NO_ASM + "session_configuration: {user_session_tracking: DISABLED, token_session: {max_per_user: 5}}"
               "\n" + client("sso_session: {max_validity_minutes: 480}"), "clients.0.sso_session",
               POOL + NO_ASM + "session_configuration: {user_session_tracking: ENABLED}\n"
               + client("sso_session: {max_validity_minutes: 480}")),
    "IC0749": (POOL + NO_ASM + "session_configuration: {user_session_tracking: DISABLED, token_session: {max_per_user: "
               "20}}\n", "session_configuration",
               POOL + NO_ASM + "session_configuration: {user_session_tracking: DISABLED, token_session: {max_per_user: "
               "21}}\n"),
    "IC0750": (MULTI_REGION + "replicas: [{region: af-south-1}]\n", "replicas.0.region",
               MULTI_REGION + "replicas: [{region: eu-west-1}]\n"),
    "IC0819": (POOL + "domains: [{id: D, custom_domain: {domain_name: auth.example.com, security_policy: TLS_V1, "
               "certificate_arn: 'arn:aws:acm:us-east-1:123456789012:certificate/x'}}]\n",
               "domains.0.custom_domain.security_policy",
               POOL + "domains: [{id: D, custom_domain: {domain_name: auth.example.com, security_policy: TLS_V1_2_2021, "
               "certificate_arn: 'arn:aws:acm:us-east-1:123456789012:certificate/x'}}]\n"),
    "IC0741": (MULTI_REGION.replace("otp: false", "otp: true") + "replicas: [{region: eu-west-1}]\n", "replicas",
               MULTI_REGION + "replicas: [{region: eu-west-1}]\n"),
    "IC0742": (MULTI_REGION + "replicas: [{region: eu-west-1}]\ndomains: [{id: D, cognito_domain: {domain_prefix: "
               "shop-auth}, failover: {secondary_region: eu-west-1, primary_route53_health_check_id: hc-1}}]\n",
               "domains.0.failover", MULTI_REGION + "replicas: [{region: eu-west-1}]\n" + FAILOVER_DOMAIN.format("eu-west-1")),
    "IC0728": (POOL + "email_authentication_message: 'Your code: ####'\n", "email_authentication_message",
               POOL + "email_authentication_message: 'Your code: {####}'\n"),
    "IC0212": (POOL + "email: {with_cognito: {reply_to: 'üa@example.com'}}\n", "email.with_cognito.reply_to",
               POOL + "email: {with_cognito: {reply_to: 'ua@example.com'}}\n"),
    "IC0216": (POOL + "standard_attributes: {email: {required: true}, email_verified: {required: false}}\n",
               "standard_attributes.email_verified",
               POOL + "standard_attributes: {email: {required: true}}\n"),
    "IC0213": (POOL + "custom_attributes: {c: {type: string, min_len: 4, max_len: 3}}\n", "custom_attributes.c.min_len",
               POOL + "custom_attributes: {c: {type: string, min_len: 3, max_len: 3}}\n"),
    "IC0214": (POOL + "custom_attributes: {age: {type: number, max_len: 3}}\n", "custom_attributes.age.max_len",
               POOL + "custom_attributes: {age: {type: number, max: 3}}\n"),
    "IC0301": (POOL + client("disable_o_auth: true, o_auth: {}"), "clients.0.o_auth", POOL + client("disable_o_auth: true")),
    "IC0302": (POOL + client("o_auth: {callback_urls: []}"), "clients.0.o_auth.callback_urls",
               POOL + client("o_auth: {callback_urls: ['https://app.example.com/cb']}")),
    "IC0303": (POOL + client("o_auth: {callback_urls: ['https://a.example.com/'], default_redirect_uri: 'https://b.example.com/'}"),
               "clients.0.o_auth.default_redirect_uri",
               POOL + client("o_auth: {callback_urls: ['https://a.example.com/'], default_redirect_uri: 'https://a.example.com/'}")),
    "IC0304": (POOL + client("enable_propagate_additional_user_context_data: true"),
               "clients.0.enable_propagate_additional_user_context_data",
               POOL + client("enable_propagate_additional_user_context_data: true, generate_secret: true")),
    "IC0305": (POOL + client("o_auth: {flows: {client_credentials: true, authorization_code_grant: true}}"),
               "clients.0.o_auth.flows", POOL + client("o_auth: {flows: {client_credentials: true}}")),
    "IC0306": (POOL + client("id_token_validity: 1441 minutes"), "clients.0.id_token_validity",
               POOL + client("id_token_validity: 1440 minutes")),
    "IC0307": (POOL + client("o_auth: {scopes: [{resource_server: Api, scope: read}]}"),
               "clients.0.o_auth.scopes.0.resource_server",
               POOL + SERVER + client("o_auth: {scopes: [{resource_server: Api, scope: read}]}")),
    "IC0308": (POOL + client("supported_identity_providers: [{identity_provider: G}]"),
               "clients.0.supported_identity_providers.0",
               POOL + GOOGLE + "client_secret_value: '{{resolve:ssm:x}}'}]\n"
               + client("supported_identity_providers: [{identity_provider: G}]")),
    "IC0309": (POOL + client("o_auth: {callback_urls: ['http://app.example.com/cb']}"), "clients.0.o_auth.callback_urls.0",
               POOL + client("o_auth: {callback_urls: ['http://localhost:3000/cb']}")),
    "IC0310": (POOL + SERVER + client("o_auth: {flows: {client_credentials: true}, scopes: [{resource_server: Api, scope: read}]}"),
               "clients.0.generate_secret",
               POOL + SERVER + client("generate_secret: true, o_auth: {flows: {client_credentials: true}, "
                                      "scopes: [{resource_server: Api, scope: read}]}")),
    "IC0311": (POOL + client("o_auth: {scopes: [openidd]}"), "clients.0.o_auth.scopes.0",
               POOL + client("o_auth: {scopes: [openid]}")),
    "IC0326": (POOL + client("o_auth: {scopes: [aws.cognito.signin.user.admin]}"), "clients.0.o_auth.scopes.0",
               POOL + client("o_auth: {scopes: [COGNITO_ADMIN]}")),
    "IC0312": (POOL + SERVER + client("o_auth: {scopes: [api/write]}"), "clients.0.o_auth.scopes.0",
               POOL + SERVER + client("o_auth: {scopes: [api/read]}")),
    "IC0313": (POOL + client("supported_identity_providers: [GOOGLE]"), "clients.0.supported_identity_providers.0",
               POOL + client("supported_identity_providers: [COGNITO]")),
    "IC0314": (POOL + client("o_auth: {callback_urls: ['https://app.example.com/#/cb']}"), "clients.0.o_auth.callback_urls.0",
               POOL + client("o_auth: {callback_urls: ['https://app.example.com/cb']}")),
    "IC0315": (POOL + client("o_auth: {callback_urls: ['https:///cb']}"), "clients.0.o_auth.callback_urls.0",
               POOL + client("o_auth: {callback_urls: ['myapp://cb']}")),
    "IC0316": (POOL + client("generate_secret: true, o_auth: {flows: {client_credentials: true}, scopes: [OPENID]}"),
               "clients.0.o_auth.scopes.0",
               POOL + SERVER + client("generate_secret: true, o_auth: {flows: {client_credentials: true}, "
                                      "scopes: [{resource_server: Api, scope: read}]}")),
    "IC0321": (POOL + client("managed_login_branding: {use_cognito_provided_values: true, settings: {a: 1}}") + "domains: [{id: D, cognito_domain: {domain_prefix: abc}, managed_login_version: 2}]\n",
               "clients.0.managed_login_branding.settings",
               POOL + client("managed_login_branding: {use_cognito_provided_values: true}") + "domains: [{id: D, cognito_domain: {domain_prefix: abc}, managed_login_version: 2}]\n"),
    "IC0322": (POOL + client("managed_login_branding: {settings: {a: 1}, settings_file: s.json}") + "domains: [{id: D, cognito_domain: {domain_prefix: abc}, managed_login_version: 2}]\n",
               "clients.0.managed_login_branding.settings_file",
               POOL + client("managed_login_branding: {settings: {a: 1}}") + "domains: [{id: D, cognito_domain: {domain_prefix: abc}, managed_login_version: 2}]\n"),
    "IC0323": (POOL + client("managed_login_branding: {assets: [{category: FORM_LOGO, color_mode: LIGHT, bytes: aGk=}]}") + "domains: [{id: D, cognito_domain: {domain_prefix: abc}, managed_login_version: 2}]\n",
               "clients.0.managed_login_branding.assets.0",
               POOL + client("managed_login_branding: {assets: [{category: FORM_LOGO, color_mode: LIGHT, bytes: aGk=, "
                             "extension: PNG}]}") + "domains: [{id: D, cognito_domain: {domain_prefix: abc}, managed_login_version: 2}]\n"),
    "IC0324": (POOL + client("managed_login_branding: {use_cognito_provided_values: true}"),
               "clients.0.managed_login_branding",
               POOL + client("managed_login_branding: {use_cognito_provided_values: true}") + "domains: [{id: D, cognito_domain: {domain_prefix: abc}, managed_login_version: 2}]\n"),
    "IC0325": (POOL + client("o_auth: {flows: {authorization_code_grant: true}}") + "domains: [{id: D, cognito_domain: {domain_prefix: abc}, managed_login_version: 2}]\n", "clients.0",
               POOL + client("o_auth: {flows: {authorization_code_grant: true}}, managed_login_branding: "
                             "{use_cognito_provided_values: true}") + "domains: [{id: D, cognito_domain: {domain_prefix: abc}, managed_login_version: 2}]\n", True),
    "IC0320": (POOL + client("output_client_secret: true"), "clients.0.output_client_secret",
               POOL + client("output_client_secret: true, generate_secret: true")),
    "IC0411": (POOL + 'groups: [{id: G, group_name: "team\\u00adleads"}]\n', "groups.0.group_name",
               POOL + 'groups: [{id: G, group_name: "team-leads✓"}]\n'),
    "IC0319": (POOL + client("terms: [{terms_name: terms-of-use, links: {cognito:default: 'https://a.example.com'}}, "
                             "{terms_name: terms-of-use, links: {cognito:default: 'https://b.example.com'}}]"),
               "clients.0.terms.1.terms_name",
               POOL + client("terms: [{terms_name: terms-of-use, links: {cognito:default: 'https://a.example.com'}}, "
                             "{terms_name: privacy-policy, links: {cognito:default: 'https://b.example.com'}}]")),
    "IC0318": (POOL + client("analytics: {application_id: abc, external_id: x}"), "clients.0.analytics",
               POOL + client(f"analytics: {{application_id: abc, external_id: x, role_arn: {ROLE}}}")),
    "IC0317": (POOL + client("refresh_token_rotation_grace_period: 61 seconds"),
               "clients.0.refresh_token_rotation_grace_period",
               POOL + client("refresh_token_rotation_grace_period: 60 seconds")),
    "IC0401": (POOL + "domains: [{id: D}]\n", "domains.0",
               POOL + "domains: [{id: D, cognito_domain: {domain_prefix: my-app}}]\n"),
    "IC0402": (POOL + "domains: [{id: D, cognito_domain: {domain_prefix: my-aws-app}}]\n", "domains.0.cognito_domain.domain_prefix",
               POOL + "domains: [{id: D, cognito_domain: {domain_prefix: my-app}}]\n"),
    "IC0403": (POOL + GOOGLE + "client_secret_value: '{{resolve:ssm:x}}', team_id: T}]\n", "identity_providers.0.team_id",
               POOL + GOOGLE + "client_secret_value: '{{resolve:ssm:x}}'}]\n"),
    "IC0404": (POOL + "identity_providers: [{id: O, type: oidc, client_id: x, client_secret: '{{resolve:ssm:x}}', "
               "issuer_url: 'https://i.example.com', name: 'a b'}]\n", "identity_providers.0.name",
               POOL + "identity_providers: [{id: O, type: oidc, client_id: x, client_secret: '{{resolve:ssm:x}}', "
               "issuer_url: 'https://i.example.com', name: 'a-b'}]\n"),
    "IC0406": (POOL + "resource_servers: [{id: A, identifier: api}, {id: B, identifier: api}]\n",
               "resource_servers.1.identifier",
               POOL + "resource_servers: [{id: A, identifier: api}, {id: B, identifier: api2}]\n"),
    "IC0407": (POOL + "domains: [{id: D, custom_domain: {domain_name: auth.example.com, "
               "certificate_arn: 'arn:aws:acm:eu-west-1:123456789012:certificate/x'}}]\n",
               "domains.0.custom_domain.certificate_arn",
               POOL + "domains: [{id: D, custom_domain: {domain_name: auth.example.com, "
               "certificate_arn: 'arn:aws:acm:us-east-1:123456789012:certificate/x'}}]\n"),
    "IC0408": (POOL + GOOGLE + "client_secret: '{{resolve:ssm:x}}', client_secret_value: '{{resolve:ssm:x}}'}]\n",
               "identity_providers.0", POOL + GOOGLE + "client_secret: '{{resolve:ssm:x}}'}]\n"),
    "IC0409": (POOL + "identity_providers: [{id: F, type: facebook, client_id: x}]\n", "identity_providers.0",
               POOL + "identity_providers: [{id: F, type: facebook, client_id: x, client_secret: '{{resolve:ssm:x}}'}]\n"),
    "IC0410": (POOL + "domains: [{id: D, cognito_domain: {domain_prefix: -login}}]\n", "domains.0.cognito_domain.domain_prefix",
               POOL + "domains: [{id: D, cognito_domain: {domain_prefix: log-in}}]\n"),
    "IC0501": (mapping("{provider_url: {user_pool_client: WebClient}, use_token: true}"),
               "identity_pool_options.role_mappings.0.provider_url",
               mapping("{provider_url: {user_pool_client: WebClient}, use_token: true, mapping_key: cognito}")),
    "IC0502": (mapping("{provider_url: GOOGLE}"), "identity_pool_options.role_mappings.0",
               mapping("{provider_url: GOOGLE, use_token: true}")),
    "IC0503": (mapping("{provider_url: {user_pool_client: Mobile}, use_token: true, mapping_key: m}"),
               "identity_pool_options.role_mappings.0.provider_url.user_pool_client",
               mapping("{provider_url: {user_pool_client: WebClient}, use_token: true, mapping_key: m}")),
    "IC0504": (IDENTITY + "role_policies: {authenticated: [{actions: ['s3:GetObject'], resources: ['*']}]}\n"
               "identity_pool_options: {role_policies: {unauthenticated: [{actions: ['s3:GetObject'], resources: ['*']}]}}\n",
               "identity_pool_options.role_policies",
               IDENTITY + "role_policies: {authenticated: [{actions: ['s3:GetObject'], resources: ['*']}]}\n"),
    "IC0506": (mapping(f"{{provider_url: GOOGLE, use_token: true, rules: [{{claim: a, claim_value: b, mapped_role: {ROLE}}}]}}"),
               "identity_pool_options.role_mappings.0.rules",
               mapping(f"{{provider_url: GOOGLE, use_token: false, rules: [{{claim: a, claim_value: b, mapped_role: {ROLE}}}]}}")),
    "IC0507": (mapping("{provider_url: GOOGLE, use_token: true}, {provider_url: GOOGLE, use_token: true}"),
               "identity_pool_options.role_mappings.1.mapping_key",
               mapping("{provider_url: GOOGLE, use_token: true}, {provider_url: FACEBOOK, use_token: true}")),
    "IC0601": (IDENTITY + "user_pool: {user_pool_id: us-east-1_abc, mfa: OFF}\n", "user_pool.mfa",
               IDENTITY + "user_pool: {user_pool_id: us-east-1_abc}\n"),
    "IC0602": (IDENTITY + "allow_signup: true\nuser_pool: {self_sign_up_enabled: false}\n", "user_pool.self_sign_up_enabled",
               IDENTITY + "allow_signup: true\nuser_pool: {self_sign_up_enabled: true}\n"),
    "IC0603": (IDENTITY + "allow_signup: true\nuser_pool: {kind: UserPoolWithMfa}\n", "allow_signup",
               IDENTITY + "allow_signup: true\n"),
    "IC0701": (POOL + "mfa_second_factor: {sms: false, otp: false}\n", "mfa_second_factor",
               POOL + "mfa_second_factor: {sms: false, otp: true}\n"),
    "IC0702": (POOL + "enable_sms_role: false\n", "enable_sms_role",
               POOL + "enable_sms_role: false\nmfa_second_factor: {sms: false, otp: true}\n"),
    "IC0703": (POOL + "feature_plan: ESSENTIALS\n", "feature_plan", POOL + "feature_plan: PLUS\n"),
    "IC0704": (POOL + "standard_threat_protection_mode: FULL_FUNCTION\n", "standard_threat_protection_mode",
               POOL + NO_ASM + "standard_threat_protection_mode: FULL_FUNCTION\n"),
    "IC0705": (POOL + "sign_in_policy: {allowed_first_auth_factors: {password: false}}\n",
               "sign_in_policy.allowed_first_auth_factors.password",
               POOL + "sign_in_policy: {allowed_first_auth_factors: {password: true}}\n"),
    "IC0707": (POOL + "removal_policy: SNAPSHOT\n", "removal_policy", POOL + "removal_policy: RETAIN\n"),
    "IC0708": (POOL + NO_ASM + "feature_plan: LITE\npassword_policy: {password_history_size: 3}\n",
               "password_policy.password_history_size",
               POOL + NO_ASM + "feature_plan: ESSENTIALS\npassword_policy: {password_history_size: 3}\n"),
    "IC0709": (POOL + "sign_in_policy: {allowed_first_auth_factors: {password: true, passkey: true}}\n"
               "passkey_relying_party_id: example.com\n", "sign_in_policy.allowed_first_auth_factors.passkey",
               POOL + "sign_in_policy: {allowed_first_auth_factors: {password: true, passkey: true}}\n"
               "passkey_relying_party_id: example.com\nmfa: OPTIONAL\n"),
    "IC0710": (POOL + NO_ASM + "feature_plan: LITE\n"
               "domains: [{id: D, cognito_domain: {domain_prefix: abc}, managed_login_version: 2}]\n",
               "domains.0.managed_login_version",
               POOL + NO_ASM + "feature_plan: LITE\n"
               "domains: [{id: D, cognito_domain: {domain_prefix: abc}, managed_login_version: 1}]\n"),
    "IC0711": (POOL + attributes(51), "custom_attributes", POOL + attributes(50)),
    "IC0713": (POOL + GOOGLE + "client_secret_value: '{{resolve:vault:x}}'}]\n", "identity_providers.0.client_secret_value",
               POOL + GOOGLE + "client_secret_value: '{{resolve:secretsmanager:x:SecretString:k}}'}]\n"),
    "IC0714": (POOL + NO_ASM + "feature_plan: LITE\nsign_in_policy: {allowed_first_auth_factors: {password: true, email_otp: true}}\n",
               "feature_plan",
               POOL + NO_ASM + "feature_plan: ESSENTIALS\n"
               "sign_in_policy: {allowed_first_auth_factors: {password: true, email_otp: true}}\n"),
    "IC0718": (POOL + "mfa: OPTIONAL\nsign_in_policy: {allowed_first_auth_factors: {password: true, passkey: true}}\n",
               "sign_in_policy.allowed_first_auth_factors.passkey",
               POOL + "mfa: OPTIONAL\nsign_in_policy: {allowed_first_auth_factors: {password: true, passkey: true}}\n"
               "passkey_relying_party_id: example.com\n"),
    "IC0719": (POOL + "log_configurations: [{event_source: userNotification, log_level: INFO, " + LOGS + "}]\n",
               "log_configurations.0.log_level",
               POOL + "log_configurations: [{event_source: userNotification, log_level: ERROR, " + LOGS + "}]\n"),
    "IC0720": (POOL + "log_configurations: [{event_source: userNotification, " + BUCKET + "}]\n",
               "log_configurations.0.s3_configuration",
               POOL + "log_configurations: [{event_source: userNotification, " + LOGS + "}]\n"),
    "IC0721": (POOL + "feature_plan: ESSENTIALS\nlog_configurations: [{event_source: userAuthEvents, " + BUCKET + "}]\n",
               "log_configurations.0.event_source",
               POOL + "feature_plan: PLUS\nlog_configurations: [{event_source: userAuthEvents, " + BUCKET + "}]\n"),
    "IC0722": (POOL + "log_configurations: [{event_source: userNotification, " + LOGS + "}, "
               "{event_source: userNotification, " + LOGS + "}]\n", "log_configurations.1.event_source",
               POOL + "feature_plan: PLUS\nlog_configurations: [{event_source: userNotification, " + LOGS + "}, "
               "{event_source: userAuthEvents, " + LOGS + "}]\n"),
    "IC0723": (POOL + "ui_customization: {css: '.banner-customizable {color: red;}'}\n", "ui_customization",
               POOL + "ui_customization: {css: '.banner-customizable {color: red;}'}\n"
               "domains: [{id: D, cognito_domain: {domain_prefix: abc}}]\n"),
    "IC0725": (POOL + "feature_plan: ESSENTIALS\n" + RISK, "risk_configuration",
               POOL + "feature_plan: PLUS\n" + RISK),
    "IC0726": (POOL + "risk_configuration: {account_takeover_risk_configuration: {actions: {high_action: "
               "{event_action: BLOCK, notify: true}}}}\n",
               "risk_configuration.account_takeover_risk_configuration.actions.high_action.notify",
               POOL + "risk_configuration: {account_takeover_risk_configuration: {actions: {high_action: "
               "{event_action: BLOCK, notify: true}}, notify_configuration: "
               "{source_arn: 'arn:aws:ses:us-east-1:123456789012:identity/example.com'}}}\n"),
    "IC0727": (POOL + client("risk_configuration: {risk_exception_configuration: {blocked_ip_range_list: [192.0.2.1]}}"),
               "clients.0.risk_configuration.risk_exception_configuration.blocked_ip_range_list.0",
               POOL + client("risk_configuration: {risk_exception_configuration: {blocked_ip_range_list: [192.0.2.1/32]}}")),
    "IC0724": (POOL + client("ui_customization: {css: '.x {}'}") +
               "domains: [{id: D, cognito_domain: {domain_prefix: abc}, managed_login_version: 2}]\n",
               "clients.0.ui_customization",
               POOL + client("ui_customization: {css: '.x {}'}") +
               "domains: [{id: D, cognito_domain: {domain_prefix: abc}, managed_login_version: 1}]\n"),
    "IC0801": (POOL + client("o_auth: {flows: {implicit_code_grant: true}}"), "clients.0.o_auth.flows",
               POOL + client("o_auth: {flows: {authorization_code_grant: true}}")),
    "IC0802": (POOL + GOOGLE + "client_secret_value: plain}]\n", "identity_providers.0.client_secret_value",
               POOL + GOOGLE + "client_secret_value: '{{resolve:ssm:x}}'}]\n"),
    "IC0803": (IDENTITY + "identity_pool_options: {allow_unauthenticated_identities: true}\n",
               "identity_pool_options.allow_unauthenticated_identities",
               IDENTITY + "identity_pool_options: {allow_unauthenticated_identities: false}\n"),
    "IC0804": (POOL + client("auth_flows: {user_password: true}"), "clients.0.auth_flows.user_password",
               POOL + client("auth_flows: {user_srp: true}")),
    "IC0805": (POOL + client("prevent_user_existence_errors: false"), "clients.0.prevent_user_existence_errors",
               POOL + client("prevent_user_existence_errors: true")),
    "IC0806": (POOL + "sign_in_policy: {allowed_first_auth_factors: {password: true, email_otp: true}}\n", "sign_in_policy",
               POOL + "sign_in_policy: {allowed_first_auth_factors: {password: true, email_otp: true}}\n"
               + client("auth_flows: {user: true}")),
    "IC0811": (POOL + "password_policy: {min_length: 12}\n", "password_policy",
               POOL + "password_policy: {min_length: 12, require_lowercase: true, require_uppercase: true, "
               "require_digits: true, require_symbols: true, temp_password_validity: 3 days}\n"),
    "IC0812": (POOL + "mfa: OPTIONAL\n", "mfa", POOL + "mfa: REQUIRED\n"),
    "IC0813": (POOL + "deletion_protection: false\n", "deletion_protection", POOL + "deletion_protection: true\n"),
    "IC0814": (POOL + "advanced_security_mode: AUDIT\n", "advanced_security_mode",
               POOL + "advanced_security_mode: ENFORCED\n"),
    "IC0815": (POOL + f"lambda_triggers: {{pre_sign_up: {{function_arn: {LAMBDA}, add_permission: false}}}}\n",
               "lambda_triggers.pre_sign_up.add_permission",
               POOL + f"lambda_triggers: {{pre_sign_up: {{function_arn: {LAMBDA}, add_permission: true}}}}\n"),
    "IC0816": (POOL, "advanced_security_mode", POOL + "feature_plan: PLUS\n", True),
    "IC0818": (POOL + client("generate_secret: true, output_client_secret: true"), "clients.0.output_client_secret",
               POOL + client("generate_secret: true")),
    "IC0508": (IDENTITY + "identity_pool_options: {principal_tags: [{principal_tags: {team: 'custom:team'}}, "
               "{use_defaults: true}]}\n", "identity_pool_options.principal_tags.1",
               IDENTITY + "identity_pool_options: {principal_tags: [{principal_tags: {team: 'custom:team'}}, "
               "{identity_provider_name: accounts.google.com}]}\n"),
    "IC0509": (IDENTITY + "identity_pool_options: {authentication_providers: {user_pools: ["
               "{user_pool_id: us-east-1_abc, user_pool_client_id: c1}, {user_pool_id: us-east-1_abc, user_pool_client_id: c1}]}}\n",
               "identity_pool_options.authentication_providers.user_pools.1.user_pool_client_id",
               IDENTITY + "identity_pool_options: {authentication_providers: {user_pools: ["
               "{user_pool_id: us-east-1_abc, user_pool_client_id: c1}, {user_pool_id: us-east-1_abc, user_pool_client_id: c2}]}}\n"),
    "IC0817": (IDENTITY + "user_pool: {}\n", "user_pool",
               IDENTITY + "user_pool:\n  clients: [{id: WebClient, o_auth: {flows: {authorization_code_grant: true}}}]\n"),
}


def found(rule: str, text: str, pdk_compat: bool) -> list:
    return [d for d in check(load_text(text, "s.yaml"), pdk_compat=pdk_compat) if d.rule == rule]


def assert_trips(rule: str) -> None:
    text, path, _inside, *mode = CASES[rule]
    pdk_compat = bool(mode and mode[0])
    hits = found(rule, text, pdk_compat)
    assert hits, f"{rule} does not fire on its case"
    assert path in {".".join(str(p) for p in d.path) for d in hits}, [d.format() for d in hits]
    assert {d.severity for d in hits} == {RULES[rule].severity_in(pdk_compat)}


def test_every_rule_has_a_case():
    assert set(CASES) == {r for r, v in RULES.items() if v.check is not None}


@pytest.mark.parametrize("rule", sorted(CASES))
def test_the_rule_trips_on_its_case(rule):
    assert_trips(rule)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_just_inside_the_boundary_the_rule_is_silent(rule):
    _text, _path, inside, *mode = CASES[rule]
    assert not found(rule, inside, bool(mode and mode[0]))


@pytest.mark.parametrize("rule", sorted(CASES))
def test_switching_the_rule_off_fails_its_case(rule, monkeypatch):
    monkeypatch.setitem(RULES, rule, RULES[rule]._replace(check=lambda *_: iter(())))
    with pytest.raises(AssertionError):
        assert_trips(rule)


SNAPSHOT = Path(__file__).parent / "fixtures" / "rule-diagnostics.txt"


def test_diagnostics_snapshot():
    """Every diagnostic of every case, in both modes, as a user reads them."""
    lines = []
    for rule in sorted(CASES):
        text, *_ = CASES[rule]
        for pdk_compat in (False, True):
            lines.append(f"## {rule}{' --pdk-compat' if pdk_compat else ''}")
            lines += [d.format() for d in check(load_text(text, f"{rule}.yaml"), pdk_compat=pdk_compat)]
    text = "\n".join(lines) + "\n"
    if os.environ.get("IC_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(text, encoding="utf-8")
    assert text == SNAPSHOT.read_text(encoding="utf-8")


def test_docs_rules_md_is_generated_from_the_rules():
    from identity_compiler.rules import rules_markdown

    assert (Path(__file__).parent.parent / "docs" / "rules.md").read_text(encoding="utf-8") == rules_markdown()


def test_a_page_per_rule_is_generated_from_the_registry_with_its_proven_example():
    """docs/rules/<id>.md for every rule; a semantic rule's page shows its case, what validate says, and the fix."""
    from identity_compiler.rules.docs import index, page

    folder = Path(__file__).parent.parent / "docs" / "rules"
    pages = {"README.md": index()}
    for rule in sorted(RULES):
        example = None
        if rule in CASES:
            text, _path, inside, *mode = CASES[rule]
            said = [d.format() for d in check(load_text(text, "auth.yaml"), pdk_compat=bool(mode and mode[0]))
                    if d.rule == rule]
            example = (text, inside, said)
        pages[f"{rule}.md"] = page(rule, example)
    if os.environ.get("IC_UPDATE_SNAPSHOTS") == "1":
        folder.mkdir(exist_ok=True)
        for name, text in pages.items():
            (folder / name).write_text(text, encoding="utf-8")
    assert sorted(p.name for p in folder.iterdir()) == sorted(pages)
    for name, text in pages.items():
        assert (folder / name).read_text(encoding="utf-8") == text, name


def test_every_gap_in_the_rule_ids_explains_itself():
    from identity_compiler.codes import REMOVED, UNUSED

    numbers = sorted(int(rule_id[2:]) for rule_id in RULES)
    gaps = {f"IC{n:04d}" for a, b in zip(numbers, numbers[1:]) if a // 100 == b // 100 for n in range(a + 1, b)}
    assert gaps == set(REMOVED) | set(UNUSED)
    assert not (set(REMOVED) | set(UNUSED)) & set(RULES)  # an id is never given again
