"""The resolve stage: a schema-valid spec → the model (model.py), in one pass.

Here, and only here, the spec is interpreted: the ``user_pool`` form is decided, the PDK's shallow
merge and the CDK's defaults are applied (defaults.py), durations are parsed, construct ids are given
their paths, and names the CDK generates from those paths are computed. Construct-id collisions are
found here, as the CDK's "There is already a Construct with name ..." is a synth error.
"""

from __future__ import annotations

import base64
import os
from functools import partial
from typing import Any, Iterator

from ..cloudformation import trigger_operations
from ..spec import defaults
from ..spec import model
from ..spec import naming
from ..spec import properties
from ..spec import records
from ..spec import construct_ids as ids
from ..spec.durations import Duration
from ..source.loading import Document
from ..source.spec_files import SpecFiles
from ..spec.vocabulary import (
    CLIENT_IDENTITY_PROVIDERS,
    IDENTITY_POOL_LOGIN_PROVIDERS,
    IDENTITY_POOL_PROVIDER_URLS,
    NOT_PROPS,
    OAUTH_SCOPES,
    POOL_METHODS,
    PROVIDER_ATTRIBUTES,
    PROVIDER_TYPES,
    SIGNING_ALGORITHMS,
    STANDARD_ATTRIBUTE_NAMES,
    trigger_function,
)

Finding = tuple  # (key path, message)
_EXISTING = ("user_pool_id", "user_pool_arn")


class _Tree:
    """Construct ids by parent, in the order the CDK creates them; a second id under one parent is a finding."""

    def __init__(self, stack_name: str, legacy_defaults: bool = False, tags: dict | None = None,
                 files: SpecFiles | None = None, pdk_compat: bool = False):
        self.stack_name = stack_name
        self.pdk_compat = pdk_compat  # the mode: decided here, once, into the model (the builders never ask)
        self.files = files or SpecFiles(None)
        self.legacy_defaults = legacy_defaults  # the app context '@aws/identity:useLegacyMFAProps'
        self.tags = tags or {}  # Tags.of(stack)
        self.children: dict[tuple, dict[str, str]] = {}
        self.findings: list[Finding] = []

    def add(self, parent: tuple, node_id: str, source: tuple, what: str = "", hint: str = "give it another id") -> tuple:
        siblings = self.children.setdefault(parent, {})
        if node_id in siblings:
            where = "/".join(parent) if parent else "the stack"
            taken = f" ({siblings[node_id]})" if siblings[node_id] else ""
            self.findings.append((source, f"there is already a construct with id '{node_id}' in {where}{taken}; "
                                          f"{hint}" + (f" ({what})" if what and what != siblings[node_id] else "")))
        else:
            siblings[node_id] = what
        return parent + (node_id,)


def stack_name_for(spec: Document, override: str | None = None) -> str:
    """``--stack-name`` wins, then the spec's ``stack_name``, then the file's stem."""
    if override:
        return override
    if spec.data.get("stack_name"):
        return spec.data["stack_name"]
    stem = os.path.basename(spec.file)
    for suffix in (".yaml", ".yml", ".json"):
        if stem.endswith(suffix):
            return stem[: -len(suffix)] or "Stack"
    return stem or "Stack"


def resolve(data: dict, stack_name: str, files: SpecFiles | None = None,
            pdk_compat: bool = False) -> tuple[model.Spec, list[Finding]]:
    """The model of a schema-valid spec, and the construct-id collisions found on the way; the files the spec
    names are read with ``files`` (its findings: what could not be read). The mode is resolved here: without
    ``pdk_compat`` the model holds the README's deliberate differences (a pool's tier, a client's default
    branding and the constructs it is created after, identity-provider details as strings, the web outputs)."""
    tree = _Tree(stack_name, legacy_defaults=bool(data.get("pdk_legacy_defaults")),
                 tags=data.get("tags") if data["kind"] == "UserIdentity" else None, files=files, pdk_compat=pdk_compat)
    roles = _ImportedPrincipals(tree)
    kind = data["kind"]
    if kind == "UserIdentity":
        root: Any = _user_identity(data, tree, roles)
    else:
        node_id = data.get("id", defaults.DEFAULT_IDS[kind])
        root = _user_pool((), kind, data, tree.add((), node_id, ("id",) if "id" in data else ()), tree, roles)
    spec = model.Spec(path=(), given=frozenset(data), kind=kind, description=data.get("description"),
                      acknowledge=tuple(data.get("acknowledge") or {}), root=root, web_outputs=not pdk_compat,
                      imported_principals=roles.resolved(), texts=tuple(_texts((), data)))
    return spec, tree.findings


def _texts(path: tuple, value: Any) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(path + (key,), item)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(path + (index,), item)
    elif isinstance(value, str):
        yield path, value


