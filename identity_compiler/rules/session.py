"""Session configuration (SPEC 13): what ``SetUserPoolSessionConfiguration`` and
``SetUserPoolClientSessionConfiguration`` refuse, and what the CloudFormation types say cannot be declared."""

from __future__ import annotations

from ..spec import defaults
from ..spec import model
from .engine import check

POOL_DEFAULT = (defaults.SESSION_TRACKING, defaults.TOKEN_SESSIONS_PER_USER)


@check("IC0747", on=model.UserPool)
def session_plan(pool, _ctx):
    if pool.feature_plan != "LITE":
        return
    if pool.session_configuration is not None:
        yield pool.key("session_configuration"), "session configuration needs feature_plan ESSENTIALS or PLUS, not LITE"
    for client in pool.clients:
        if client.sso_session is not None:
            yield client.key("sso_session"), "a client's SSO session needs feature_plan ESSENTIALS or PLUS, not LITE"


@check("IC0748", on=model.Pool)
def sso_session_tracking(pool, _ctx):
    config = pool.session_configuration
    if config is not None and config.user_session_tracking == "ENABLED":
        return
    if config is None and isinstance(pool, model.ExistingPool):
        return  # a pool made elsewhere may track sessions already
    why = "the pool has no session_configuration" if config is None else \
        "the pool's session_configuration.user_session_tracking is DISABLED"
    for client in pool.clients:
        if client.sso_session is not None:
            yield client.key("sso_session"), f"an SSO session needs the pool's session tracking ENABLED; {why}"


@check("IC0749", on=model.Node)
def session_default(node, _ctx):
    if isinstance(node, model.SessionConfiguration) and \
            (node.user_session_tracking, node.max_per_user) == POOL_DEFAULT:
        yield node.path, ("this is Cognito's default session configuration (tracking DISABLED, 20 token sessions), "
                          "which CloudFormation cannot declare; leave session_configuration out for it")
    elif isinstance(node, model.SsoSession) and node.max_validity_minutes == defaults.SSO_SESSION_MINUTES:
        yield node.path, ("60 minutes is Cognito's default SSO session, which CloudFormation cannot declare; leave "
                          "sso_session out for it")