# ------------------------------------------------------------------------------------------ UserIdentity
def _user_identity(data: dict, tree: _Tree, roles: "_ImportedPrincipals") -> model.UserIdentity:
    """``new UserIdentity(stack, id, {allowSignup, identityPoolOptions, userPool})`` and the pool it uses."""
    node_id = data.get("id", ids.IDENTITY)
    user_pool = data.get("user_pool") or {}
    pool_path = ("user_pool",)
    pool_id = user_pool.get("id", ids.USER_POOL)
    identity_source = ("id",) if "id" in data else ()
    pool: model.UserPool | model.ExistingPool
    if any(k in user_pool for k in _EXISTING):
        form = "existing"
        pool = _existing_pool(user_pool, tree.add((), pool_id, pool_path + ("id",)), tree, roles)
        identity_path = tree.add((), node_id, ("id",), hint="give the UserIdentity another id")
    elif "kind" in user_pool:  # the "user provided" pool: built at the stack's top level before UserIdentity
        form = "pool"
        pool = _user_pool(pool_path, user_pool["kind"], user_pool, tree.add((), pool_id, pool_path + ("id",)),
                          tree, roles)
        identity_path = tree.add((), node_id, ("id",), hint="give the UserIdentity another id")
    else:
        form = "props"
        identity_path = tree.add((), node_id, identity_source)
        extra = {"self_sign_up_enabled": True} if data.get("allow_signup") else {}
        pool = _user_pool(pool_path, "UserPoolWithMfa", user_pool, tree.add(identity_path, ids.USER_POOL, ()),
                          tree, roles, extra=extra)
    declared = next((c for c in pool.clients if c.id == ids.WEB_CLIENT), None)
    if declared is None:
        web_path = tree.add(pool.construct_path, ids.WEB_CLIENT, pool_path if "user_pool" in data else (),
                            hint="give it another id", what=f"UserIdentity adds its web client with the id "
                            f"{ids.WEB_CLIENT}")
        web_client = _with_default_branding(pool, _client(
            pool_path if "user_pool" in data else (), dict(defaults.WEB_CLIENT_PROPS, id=ids.WEB_CLIENT),
            web_path, pool, given=frozenset(), pdk_compat=tree.pdk_compat), tree.pdk_compat)
    else:
        web_client = declared
    identity_pool = _identity_pool(data, tree.add(identity_path, ids.IDENTITY_POOL, ()), roles, tree)
    return model.UserIdentity(path=(), given=frozenset(data), id=node_id, construct_path=identity_path, form=form,
                              allow_signup=data.get("allow_signup"), pool=pool, web_client=web_client,
                              web_client_declared=declared is not None, identity_pool=identity_pool)


# ------------------------------------------------------------------------------------------------- pools
def _existing_pool(mapping: dict, construct_path: tuple, tree: _Tree, roles: "_ImportedPrincipals") -> model.ExistingPool:
    arn = mapping.get("user_pool_arn")
    pool_id = naming.arn_resource_name(arn) if arn is not None else mapping["user_pool_id"]
    path = ("user_pool",)
    shell = model.ExistingPool(path=path, given=frozenset(mapping), id=mapping.get("id", ids.USER_POOL),
                               construct_path=construct_path, user_pool_id=pool_id, user_pool_arn=arn,
                               region=arn.split(":")[3] if arn is not None else None,
                               **_attachments(path, mapping, tree))
    for child in _attachment_ids(shell):  # the L1s a CDK user adds under the imported pool
        tree.add(construct_path, child, path, what="the pool's own")
    return _with_methods(shell, mapping, tree, roles)


def _attachments(path: tuple, props: dict, tree: _Tree) -> dict:
    """A pool's attachments (the resources beside it that take its id), as ``model.Pool`` holds them."""
    return {
        "web_acl_arn": props.get("web_acl_arn"),
        "log_configurations": tuple(_log_configuration(path + ("log_configurations", i), c)
                                    for i, c in enumerate(props.get("log_configurations") or [])),
        "ui_customization_css": _css(path + ("ui_customization",), props.get("ui_customization"), tree.files),
        "risk_configuration": _risk_configuration(path + ("risk_configuration",), props.get("risk_configuration")),
        "session_configuration": _session_configuration(path + ("session_configuration",),
                                                        props.get("session_configuration")),
    }


def _attachment_ids(pool: model.Pool) -> list[str]:
    """The construct ids of a pool's attachments, children of the pool's construct."""
    return ([ids.WEB_ACL_ASSOCIATION] if pool.web_acl_arn is not None else []) + \
        ([ids.LOG_DELIVERY] if pool.log_configurations else []) + \
        ([ids.UI_CUSTOMIZATION] if pool.ui_customization_css is not None else []) + \
        ([ids.RISK_CONFIGURATION] if pool.risk_configuration is not None else []) + \
        ([ids.SESSION_CONFIGURATION] if pool.session_configuration is not None else [])


def _user_pool(path: tuple, kind: str, mapping: dict, construct_path: tuple, tree: _Tree, roles: "_ImportedPrincipals",
               extra: dict | None = None) -> model.UserPool:
    """A ``UserPoolWithMfa`` (the PDK's shallow merge of its defaults) or a plain CDK ``UserPool``."""
    written = {k: v for k, v in mapping.items() if k not in NOT_PROPS}
    props = defaults.pool_props(kind, {**(extra or {}), **written}, legacy=tree.legacy_defaults)
    node_id = construct_path[-1]

    def at(*keys: str) -> tuple:
        return path + keys

    def sub(key: str) -> dict:
        return props.get(key) or {}

    aliases = props.get("sign_in_aliases", defaults.CDK_SIGN_IN_ALIASES)
    sign_in = model.SignInAliases(path=at("sign_in_aliases"), given=frozenset(aliases),
                                  **{k: bool(aliases.get(k)) for k in ("username", "email", "phone", "preferred_username")})
    if "auto_verify" in props:
        auto_verify: model.EmailAndPhone | None = _email_and_phone(at("auto_verify"), props["auto_verify"])
    elif sign_in.email or sign_in.phone:  # the CDK verifies the sign-in aliases by default
        auto_verify = model.EmailAndPhone(path=at("sign_in_aliases"), email=sign_in.email, phone=sign_in.phone)
    else:
        auto_verify = None
    verification = sub("user_verification")
    style = verification.get("email_style", "CODE")
    policy = props.get("password_policy")
    sign_in_policy = props.get("sign_in_policy")
    factors = (sign_in_policy or {}).get("allowed_first_auth_factors") or {}
    email = props.get("email")
    triggers = _triggers(at("lambda_triggers"), sub("lambda_triggers"))
    pool = model.UserPool(
        path=path, given=frozenset(mapping), props_given=frozenset(written), id=node_id, construct_path=construct_path,
        kind=kind,
        **{key: props.get(key) for key in _PLAIN_POOL_PROPS},
        **properties.resolved(properties.USER_POOL, props),
        sign_in_aliases=sign_in,
        auto_verify=auto_verify,
        keep_original=_email_and_phone(at("keep_original"), props["keep_original"]) if "keep_original" in props else None,
        self_sign_up_enabled=bool(props.get("self_sign_up_enabled", False)),
        user_invitation=None if "user_invitation" not in props else model.UserInvitation(
            path=at("user_invitation"), given=frozenset(props["user_invitation"]), **props["user_invitation"]),
        user_verification=model.UserVerification(
            path=at("user_verification"), given=frozenset(verification), email_style=style,
            email_subject=verification.get("email_subject", defaults.VERIFICATION_EMAIL_SUBJECT),
            email_body=verification.get("email_body", defaults.VERIFICATION_CODE_MESSAGE if style == "CODE"
                                        else defaults.VERIFICATION_LINK_MESSAGE),
            sms_message=verification.get("sms_message", defaults.VERIFICATION_CODE_MESSAGE)),
        mfa_second_factor=None if "mfa_second_factor" not in props else model.MfaSecondFactor(
            path=at("mfa_second_factor"), given=frozenset(props["mfa_second_factor"]),
            **{k: bool(v) for k, v in props["mfa_second_factor"].items()}),
        password_policy=None if policy is None else model.PasswordPolicy(
            path=at("password_policy"), given=frozenset(policy),
            min_length=policy.get("min_length", defaults.PASSWORD_MIN_LENGTH),
            require_lowercase=policy.get("require_lowercase"), require_uppercase=policy.get("require_uppercase"),
            require_digits=policy.get("require_digits"), require_symbols=policy.get("require_symbols"),
            temp_password_validity=_duration(policy.get("temp_password_validity")),
            password_history_size=policy.get("password_history_size")),
        sign_in_policy=None if not sign_in_policy else model.SignInPolicy(  # the CDK writes nothing for {}
            path=at("sign_in_policy"), given=frozenset(sign_in_policy), password=factors.get("password"),
            email_otp=bool(factors.get("email_otp")), sms_otp=bool(factors.get("sms_otp")),
            passkey=bool(factors.get("passkey")),
            factors=model.Node(path=at("sign_in_policy", "allowed_first_auth_factors"), given=frozenset(factors))),
        standard_attributes=tuple(
            model.StandardAttribute(path=at("standard_attributes", key), given=frozenset(attr), name=key,
                                    attribute=STANDARD_ATTRIBUTE_NAMES[key], mutable=attr.get("mutable", True),
                                    required=attr.get("required", False))
            for key, attr in sub("standard_attributes").items() if attr is not None),
        custom_attributes=tuple(
            model.CustomAttribute(path=at("custom_attributes", name), given=frozenset(attr), name=name, **attr)
            for name, attr in sub("custom_attributes").items()),
        lambda_triggers=triggers,
        replicas=tuple(_replica(at("replicas", n), item, _tags(tree.tags, mapping.get("tags")))
                       for n, item in enumerate(props.get("replicas") or ())),
        email=None if email is None else _email(at("email"), email),
        account_recovery=props.get("account_recovery", defaults.CDK_ACCOUNT_RECOVERY),
        device_tracking=None if "device_tracking" not in props else model.DeviceTracking(
            path=at("device_tracking"), given=frozenset(props["device_tracking"]), **props["device_tracking"]),
        removal_policy=props.get("removal_policy", defaults.REMOVAL_POLICY),
        # userpool-with-mfa.ts suppresses cdk-nag findings on <stack>/<its id>/UserPool/smsRole/Resource
        pdk_user_identity_pool=kind == "UserPoolWithMfa" and construct_path == (node_id, ids.USER_POOL),
        tags=_tags(tree.tags, mapping.get("tags")),
        eums_sms=_eums_sms(at("eums_sms"), props.get("eums_sms")),
        **_attachments(path, props, tree),
    )
    pool = records.replace(pool, tier=_tier(pool, tree.pdk_compat))
    # The constructor's own children come first: the pool resource, its SMS role, its triggers' permissions.
    own = [ids.RESOURCE] + ([ids.SMS_ROLE] if pool.sms_role_created else []) + \
        [t.permission_id for t in pool.lambda_triggers if t.add_permission] + _attachment_ids(pool)
    for child in own:
        tree.add(construct_path, child, path, what="the pool's own")
    for replica in pool.replicas:  # the L1 a CDK user adds under the pool: a second one in a Region collides
        tree.add(construct_path, ids.replica(replica.region), replica.key("region"),
                 what=f"the replica in {replica.region}", hint="list each Region once")
    return _with_methods(pool, mapping, tree, roles)


def _tier(pool: model.UserPool, pdk_compat: bool) -> str | None:
    """``UserPoolTier`` as built: the feature plan given; in default mode PLUS where threat protection is asked for
    and no plan is given (README: deliberate difference 1: it runs only on the Plus plan)."""
    if pool.feature_plan is not None or pdk_compat:
        return pool.feature_plan
    return "PLUS" if pool.security_mode in ("AUDIT", "ENFORCED") else None


# Pool props the model takes as the spec gives them, which other props read too (the plain ones that become one
# CloudFormation property each are properties.USER_POOL's).
_PLAIN_POOL_PROPS = ("custom_sender_kms_key", "sms_role", "sms_role_external_id", "sns_region", "enable_sms_role",
                     "advanced_security_mode", "standard_threat_protection_mode", "custom_threat_protection_mode",
                     "feature_plan")


_LOG_DESTINATIONS = {"cloud_watch_logs_configuration": "log_group_arn", "s3_configuration": "bucket_arn",
                     "firehose_configuration": "stream_arn"}


def _log_configuration(path: tuple, item: dict) -> model.LogConfiguration:
    destination = next(key for key in _LOG_DESTINATIONS if key in item)
    return model.LogConfiguration(path=path, given=frozenset(item), event_source=item["event_source"],
                                  log_level=item.get("log_level", defaults.LOG_LEVELS[item["event_source"]]),
                                  destination=destination, arn=item[destination][_LOG_DESTINATIONS[destination]])


# the API's limits: an asset's Bytes are at most 1,000,000 characters of base64, so 750,000 bytes
MAX_ASSET_BYTES = 750_000
MAX_SETTINGS_BYTES = 1 << 20
_ASSET_EXTENSIONS = {".ico": "ICO", ".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".svg": "SVG", ".webp": "WEBP"}


MAX_CSS_BYTES = 131_072  # the API's limit of CSS (characters; UTF-8 bytes are at least as many)


def _css(path: tuple, item: dict | None, files: SpecFiles) -> str | None:
    """The hosted UI's CSS: inline, or read from css_file (an unreadable file: a finding, and an empty CSS)."""
    if item is None:
        return None
    if "css_file" not in item:
        return item["css"]
    css = files.read_text(path + ("css_file",), item["css_file"], MAX_CSS_BYTES)
    if css == "":
        files.findings.append((path + ("css_file",), f"'{item['css_file']}' is empty"))
    return css or ""


def _branding(path: tuple, item: dict, files: SpecFiles) -> model.ManagedLoginBranding:
    settings = item.get("settings")
    if "settings_file" in item:
        settings = files.read_json_object(path + ("settings_file",), item["settings_file"], MAX_SETTINGS_BYTES)
    assets = None
    if "assets" in item:
        assets = []
        for index, asset in enumerate(item["assets"]):
            at = path + ("assets", index)
            if "file" in asset:
                extension = asset.get("extension") or _ASSET_EXTENSIONS.get(os.path.splitext(asset["file"])[1].lower())
                content = files.read_image(at + ("file",), asset["file"], extension, MAX_ASSET_BYTES)
                data = "" if content is None else base64.b64encode(content).decode("ascii")
            else:
                data, extension = asset["bytes"], asset.get("extension")
            assets.append(model.BrandingAsset(path=at, given=frozenset(asset), category=asset["category"],
                                              color_mode=asset["color_mode"], extension=extension, data=data,
                                              resource_id=asset.get("resource_id")))
    return model.ManagedLoginBranding(path=path, given=frozenset(item),
                                      use_cognito_provided_values=item.get("use_cognito_provided_values"),
                                      settings=settings, assets=None if assets is None else tuple(assets),
                                      return_merged_resources=item.get("return_merged_resources"))


def _risk_configuration(path: tuple, item: dict | None) -> model.RiskConfiguration | None:
    if item is None:
        return None
    compromised = item.get("compromised_credentials_risk_configuration")
    takeover = item.get("account_takeover_risk_configuration")
    notify = (takeover or {}).get("notify_configuration")
    exceptions = item.get("risk_exception_configuration") or {}
    at = path + ("account_takeover_risk_configuration",)

    def ranges(key: str) -> tuple[str, ...] | None:
        return None if key not in exceptions else tuple(exceptions[key])

    return model.RiskConfiguration(
        path=path, given=frozenset(item),
        compromised_credentials_action=None if compromised is None else compromised["actions"]["event_action"],
        compromised_credentials_events=None if compromised is None or "event_filter" not in compromised
        else tuple(compromised["event_filter"]),
        takeover_actions=None if takeover is None else tuple(
            model.TakeoverAction(path=at + ("actions", f"{level}_action"), given=frozenset(action), level=level,
                                 event_action=action["event_action"], notify=action["notify"])
            for level in ("low", "medium", "high") if (action := takeover["actions"].get(f"{level}_action"))),
        notify_source_arn=None if notify is None else notify["source_arn"],
        notify_from=(notify or {}).get("from"), notify_reply_to=(notify or {}).get("reply_to"),
        notify_emails=tuple(
            model.RiskEmail(path=at + ("notify_configuration", f"{kind}_email"), given=frozenset(email), kind=kind,
                            subject=email["subject"], html_body=email.get("html_body"), text_body=email.get("text_body"))
            for kind in ("block", "mfa", "no_action") if (email := (notify or {}).get(f"{kind}_email"))),
        blocked_ip_ranges=ranges("blocked_ip_range_list"), skipped_ip_ranges=ranges("skipped_ip_range_list"),
    )


def _triggers(path: tuple, mapping: dict) -> tuple[model.Trigger, ...]:
    """Lambda triggers by operation (a pool's, or a replica's in its Region)."""
    triggers = []
    for op, value in mapping.items():
        trigger = trigger_function(value)
        triggers.append(model.Trigger(path=path + (op,), given=frozenset(trigger), operation=op,
                                      function_arn=trigger["function_arn"], lambda_version=trigger.get("lambda_version"),
                                      add_permission=trigger.get("add_permission", True),
                                      permission_id=ids.permission(trigger_operations()[op][0])))
    return tuple(triggers)


def _replica(path: tuple, item: dict, pool_tags: tuple) -> model.Replica:
    """A replica; its tags are its own with the pool's (``Tags.of``, which the CDK applies to the replica's L1 too,
    winning over the L1's own)."""
    return model.Replica(
        path=path, given=frozenset(item), region=item["region"], status=item.get("status", "INACTIVE"),
        tags=_tags(item.get("tags") or {}, dict(pool_tags)),
        email=None if item.get("email") is None else _email(path + ("email",), item["email"]),
        sms_role=item.get("sms_role"), sms_role_external_id=item.get("sms_role_external_id"),
        sns_region=item.get("sns_region"), lambda_triggers=_triggers(path + ("lambda_triggers",),
                                                                     item.get("lambda_triggers") or {}),
        threat_protection_email=None if item.get("threat_protection_email") is None else model.ThreatProtectionEmail(
            path=path + ("threat_protection_email",), given=frozenset(item["threat_protection_email"]),
            source_arn=item["threat_protection_email"]["source_arn"],
            from_email=item["threat_protection_email"].get("from")),
        log_configurations=tuple(_log_configuration(path + ("log_configurations", i), c)
                                 for i, c in enumerate(item.get("log_configurations") or [])),
        web_acl_arn=item.get("web_acl_arn"), eums_sms=_eums_sms(path + ("eums_sms",), item.get("eums_sms")),
        custom_sender_kms_key=item.get("custom_sender_kms_key"))


def _session_configuration(path: tuple, item: dict | None) -> model.SessionConfiguration | None:
    if item is None:
        return None
    token_session = item.get("token_session") or {}
    return model.SessionConfiguration(path=path, given=frozenset(item), user_session_tracking=item["user_session_tracking"],
                                      max_per_user=token_session.get("max_per_user", defaults.TOKEN_SESSIONS_PER_USER))


def _eums_sms(path: tuple, item: dict | None) -> model.EumsSms | None:
    return None if item is None else model.EumsSms(path=path, given=frozenset(item), **item)


def _email_and_phone(path: tuple, value: dict) -> model.EmailAndPhone:
    return model.EmailAndPhone(path=path, given=frozenset(value), email=bool(value.get("email")),
                               phone=bool(value.get("phone")))


def _email(path: tuple, email: dict) -> model.Email:
    if "with_cognito" in email:
        settings = email["with_cognito"] or {}
        return model.Email(path=path, given=frozenset(email), with_ses=False, reply_to=settings.get("reply_to"),
                           settings=model.Node(path=path + ("with_cognito",), given=frozenset(settings)))
    ses = email["with_ses"]
    return model.Email(path=path, given=frozenset(email), with_ses=True, reply_to=ses.get("reply_to"),
                       from_email=ses["from_email"], from_name=ses.get("from_name"), ses_region=ses["ses_region"],
                       ses_verified_domain=ses.get("ses_verified_domain"),
                       configuration_set_name=ses.get("configuration_set_name"),
                       settings=model.Node(path=path + ("with_ses",), given=frozenset(ses)))


def _duration(text: str | None) -> Duration | None:
    return None if text is None else Duration.parse(text)


def _with_methods(pool: Any, mapping: dict, tree: _Tree, roles: "_ImportedPrincipals") -> Any:
    """The pool with its methods (``registerIdentityProvider``, ``addResourceServer``, ``addClient``,
    ``addDomain``, groups) and grants, each construct placed under it in the CDK's order."""
    methods: dict[str, list] = {key: [] for key in POOL_METHODS}
    resolvers = {"identity_providers": partial(_identity_provider, stack_name=tree.stack_name,
                                               strings=not tree.pdk_compat),
                 "resource_servers": _resource_server,
                 "clients": partial(_client, files=tree.files, pdk_compat=tree.pdk_compat), "domains": _domain,
                 "groups": _group}
    for key in POOL_METHODS:
        for index, item in enumerate(mapping.get(key) or []):
            path = pool.path + (key, index)
            construct_path = tree.add(pool.construct_path, item["id"], path + ("id",))
            methods[key].append(resolvers[key](path, item, construct_path, pool))
            pool = records.replace(pool, **{key: tuple(methods[key])})  # later methods see earlier ones
    for index, grant in enumerate(mapping.get("grants") or []):
        kind, reference = next((kind, grant[f"{kind}_{form}"]) for kind in ids.GRANTEES for form in ("name", "arn")
                               if f"{kind}_{form}" in grant)
        roles.add(grant.get("id") or ids.imported_principal(reference), reference, pool.key("grants", index),
                  grant=tuple(grant["actions"]), kind=kind)
    return records.replace(pool, clients=tuple(_with_default_branding(pool, c, tree.pdk_compat) for c in pool.clients))


def _with_default_branding(pool: Any, client: model.Client, pdk_compat: bool) -> model.Client:
    """Mark a client that shows managed login's pages (a domain of version 2) without a branding of its own; in
    default mode it gets Cognito's look (README: deliberate difference 5)."""
    pages = any(d.managed_login_version == 2 for d in pool.domains) and not client.disable_o_auth \
        and client.flows.browser and client.managed_login_branding is None
    return records.replace(client, needs_default_branding=True, default_branding=not pdk_compat) if pages else client


def _client(path: tuple, item: dict, construct_path: tuple, pool: Any, given: frozenset | None = None,
            files: SpecFiles | None = None, pdk_compat: bool = False) -> model.Client:
    files = files or SpecFiles(None)  # the client UserIdentity adds names no files
    oauth = item.get("o_auth") or {}
    flows = oauth.get("flows", defaults.CLIENT_OAUTH_FLOWS)
    o_auth = model.Node(path=path + ("o_auth",), given=frozenset(oauth)) if "o_auth" in item else None
    oauth_flows = model.OAuthFlows(path=path + ("o_auth", "flows") if "flows" in oauth else path, given=frozenset(flows),
                                   **{k: bool(v) for k, v in flows.items()})
    written_scopes = oauth.get("scopes")
    scopes = tuple(_scope(path + ("o_auth", "scopes", i) if written_scopes is not None else path, scope)
                   for i, scope in enumerate(written_scopes if written_scopes is not None
                                             else defaults.CLIENT_OAUTH_SCOPES))
    callback_urls = oauth.get("callback_urls")
    if oauth_flows.browser and callback_urls is None:
        callback_urls = defaults.CLIENT_CALLBACK_URLS
    written_providers = item.get("supported_identity_providers")
    if written_providers is None:  # the providers registered on the pool so far, and Cognito's own
        providers: tuple = tuple(model.PoolProvider(path=path, identity_provider=p.id) for p in pool.identity_providers) \
            + (model.NamedProvider(path=path, written="COGNITO", name="COGNITO"),)
    else:
        providers = tuple(_provider_choice(path + ("supported_identity_providers", i), p)
                          for i, p in enumerate(written_providers))
    flows_given = item.get("auth_flows")
    return model.Client(
        path=path, given=frozenset(item) if given is None else given, id=item["id"], construct_path=construct_path,
        **properties.resolved(properties.USER_POOL_CLIENT, item),
        output_client_secret=bool(item.get("output_client_secret", False)),
        auth_flows=None if not flows_given else model.AuthFlows(
            path=path + ("auth_flows",), given=frozenset(flows_given), **{k: bool(v) for k, v in flows_given.items()}),
        disable_o_auth=bool(item.get("disable_o_auth", False)),
        o_auth=o_auth,
        flows=oauth_flows,
        scopes=scopes,
        scopes_given=written_scopes is not None,
        callback_urls=None if callback_urls is None else tuple(callback_urls),
        id_token_validity=_duration(item.get("id_token_validity")),
        access_token_validity=_duration(item.get("access_token_validity")),
        refresh_token_validity=_duration(item.get("refresh_token_validity")),
        refresh_token_rotation_grace_period=_duration(item.get("refresh_token_rotation_grace_period")),
        analytics=None if item.get("analytics") is None else model.Analytics(
            path=path + ("analytics",), given=frozenset(item["analytics"]), **item["analytics"]),
        ui_customization_css=_css(path + ("ui_customization",), item.get("ui_customization"), files),
        risk_configuration=_risk_configuration(path + ("risk_configuration",), item.get("risk_configuration")),
        sso_session=None if item.get("sso_session") is None else model.SsoSession(
            path=path + ("sso_session",), given=frozenset(item["sso_session"]), **item["sso_session"]),
        managed_login_branding=None if item.get("managed_login_branding") is None else _branding(
            path + ("managed_login_branding",), item["managed_login_branding"], files),
        terms=tuple(model.Terms(path=path + ("terms", i), given=frozenset(t), terms_name=t["terms_name"],
                                links=tuple(t["links"].items()), terms_source=t.get("terms_source", "LINK"),
                                enforcement=t.get("enforcement", "NONE"))
                    for i, t in enumerate(item.get("terms") or [])),
        read_attributes=_attributes(item.get("read_attributes")),
        write_attributes=_attributes(item.get("write_attributes")),
        supported_identity_providers=providers,
        created_after=() if pdk_compat else _named_constructs(pool, providers, scopes),
    )


def _named_constructs(pool: Any, providers: tuple, scopes: tuple) -> tuple[str, ...]:
    by_name = {p.provider_name: p.id for p in pool.identity_providers}
    by_identifier = {s.identifier: s.id for s in pool.resource_servers}
    named = [by_name[p.name] for p in providers if isinstance(p, model.NamedProvider) and p.name in by_name]
    named += [by_identifier[s.value.rsplit("/", 1)[0]] for s in scopes
              if isinstance(s, model.CustomScope) and "/" in s.value and s.value.rsplit("/", 1)[0] in by_identifier]
    return tuple(dict.fromkeys(named))


def _scope(path: tuple, scope: Any) -> model.Scope:
    """An ``OAuthScope``: a member name, ``{resource_server, scope}``, or any other string (``OAuthScope.custom``)."""
    if isinstance(scope, dict):
        return model.ServerScope(path=path, given=frozenset(scope), resource_server=scope["resource_server"],
                                 scope=scope["scope"])
    if scope in OAUTH_SCOPES:
        return model.MemberScope(path=path, name=scope, value=OAUTH_SCOPES[scope])
    return model.CustomScope(path=path, value=scope)


def _provider_choice(path: tuple, provider: Any) -> model.ProviderChoice:
    if isinstance(provider, dict):
        return model.PoolProvider(path=path, given=frozenset(provider), identity_provider=provider["identity_provider"])
    return model.NamedProvider(path=path, written=provider, name=CLIENT_IDENTITY_PROVIDERS.get(provider, provider))


def _attributes(spec: dict | None) -> tuple[str, ...] | None:
    """``ClientAttributes``: standard and custom attribute names, sorted as the CDK sorts them."""
    if spec is None:
        return None
    names = {STANDARD_ATTRIBUTE_NAMES[k] for k, v in (spec.get("standard_attributes") or {}).items() if v}
    names.update(n if n.startswith("custom:") else f"custom:{n}" for n in spec.get("custom_attributes") or [])
    return tuple(sorted(names))


def _domain(path: tuple, item: dict, construct_path: tuple, _pool: Any) -> model.Domain:
    custom = item.get("custom_domain") or {}
    return model.Domain(path=path, given=frozenset(item), id=item["id"], construct_path=construct_path,
                        domain_prefix=(item.get("cognito_domain") or {}).get("domain_prefix"),
                        domain_name=custom.get("domain_name"), certificate_arn=custom.get("certificate_arn"),
                        managed_login_version=item.get("managed_login_version"),
                        failover_region=(item.get("failover") or {}).get("secondary_region"),
                        failover_health_check=(item.get("failover") or {}).get("primary_route53_health_check_id"),
                        security_policy=custom.get("security_policy"))


def _resource_server(path: tuple, item: dict, construct_path: tuple, _pool: Any) -> model.ResourceServer:
    scopes = item.get("scopes")
    return model.ResourceServer(
        path=path, given=frozenset(item), id=item["id"], construct_path=construct_path, identifier=item["identifier"],
        name=item.get("user_pool_resource_server_name", item["identifier"]),
        scopes=None if scopes is None else tuple(
            model.ResourceServerScope(path=path + ("scopes", i), given=frozenset(s), scope_name=s["scope_name"],
                                      scope_description=s["scope_description"]) for i, s in enumerate(scopes)))


_SECRETS = ("client_secret", "client_secret_value", "private_key", "private_key_value")


def _identity_provider(path: tuple, item: dict, construct_path: tuple, _pool: Any, stack_name: str,
                       strings: bool = False) -> model.IdentityProvider:
    """``UserPoolIdentityProvider<Type>``: its ProviderDetails in the CDK's order, and its name."""
    kind = item["type"]
    _provider_type, fixed_name, default_scopes, separator = PROVIDER_TYPES[kind]
    details: dict[str, Any]
    if kind == "saml":
        metadata = item["metadata"]
        details = {
            "IDPSignout": item.get("idp_signout", False),
            "MetadataURL": metadata.get("url"),
            "MetadataFile": metadata.get("file"),
            "EncryptedResponses": item.get("encrypted_responses"),
            "RequestSigningAlgorithm": SIGNING_ALGORITHMS.get(item.get("request_signing_algorithm")),
            "IDPInit": item.get("idp_initiated"),
        }
    else:
        details = {"client_id": item.get("client_id")}
        if kind == "apple":
            details.update(team_id=item["team_id"], key_id=item["key_id"],
                           private_key=item.get("private_key_value", item.get("private_key")))
        else:
            details["client_secret"] = item.get("client_secret_value", item.get("client_secret"))
        details["authorize_scopes"] = separator.join(item.get("scopes", default_scopes))
        if kind == "facebook":
            details["api_version"] = item.get("api_version")
        if kind == "oidc":
            endpoints = item.get("endpoints") or {}
            details.update({
                "attributes_request_method": item.get("attribute_request_method", "GET"),
                "oidc_issuer": item["issuer_url"],
                "authorize_url": endpoints.get("authorization"),
                "token_url": endpoints.get("token"),
                "attributes_url": endpoints.get("user_info"),
                "jwks_uri": endpoints.get("jwks_uri"),
            })
    mapping = item.get("attribute_mapping")
    return model.IdentityProvider(
        path=path, given=frozenset(item), id=item["id"], construct_path=construct_path, type=kind,
        provider_name=fixed_name or item.get("name") or _generated_name(construct_path, kind, stack_name),
        name_given="name" in item,
        details=tuple((k, _detail(v, strings)) for k, v in details.items() if v is not None),
        identifiers=None if item.get("identifiers") is None else tuple(item["identifiers"]),
        attribute_mapping=None if mapping is None else (_attribute_mapping(mapping) or None),
        secrets=tuple((key, item[key]) for key in _SECRETS if key in item))


def _detail(value: Any, strings: bool) -> Any:
    """CloudFormation types ``ProviderDetails`` as strings; the CDK writes SAML's flags as booleans. Default mode
    writes ``"true"``/``"false"`` (what Cognito stores; strict cfn-lint accepts only strings: README, deliberate
    difference 3); ``--pdk-compat`` keeps the CDK's booleans."""
    return str(value).lower() if strings and isinstance(value, bool) else value


def _generated_name(construct_path: tuple, kind: str, stack_name: str) -> str:
    """OIDC/SAML ``getProviderName`` when no name is given, fitted to 3..32 characters: SAML takes
    ``Names.uniqueResourceName`` (cut in the middle, then the hash), OIDC the unique id's two ends."""
    components = [stack_name] + list(construct_path)
    if kind == "saml":
        name = naming.make_unique_resource_name(components, 32)
        return name + "saml" if len(name) < 3 else name
    unique = naming.make_unique_id(components)
    if len(unique) < 3:
        return unique + kind
    if len(unique) > 32:
        return unique[:16] + unique[-16:]
    return unique


def _attribute_mapping(mapping: dict) -> tuple[tuple[str, str], ...]:
    out = [(STANDARD_ATTRIBUTE_NAMES[k], PROVIDER_ATTRIBUTES.get(v, v)) for k, v in mapping.items() if k != "custom"]
    out += [(k, PROVIDER_ATTRIBUTES.get(v, v)) for k, v in (mapping.get("custom") or {}).items()]
    return tuple(out)


def _group(path: tuple, item: dict, construct_path: tuple, _pool: Any) -> model.Group:
    return model.Group(path=path, given=frozenset(item), id=item["id"], construct_path=construct_path,
                       group_name=item.get("group_name"), description=item.get("description"),
                       precedence=item.get("precedence"), role_arn=item.get("role_arn"))


# --------------------------------------------------------------------------------------------- roles
class _ImportedPrincipals:
    """Roles, users and groups named by ARN or name, imported once each at the stack's top level, with their
    statements."""

    def __init__(self, tree: _Tree):
        self.tree = tree
        self.principals: dict[str, dict] = {}

    def add(self, node_id: str, reference: str, source: tuple, grant: tuple | None = None,
            statements: tuple = (), kind: str = "role") -> None:
        principal = self.principals.get(node_id)
        if principal is None:
            principal = self.principals[node_id] = {"kind": kind, "reference": reference, "source": source,
                                                    "grants": [], "statements": []}
        elif (principal["kind"], principal["reference"]) != (kind, reference):  # "There is already a Construct ..."
            self.tree.findings.append((source, f"there is already a construct with id '{node_id}' in the stack (the "
                                               f"{principal['kind']} {principal['reference']}); give one of them "
                                               "another id"))
            return
        if grant is not None:
            principal["grants"].append(grant)
        principal["statements"].extend(statements)

    def resolved(self) -> tuple[model.ImportedPrincipal, ...]:
        out = []
        for node_id, found in self.principals.items():  # placed after everything else, as the CDK builds them lazily
            self.tree.add((), node_id, found["source"], hint="give one of them another id")
            out.append(model.ImportedPrincipal(path=found["source"], id=node_id, kind=found["kind"],
                                               reference=found["reference"],
                                               name=naming.principal_name_of(found["reference"]),
                                               grants=tuple(found["grants"]), statements=tuple(found["statements"])))
        return tuple(out)


# ------------------------------------------------------------------------------------------ identity pool
def _user_pool_provider(path: tuple, given: dict, tree: _Tree) -> model.UserPoolProvider:
    """A pool that exists, with its client; without one, ``UserPoolAuthenticationProvider`` adds a client to the
    pool (``UserPool.fromUserPoolId(stack, id, ...)``, at the stack's top level: ``id``, else the pool's id)."""
    arn = given.get("user_pool_arn")
    pool_id = given.get("user_pool_id") or arn.split("/", 1)[1]
    pool = None
    if "user_pool_client_id" not in given:
        node_id = given.get("id", pool_id)
        construct_path = tree.add((), node_id, path + (("id",) if "id" in given else ()),
                                  hint="give the provider an id")
        pool = model.ExistingPool(path=path, given=frozenset(given), id=node_id, construct_path=construct_path,
                                  user_pool_id=pool_id, user_pool_arn=arn,
                                  region=arn.split(":")[3] if arn is not None else None)
        client_path = tree.add(construct_path, ids.PROVIDER_CLIENT, path)
        client = _client(path, {"id": ids.PROVIDER_CLIENT}, client_path, pool, given=frozenset(),
                         pdk_compat=tree.pdk_compat)
        pool = records.replace(pool, clients=(client,))
    return model.UserPoolProvider(path=path, given=frozenset(given), user_pool_id=pool_id,
                                  client_id=given.get("user_pool_client_id"), pool=pool,
                                  server_side_token_check=not given.get("disable_server_side_token_check", False))



def _existing_role(given: str | dict | None) -> tuple[str | None, str | None]:
    """An existing default role's ARN, and the construct id ``Role.fromRoleArn`` gives it (default: its name)."""
    if not given:
        return None, None
    arn = given if isinstance(given, str) else given["role_arn"]
    return arn, given.get("id") if isinstance(given, dict) and given.get("id") else ids.imported_principal(arn)


def _identity_pool(data: dict, construct_path: tuple, roles: _ImportedPrincipals, tree: _Tree) -> model.IdentityPool:
    path = ("identity_pool_options",)
    options = data.get("identity_pool_options") or {}
    written_at = [p for p, where in ((("role_policies",), data), (path + ("role_policies",), options))
                  if "role_policies" in where]
    role_policies = data.get("role_policies") or options.get("role_policies") or {}
    policy_path = written_at[0] if written_at else path
    statements = {kind: tuple(_statement(policy_path + (kind, i), s) for i, s in enumerate(role_policies.get(kind) or []))
                  for kind in ("authenticated", "unauthenticated")}
    existing = {kind: _existing_role(options.get(f"{kind}_role")) for kind in ("authenticated", "unauthenticated")}
    for kind, (arn, node_id) in existing.items():
        if arn and statements[kind]:  # Role.fromRoleArn(stack, <id>, arn).addToPrincipalPolicy(...)
            roles.add(node_id, arn, path + (f"{kind}_role",), statements=statements[kind])
    providers = options.get("authentication_providers") or {}
    return model.IdentityPool(
        path=path, given=frozenset(options), id=ids.IDENTITY_POOL, construct_path=construct_path,
        identity_pool_name=options.get("identity_pool_name"),
        allow_unauthenticated_identities=bool(options.get("allow_unauthenticated_identities")),
        allow_classic_flow=options.get("allow_classic_flow"),
        authenticated_role=existing["authenticated"][0],
        unauthenticated_role=existing["unauthenticated"][0],
        login_providers=tuple((url, value(providers[key])) for key, url, value in IDENTITY_POOL_LOGIN_PROVIDERS
                              if providers.get(key)),
        custom_provider=providers.get("custom_provider"),
        open_id_connect_providers=_tuple(providers.get("open_id_connect_providers")),
        saml_providers=_tuple(providers.get("saml_providers")),
        user_pool_providers=tuple(_user_pool_provider(path + ("authentication_providers", "user_pools", i), u, tree)
                                  for i, u in enumerate(providers.get("user_pools") or [])),
        principal_tags=tuple(
            model.PrincipalTag(path=path + ("principal_tags", i), given=frozenset(t),
                               construct_id=ids.principal_tags(i),
                               provider_name=t.get("identity_provider_name"),
                               tags=None if "principal_tags" not in t else tuple(t["principal_tags"].items()),
                               use_defaults=t.get("use_defaults", True if "principal_tags" not in t else None))
            for i, t in enumerate(options.get("principal_tags") or [])),
        role_mappings=tuple(_role_mapping(path + ("role_mappings", i), m)
                            for i, m in enumerate(options.get("role_mappings") or [])),
        authenticated_policies=statements["authenticated"] if not existing["authenticated"][0] else (),
        unauthenticated_policies=statements["unauthenticated"] if not existing["unauthenticated"][0] else (),
        role_policies_at=tuple(written_at),
        tags=_tags(tree.tags, options.get("tags")),
    )


def _tags(outer: dict, inner: dict | None) -> tuple[tuple[str, str], ...]:
    """``Tags.of(outer)`` then ``Tags.of(inner)``: the inner construct's value wins, whatever the order they were
    added in (the CDK applies tag aspects from the stack down); keys in ``localeCompare`` order (TagManager)."""
    merged = {**outer, **(inner or {})}
    return tuple(sorted(merged.items(), key=lambda item: naming.locale_sort_key(item[0])))


def _tuple(values: list | None) -> tuple | None:
    return None if values is None else tuple(values)


def _statement(path: tuple, statement: dict) -> model.Statement:
    return model.Statement(path=path, given=frozenset(statement), effect=statement.get("effect", "Allow"),
                           actions=tuple(statement["actions"]), resources=tuple(statement.get("resources", ["*"])),
                           conditions=statement.get("conditions"))


def _role_mapping(path: tuple, mapping: dict) -> model.RoleMapping:
    provider = mapping["provider_url"]
    url: Any
    if isinstance(provider, str):
        url = IDENTITY_POOL_PROVIDER_URLS[provider]
    elif "user_pool_client" in provider:
        url = model.ClientProviderUrl(path=path + ("provider_url",), client=provider["user_pool_client"])
    else:
        url = next(iter(provider.values()))
    template_key = mapping.get("mapping_key") or (url if isinstance(url, str) else None)
    return model.RoleMapping(
        path=path, given=frozenset(mapping), provider_url=url, mapping_key=mapping.get("mapping_key"), template_key=template_key,
        use_token=bool(mapping.get("use_token")), resolve_ambiguous_roles=bool(mapping.get("resolve_ambiguous_roles")),
        rules=tuple(model.MappingRule(path=path + ("rules", i), given=frozenset(r), claim=r["claim"],
                                      claim_value=r["claim_value"], match_type=r.get("match_type", "EQUALS"),
                                      mapped_role=r["mapped_role"]) for i, r in enumerate(mapping.get("rules") or [])))
