// The oracle of the differential test: a spec (as JSON) → the PDK/CDK constructs a user of the Python
// API would write for it → the template the real CDK synthesizes.
//
// Usage: node synth.js [PACKAGES] < cases.jsonl > results.jsonl
//   PACKAGES: the folder whose node_modules holds the constructs (default: this one, the PDK's
//   aws-cdk-lib 2.163.1; ../oracle-current has the current aws-cdk-lib for props newer than that)
//   each input line:  {"spec": {...}, "stack": "StackName"}
//   each output line: {"template": {...}} | {"error": "what the CDK threw"}
//                     | {"unsupported": "a spec key this CDK version has no prop for"}
//
// The translation is strict: every key of the spec must be one it knows, or the case is refused
// (as the Python API refuses an unknown keyword argument); it never guesses.
'use strict';
const path = require('path');
const readline = require('readline');
// the constructs come from PACKAGES' node_modules
const load = require('module').createRequire(path.join(path.resolve(process.argv[2] ?? __dirname), 'package.json'));
const cdk = load('aws-cdk-lib');
const cognito = load('aws-cdk-lib/aws-cognito');
const lambda = load('aws-cdk-lib/aws-lambda');
const iam = load('aws-cdk-lib/aws-iam');
const kms = load('aws-cdk-lib/aws-kms');
const acm = load('aws-cdk-lib/aws-certificatemanager');
const wafv2 = load('aws-cdk-lib/aws-wafv2');
const idp = load('@aws-cdk/aws-cognito-identitypool-alpha');
const { Construct } = load('constructs');
const pdk = load('@aws/pdk/identity');
const pdkPoolModule = load('@aws/pdk/identity/userpool-with-mfa');

class Unsupported extends Error {}
class Rejected extends Error {} // what a Python user could not even write (an unknown keyword, a missing id)

// Keys the spec has for props newer than aws-cdk-lib 2.163.1: the PDK's CDK answers "unsupported"
// for a spec using them, the current aws-cdk-lib (../oracle-current) translates them.
const NEWER = new Set(['feature_plan', 'standard_threat_protection_mode', 'custom_threat_protection_mode',
  'sign_in_policy', 'passkey_relying_party_id', 'passkey_user_verification', 'groups',
  'managed_login_version', 'password_history_size', 'refresh_token_rotation_grace_period', 'user', 'email',
  'analytics', 'terms', 'web_authn_factor_configuration', 'key_configuration', 'issuer_configuration', 'failover',
  'replicas', 'eums_sms', 'security_policy', 'session_configuration', 'sso_session']);
const CURRENT = 'FeaturePlan' in cognito;
// `email` is newer as a second factor only (mfa_second_factor.email), `user` as an auth flow only
const NEWER_IN = { email: 'mfa_second_factor', user: 'auth_flows' };

const camel = (key) => key.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
const pascal = (key) => camel(key).charAt(0).toUpperCase() + camel(key).slice(1); // a CloudFormation name
const EUMS_SMS = ['caller_arn', 'external_id', 'origination_identity', 'configuration_set_name', 'in_entity_id',
  'in_template_id', 'region'];
const STANDARD = { // spec name → StandardAttributes / AttributeMapping / StandardAttributesMask key
  address: 'address', birthdate: 'birthdate', email: 'email', family_name: 'familyName', gender: 'gender',
  given_name: 'givenName', locale: 'locale', middle_name: 'middleName', fullname: 'fullname',
  nickname: 'nickname', phone_number: 'phoneNumber', profile_picture: 'profilePicture',
  preferred_username: 'preferredUsername', profile_page: 'profilePage', timezone: 'timezone',
  last_update_time: 'lastUpdateTime', website: 'website', email_verified: 'emailVerified',
  phone_number_verified: 'phoneNumberVerified',
};

function keys(obj, allowed, where) {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) throw new Rejected(`${where}: not a mapping`);
  for (const key of Object.keys(obj)) {
    if (!CURRENT && NEWER.has(key) && (!NEWER_IN[key] || where.endsWith(NEWER_IN[key]))) throw new Unsupported(`${where}.${key}`);
    if (!allowed.includes(key)) throw new Rejected(`${where}: unknown key ${key}`);
  }
  return obj;
}

function member(enumeration, name, where) {
  if (typeof name !== 'string' || !/^[A-Z][A-Z0-9_]*$/.test(name) || !(name in enumeration)) {
    throw new Rejected(`${where}: no member ${name}`);
  }
  return enumeration[name];
}

/** A plain mapping of booleans/strings/numbers with the keys renamed. */
function renamed(obj, allowed, where, rename = camel) {
  keys(obj, allowed, where);
  const out = {};
  for (const [key, value] of Object.entries(obj)) out[rename(key)] = value;
  return out;
}

function duration(text, where) {
  if (typeof text !== 'string') throw new Rejected(`${where}: not a duration`);
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]+)\s*$/.exec(text);
  if (!match) return cdk.Duration.parse(text.trim());
  const unit = { second: 'seconds', minute: 'minutes', hour: 'hours', day: 'days' }[match[2].replace(/s$/, '')];
  if (!unit) throw new Rejected(`${where}: unknown unit ${match[2]}`);
  return cdk.Duration[unit](Number(match[1]));
}

/** Existing AWS things a spec names by ARN, imported as a user would (ids that nobody else uses). */
class References {
  constructor(stack) {
    this.stack = stack;
    this.scope = null;
    this.count = 0;
    this.roles = new Map(); // construct id at the stack's top level → [role, arn or name]
    this.secretOutputs = []; // [client id, client] of each client whose secret the spec outputs
  }
  /** A fresh id in a scope of its own, made on first use (so a spec without references adds no construct). */
  place(kind) {
    this.scope = this.scope ?? new Construct(this.stack, 'OracleReferences');
    return [this.scope, `${kind}${this.count++}`];
  }
  role(arn) { return iam.Role.fromRoleArn(...this.place('Role'), arn); }
  fn(arn) { return lambda.Function.fromFunctionAttributes(...this.place('Fn'), { functionArn: arn, sameEnvironment: true }); }
  key(arn) { return kms.Key.fromKeyArn(...this.place('Key'), arn); }
  certificate(arn) { return acm.Certificate.fromCertificateArn(...this.place('Cert'), arn); }
  oidc(arn) { return iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(...this.place('Oidc'), arn); }
  saml(arn) { return iam.SamlProvider.fromSamlProviderArn(...this.place('Saml'), arn); }
  /** A role at the stack's top level, as `Role.fromRoleArn(stack, id, arn)`: its policy lives at `<stack>/<id>/Policy`. */
  topRole(id, arnOrName) { return this.topPrincipal('role', id, arnOrName); }
  /** A role, user or group imported at the stack's top level, once per id (as a CDK user imports it). */
  topPrincipal(kind, id, arnOrName) {
    const known = this.roles.get(id);
    if (known) {
      if (known[1] !== `${kind}:${arnOrName}`) throw new Error(`There is already a Construct with name '${id}' in Stack`);
      return known[0];
    }
    const arn = arnOrName.startsWith('arn:');
    const made = kind === 'role' ? (arn ? iam.Role.fromRoleArn(this.stack, id, arnOrName) : iam.Role.fromRoleName(this.stack, id, arnOrName))
      : kind === 'user' ? (arn ? iam.User.fromUserArn(this.stack, id, arnOrName) : iam.User.fromUserName(this.stack, id, arnOrName))
        : (arn ? iam.Group.fromGroupArn(this.stack, id, arnOrName) : iam.Group.fromGroupName(this.stack, id, arnOrName));
    this.roles.set(id, [made, `${kind}:${arnOrName}`]);
    return made;
  }
}

const POOL_PROPS = ['account_recovery', 'advanced_security_mode', 'auto_verify', 'custom_attributes',
  'custom_sender_kms_key', 'deletion_protection', 'device_tracking', 'email', 'email_authentication_message',
  'email_authentication_subject', 'enable_sms_role', 'keep_original', 'web_authn_factor_configuration',
  'key_configuration', 'issuer_configuration', 'replicas', 'eums_sms',
  'lambda_triggers', 'mfa', 'mfa_message', 'mfa_second_factor', 'password_policy', 'removal_policy',
  'self_sign_up_enabled', 'sign_in_aliases', 'sign_in_case_sensitive', 'sms_role', 'sms_role_external_id',
  'sns_region', 'standard_attributes', 'user_invitation', 'user_pool_name', 'user_verification'];
const METHODS = ['identity_providers', 'resource_servers', 'clients', 'domains', 'groups', 'grants'];

/** UserPoolProps from the spec's pool props; `null` means "unset" (`undefined`, as the PDK's merge reads it). */
function poolProps(spec, refs, where) {
  const props = {};
  const later = []; // triggers given with a Lambda version: pool.addTrigger(...) once the pool exists
  for (const [key, value] of Object.entries(spec)) {
    const at = `${where}.${key}`;
    if (value === null) { props[camel(key)] = undefined; continue; }
    switch (key) {
      case 'account_recovery': props.accountRecovery = member(cognito.AccountRecovery, value, at); break;
      case 'advanced_security_mode': props.advancedSecurityMode = member(cognito.AdvancedSecurityMode, value, at); break;
      case 'mfa': props.mfa = member(cognito.Mfa, value, at); break;
      case 'removal_policy': props.removalPolicy = member(cdk.RemovalPolicy, value, at); break;
      case 'auto_verify': props.autoVerify = renamed(value, ['email', 'phone'], at); break;
      case 'keep_original': props.keepOriginal = renamed(value, ['email', 'phone'], at); break;
      case 'sign_in_aliases': props.signInAliases = renamed(value, ['username', 'email', 'phone', 'preferred_username'], at); break;
      case 'device_tracking': props.deviceTracking = renamed(value, ['challenge_required_on_new_device', 'device_only_remembered_on_user_prompt'], at); break;
      case 'mfa_second_factor': props.mfaSecondFactor = renamed(value, ['sms', 'otp', 'email'], at); break;
      case 'user_invitation': props.userInvitation = renamed(value, ['email_subject', 'email_body', 'sms_message'], at); break;
      case 'user_verification': {
        const v = renamed(value, ['email_subject', 'email_body', 'email_style', 'sms_message'], at);
        if ('emailStyle' in v) v.emailStyle = member(cognito.VerificationEmailStyle, v.emailStyle, at);
        props.userVerification = v;
        break;
      }
      case 'password_policy': {
        const p = renamed(value, ['min_length', 'require_lowercase', 'require_uppercase', 'require_digits', 'require_symbols',
          'temp_password_validity', 'password_history_size'], at);
        if ('tempPasswordValidity' in p) p.tempPasswordValidity = duration(p.tempPasswordValidity, at);
        props.passwordPolicy = p;
        break;
      }
      case 'standard_attributes': {
        keys(value, Object.keys(STANDARD), at);
        props.standardAttributes = {};
        for (const [name, attr] of Object.entries(value)) props.standardAttributes[STANDARD[name]] = renamed(attr, ['required', 'mutable'], `${at}.${name}`);
        break;
      }
      case 'custom_attributes': {
        props.customAttributes = {};
        for (const [name, attr] of Object.entries(value)) {
          const a = `${at}.${name}`;
          const { type, ...rest } = keys(attr, ['type', 'mutable', 'min_len', 'max_len', 'min', 'max'], a);
          const allowed = { string: ['mutable', 'min_len', 'max_len'], number: ['mutable', 'min', 'max'], boolean: ['mutable'], datetime: ['mutable'] }[type];
          if (!allowed) throw new Rejected(`${a}.type: ${type}`);
          const options = renamed(rest, allowed, a);
          props.customAttributes[name] = new ({ string: cognito.StringAttribute, number: cognito.NumberAttribute,
            boolean: cognito.BooleanAttribute, datetime: cognito.DateTimeAttribute }[type])(options);
        }
        break;
      }
      case 'custom_sender_kms_key': props.customSenderKmsKey = refs.key(value); break;
      case 'sms_role': props.smsRole = refs.role(value); break;
      case 'email': {
        keys(value, ['with_cognito', 'with_ses'], at);
        if (Object.keys(value).length !== 1) throw new Rejected(`${at}: one of with_cognito, with_ses`);
        if ('with_cognito' in value) {
          const c = value.with_cognito === null ? {} : renamed(value.with_cognito, ['reply_to'], at);
          props.email = cognito.UserPoolEmail.withCognito(c.replyTo);
        } else {
          props.email = cognito.UserPoolEmail.withSES(renamed(value.with_ses, ['from_email', 'from_name', 'reply_to',
            'ses_region', 'ses_verified_domain', 'configuration_set_name'], at));
        }
        break;
      }
      case 'lambda_triggers': {
        props.lambdaTriggers = {};
        for (const [operation, given] of Object.entries(value)) {
          const t = typeof given === 'string' ? { function_arn: given } : keys(given, ['function_arn', 'lambda_version', 'add_permission'], `${at}.${operation}`);
          const op = camel(operation);
          const fn = refs.fn(t.function_arn);
          if (operation === 'inbound_federation') { // no UserPoolOperation: the escape hatch and the permission addTrigger would add
            later.push((pool) => {
              pool.node.defaultChild.addPropertyOverride('LambdaConfig.InboundFederation',
                { LambdaArn: fn.functionArn, LambdaVersion: t.lambda_version ?? 'V1_0' });
              fn.addPermission('InboundFederationCognito', { principal: new iam.ServicePrincipal('cognito-idp.amazonaws.com'),
                scope: pool, sourceArn: pool.userPoolArn });
            });
          } else if (t.lambda_version !== undefined || operation === 'pre_token_generation_config') {
            later.push((pool) => pool.addTrigger(member(cognito.UserPoolOperation, operation.toUpperCase(), at), fn,
              t.lambda_version === undefined ? undefined : member(cognito.LambdaVersion, t.lambda_version, at)));
          } else {
            props.lambdaTriggers[op] = fn;
          }
          if (t.add_permission === false) { // an extension: the permission the CDK adds is taken away again
            later.push((pool) => {
              const id = `${op.charAt(0).toUpperCase()}${op.slice(1)}Cognito`;
              const node = pool.node.root.node.findAll().find((c) => c.node.id === id);
              if (!node || !node.node.scope.node.tryRemoveChild(id)) throw new Error(`oracle: no ${id} to remove`);
            });
          }
        }
        break;
      }
      case 'feature_plan': case 'standard_threat_protection_mode': case 'custom_threat_protection_mode':
      case 'passkey_user_verification': {
        if (!CURRENT) throw new Unsupported(at);
        const enumeration = { feature_plan: 'FeaturePlan', standard_threat_protection_mode: 'StandardThreatProtectionMode',
          custom_threat_protection_mode: 'CustomThreatProtectionMode', passkey_user_verification: 'PasskeyUserVerification' }[key];
        props[camel(key)] = member(cognito[enumeration], value, at);
        break;
      }
      case 'sign_in_policy': {
        if (!CURRENT) throw new Unsupported(at);
        const policy = renamed(value, ['allowed_first_auth_factors'], at);
        if (policy.allowedFirstAuthFactors) {
          policy.allowedFirstAuthFactors = renamed(policy.allowedFirstAuthFactors, ['password', 'email_otp', 'sms_otp', 'passkey'], `${at}.allowed_first_auth_factors`);
        }
        props.signInPolicy = policy;
        break;
      }
      case 'email_authentication_message': case 'email_authentication_subject': // no L2 prop: the L1's, as a CDK user sets it
        later.push((pool) => { pool.node.defaultChild[camel(key)] = value; });
        break;
      case 'web_authn_factor_configuration': // no L2 prop: the L1's, as a CDK user sets it (current aws-cdk-lib)
        if (!CURRENT) throw new Unsupported(at);
        later.push((pool) => { pool.node.defaultChild.webAuthnFactorConfiguration = value; });
        break;
      case 'eums_sms': { // no L2 prop: the property override a CDK user adds (current aws-cdk-lib)
        if (!CURRENT) throw new Unsupported(at);
        const override = renamed(value, EUMS_SMS, at, pascal);
        later.push((pool) => { pool.node.defaultChild.addPropertyOverride('SmsConfiguration.EumsSms', override); });
        break;
      }
      case 'replicas': { // no L2: the L1 a CDK user adds in the pool's stack (its Region's settings go elsewhere)
        if (!CURRENT) throw new Unsupported(at);
        const replicas = value.map((r, i) => keys(r, ['region', 'status', 'tags', 'email', 'sms_role',
          'sms_role_external_id', 'sns_region', 'lambda_triggers', 'threat_protection_email', 'log_configurations',
          'web_acl_arn', 'eums_sms', 'custom_sender_kms_key'], `${at}[${i}]`));
        later.push((pool) => {
          for (const r of replicas) {
            const id = 'Replica' + r.region.split('-').map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('');
            new cognito.CfnUserPoolReplica(pool, id, { userPoolId: pool.userPoolId, regionName: r.region,
              userPoolTagsAtCreate: r.tags });
          }
        });
        break;
      }
      case 'key_configuration': case 'issuer_configuration': { // no L2 prop: the L1's (current aws-cdk-lib)
        if (!CURRENT) throw new Unsupported(at);
        const l1 = renamed(value, key === 'key_configuration' ? ['key_type', 'kms_key_arn'] : ['type'], at);
        later.push((pool) => { pool.node.defaultChild[camel(key)] = l1; });
        break;
      }
      case 'passkey_relying_party_id':
        if (!CURRENT) throw new Unsupported(at);
        props.passkeyRelyingPartyId = value; break;
      case 'deletion_protection': case 'enable_sms_role': case 'mfa_message': case 'self_sign_up_enabled':
      case 'sign_in_case_sensitive': case 'sms_role_external_id': case 'sns_region': case 'user_pool_name':
        props[camel(key)] = value; break;
      default:
        throw new Rejected(`${at}: unknown key`);
    }
  }
  return [props, later];
}

function secret(value) { return cdk.SecretValue.unsafePlainText(value); }

/** A ProviderAttribute member by its name (`GOOGLE_EMAIL`), any other string as `ProviderAttribute.other`. */
function providerAttribute(value) {
  const known = /^[A-Z][A-Z0-9_]*$/.test(value) && cognito.ProviderAttribute[value] instanceof cognito.ProviderAttribute;
  return known ? cognito.ProviderAttribute[value] : cognito.ProviderAttribute.other(value);
}

function attributeMapping(mapping, where) {
  const out = {};
  // AttributeMapping has every standard attribute but phoneNumberVerified (aws-cdk-lib 2.163.1 to 2.278.0)
  const allowed = [...Object.keys(STANDARD).filter((k) => k !== 'phone_number_verified'), 'custom'];
  for (const [key, value] of Object.entries(keys(mapping, allowed, where))) {
    if (key === 'custom') {
      out.custom = {};
      for (const [name, attr] of Object.entries(value)) out.custom[name] = providerAttribute(attr);
    } else {
      out[STANDARD[key]] = providerAttribute(value);
    }
  }
  return out;
}

const IDP_KEYS = {
  google: ['client_id', 'client_secret', 'client_secret_value', 'scopes', 'attribute_mapping'],
  facebook: ['client_id', 'client_secret', 'scopes', 'api_version', 'attribute_mapping'],
  amazon: ['client_id', 'client_secret', 'scopes', 'attribute_mapping'],
  apple: ['client_id', 'team_id', 'key_id', 'private_key', 'private_key_value', 'scopes', 'attribute_mapping'],
  oidc: ['client_id', 'client_secret', 'issuer_url', 'name', 'scopes', 'attribute_request_method', 'endpoints', 'identifiers', 'attribute_mapping'],
  saml: ['metadata', 'name', 'identifiers', 'idp_signout', 'encrypted_responses', 'request_signing_algorithm', 'idp_initiated', 'attribute_mapping'],
};
const IDP_CLASSES = {
  google: cognito.UserPoolIdentityProviderGoogle, facebook: cognito.UserPoolIdentityProviderFacebook,
  amazon: cognito.UserPoolIdentityProviderAmazon, apple: cognito.UserPoolIdentityProviderApple,
  oidc: cognito.UserPoolIdentityProviderOidc, saml: cognito.UserPoolIdentityProviderSaml,
};

function identityProvider(pool, item, where) {
  const { id, type, ...rest } = item;
  if (!IDP_KEYS[type]) throw new Rejected(`${where}.type: ${type}`);
  keys(rest, IDP_KEYS[type], where);
  const props = { userPool: pool };
  for (const [key, value] of Object.entries(rest)) {
    const at = `${where}.${key}`;
    switch (key) {
      case 'client_secret_value': case 'private_key_value': props[camel(key)] = secret(value); break;
      case 'attribute_mapping': props.attributeMapping = attributeMapping(value, at); break;
      case 'attribute_request_method': props.attributeRequestMethod = member(cognito.OidcAttributeRequestMethod, value, at); break;
      case 'request_signing_algorithm': props.requestSigningAlgorithm = member(cognito.SigningAlgorithm, value, at); break;
      case 'endpoints': props.endpoints = renamed(value, ['authorization', 'token', 'user_info', 'jwks_uri'], at); break;
      case 'metadata': {
        keys(value, ['url', 'file'], at);
        if (Object.keys(value).length !== 1) throw new Rejected(`${at}: one of url, file`);
        props.metadata = 'url' in value ? cognito.UserPoolIdentityProviderSamlMetadata.url(value.url)
          : cognito.UserPoolIdentityProviderSamlMetadata.file(value.file);
        break;
      }
      default: props[camel(key)] = value;
    }
  }
  return new IDP_CLASSES[type](pool, id, props);
}

function resourceServer(pool, item, where) {
  const { id, ...rest } = keys(item, ['id', 'identifier', 'scopes', 'user_pool_resource_server_name'], where);
  const scopes = (rest.scopes ?? []).map((s, i) => new cognito.ResourceServerScope(renamed(s, ['scope_name', 'scope_description'], `${where}.scopes[${i}]`)));
  const server = pool.addResourceServer(id, { identifier: rest.identifier, userPoolResourceServerName: rest.user_pool_resource_server_name,
    ...(rest.scopes === undefined ? {} : { scopes }) });
  return { server, scopes };
}

const CLIENT_KEYS = ['id', 'auth_flows', 'o_auth', 'generate_secret', 'id_token_validity', 'access_token_validity',
  'refresh_token_validity', 'refresh_token_rotation_grace_period', 'analytics', 'ui_customization', 'terms', 'auth_session_validity', 'prevent_user_existence_errors', 'enable_token_revocation',
  'enable_propagate_additional_user_context_data', 'read_attributes', 'write_attributes',
  'supported_identity_providers', 'user_pool_client_name', 'disable_o_auth', 'output_client_secret', 'risk_configuration', 'managed_login_branding',
  'sso_session'];

function clientAttributes(value, where) {
  keys(value, ['standard_attributes', 'custom_attributes'], where);
  let attributes = new cognito.ClientAttributes();
  if (value.standard_attributes) {
    attributes = attributes.withStandardAttributes(renamed(value.standard_attributes, Object.keys(STANDARD), where, (k) => STANDARD[k]));
  }
  if (value.custom_attributes) attributes = attributes.withCustomAttributes(...value.custom_attributes);
  return attributes;
}

function client(pool, item, state, where) {
  const { id, ...rest } = keys(item, CLIENT_KEYS, where);
  const props = {};
  for (const [key, value] of Object.entries(rest)) {
    const at = `${where}.${key}`;
    switch (key) {
      case 'ui_customization': break; // after the pool's domains (applyMethods)
      case 'risk_configuration': case 'managed_login_branding': break; // L1s beside the client, once it exists
      case 'sso_session': break; // the L1 after the pool's session configuration (applyMethods)
      case 'terms': break; // after the client
      case 'analytics': {
        const a = keys(value, ['application_id', 'external_id', 'role_arn', 'share_user_data'], at);
        props.analytics = { applicationId: a.application_id, externalId: a.external_id,
          role: a.role_arn === undefined ? undefined : state.refs.role(a.role_arn), shareUserData: a.share_user_data };
        break;
      }
      case 'auth_flows': props.authFlows = renamed(value, ['admin_user_password', 'custom', 'user_password', 'user_srp', 'user'], at); break;
      case 'read_attributes': case 'write_attributes': props[camel(key)] = clientAttributes(value, at); break;
      case 'id_token_validity': case 'access_token_validity': case 'refresh_token_validity': case 'auth_session_validity':
      case 'refresh_token_rotation_grace_period':
        props[camel(key)] = duration(value, at); break;
      case 'supported_identity_providers':
        props.supportedIdentityProviders = value.map((p, i) => {
          if (typeof p === 'string') {
            return /^[A-Z]+$/.test(p) && p in cognito.UserPoolClientIdentityProvider ? cognito.UserPoolClientIdentityProvider[p]
              : cognito.UserPoolClientIdentityProvider.custom(p);
          }
          keys(p, ['identity_provider'], `${at}[${i}]`);
          const provider = state.providers.get(p.identity_provider);
          if (!provider) throw new Rejected(`${at}[${i}]: no identity provider ${p.identity_provider}`);
          return cognito.UserPoolClientIdentityProvider.custom(provider.providerName);
        });
        break;
      case 'o_auth': {
        const o = renamed(value, ['flows', 'callback_urls', 'logout_urls', 'default_redirect_uri', 'scopes'], at);
        if (o.flows) o.flows = renamed(o.flows, ['authorization_code_grant', 'implicit_code_grant', 'client_credentials'], `${at}.flows`);
        if (o.scopes) {
          o.scopes = o.scopes.map((s, i) => {
            if (typeof s === 'string') {
              return /^[A-Z_]+$/.test(s) && cognito.OAuthScope[s] instanceof cognito.OAuthScope ? cognito.OAuthScope[s] : cognito.OAuthScope.custom(s);
            }
            keys(s, ['resource_server', 'scope'], `${at}.scopes[${i}]`);
            const known = state.servers.get(s.resource_server);
            if (!known) throw new Rejected(`${at}.scopes[${i}]: no resource server ${s.resource_server}`);
            const scope = known.scopes.find((x) => x.scopeName === s.scope);
            if (!scope) throw new Rejected(`${at}.scopes[${i}]: no scope ${s.scope} on ${s.resource_server}`);
            return cognito.OAuthScope.resourceServer(known.server, scope);
          });
        }
        props.oAuth = o;
        break;
      }
      case 'output_client_secret': // not a prop: a CfnOutput of the L1's ClientSecret (synth)
        if (typeof value !== 'boolean') throw new Rejected(`${at}: not a boolean`);
        break;
      default: props[camel(key)] = value;
    }
  }
  const made = pool.addClient(id, props);
  riskConfiguration(made, pool, made.userPoolClientId, rest.risk_configuration);
  if (rest.managed_login_branding !== undefined) { // the L1 a user adds for managed login's look
    if (!cognito.CfnManagedLoginBranding) throw new Unsupported(`${where}.managed_login_branding`);
    const b = keys(rest.managed_login_branding, ['use_cognito_provided_values', 'settings', 'assets', 'return_merged_resources'],
      `${where}.managed_login_branding`);
    new cognito.CfnManagedLoginBranding(made, 'ManagedLoginBranding', { userPoolId: pool.userPoolId, clientId: made.userPoolClientId,
      useCognitoProvidedValues: b.use_cognito_provided_values, settings: b.settings, returnMergedResources: b.return_merged_resources,
      assets: b.assets?.map((a, i) => {
        keys(a, ['category', 'color_mode', 'extension', 'bytes', 'resource_id'], `${where}.managed_login_branding.assets[${i}]`);
        return { category: a.category, colorMode: a.color_mode, extension: a.extension, bytes: a.bytes, resourceId: a.resource_id };
      }) });
  }
  if (rest.output_client_secret) { // the L1's ClientSecret attribute: synthesized with or without a secret
    state.refs.secretOutputs.push([id, made]);
  }
  for (const [i, t] of (rest.terms ?? []).entries()) { // the L1 a user adds for managed login's links
    keys(t, ['terms_name', 'links', 'terms_source', 'enforcement'], `${where}.terms[${i}]`);
    const termsId = t.terms_name.split('-').map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('');
    new cognito.CfnTerms(made, termsId, { userPoolId: pool.userPoolId, clientId: made.userPoolClientId,
      termsName: t.terms_name, termsSource: t.terms_source ?? 'LINK', enforcement: t.enforcement ?? 'NONE', links: t.links });
  }
  return made;
}

function domain(pool, item, refs, where) {
  const { id, ...rest } = keys(item, ['id', 'cognito_domain', 'custom_domain', 'managed_login_version', 'failover'], where);
  const props = {};
  if (rest.managed_login_version !== undefined) {
    props.managedLoginVersion = { 1: cognito.ManagedLoginVersion.CLASSIC_HOSTED_UI, 2: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN }[rest.managed_login_version];
  }
  if (rest.cognito_domain) props.cognitoDomain = renamed(rest.cognito_domain, ['domain_prefix'], `${where}.cognito_domain`);
  if (rest.custom_domain) {
    keys(rest.custom_domain, ['domain_name', 'certificate_arn', 'security_policy'], `${where}.custom_domain`);
    props.customDomain = { domainName: rest.custom_domain.domain_name, certificate: refs.certificate(rest.custom_domain.certificate_arn) };
  }
  const made = pool.addDomain(id, props);
  if (rest.custom_domain?.security_policy !== undefined) { // no L2 prop: the override a CDK user adds
    made.node.defaultChild.addPropertyOverride('CustomDomainConfig.SecurityPolicy', rest.custom_domain.security_policy);
  }
  if (rest.failover !== undefined) { // no L2 prop: the L1's routing, as a CDK user sets it (current aws-cdk-lib)
    if (!CURRENT) throw new Unsupported(`${where}.failover`);
    const f = keys(rest.failover, ['secondary_region', 'primary_route53_health_check_id'], `${where}.failover`);
    made.node.defaultChild.routing = { failover: { secondaryRegion: f.secondary_region,
      primaryRoute53HealthCheckId: f.primary_route53_health_check_id } };
  }
  return made;
}

/** The pool's methods in the order the spec format applies them. */
function applyMethods(pool, spec, refs, where) {
  const state = { providers: new Map(), servers: new Map(), refs };
  const items = (key) => (spec[key] ?? []).map((item, i) => [item, `${where}.${key}[${i}]`]);
  for (const [item, at] of items('identity_providers')) state.providers.set(item.id, identityProvider(pool, item, at));
  for (const [item, at] of items('resource_servers')) state.servers.set(item.id, resourceServer(pool, item, at));
  const clients = items('clients').map(([item, at]) => [item, client(pool, item, state, at), at]);
  const domains = items('domains').map(([item, at]) => domain(pool, item, refs, at));
  for (const [item, at] of items('groups')) {
    if (!CURRENT) throw new Unsupported(at);
    const { id, role_arn: role, ...rest } = keys(item, ['id', 'group_name', 'description', 'precedence', 'role_arn'], at);
    pool.addGroup(id, { ...renamed(rest, ['group_name', 'description', 'precedence'], at), ...(role === undefined ? {} : { role: refs.role(role) }) });
  }
  // ui_customization: the L1 attachments a user adds for the hosted UI's CSS, after the pool's domains
  const attachments = [];
  if (spec.ui_customization !== undefined) {
    attachments.push([pool, 'ALL', keys(spec.ui_customization, ['css'], `${where}.ui_customization`).css]);
  }
  for (const [item, made, at] of clients) {
    if (item.ui_customization !== undefined) {
      attachments.push([made, made.userPoolClientId, keys(item.ui_customization, ['css'], `${at}.ui_customization`).css]);
    }
  }
  for (const [scope, clientId, css] of attachments) {
    const attachment = new cognito.CfnUserPoolUICustomizationAttachment(scope, 'UICustomizationAttachment',
      { userPoolId: pool.userPoolId, clientId, css });
    for (const d of domains) attachment.node.addDependency(d);
  }
  // session configuration (SPEC 13): the L1s a user adds (aws-cdk-lib 2.278.0), a client's after the pool's
  let sessions;
  if (spec.session_configuration !== undefined) {
    const at = `${where}.session_configuration`;
    if (!cognito.CfnUserPoolSessionConfigurationAttachment) throw new Unsupported(at);
    const s = keys(spec.session_configuration, ['user_session_tracking', 'token_session'], at);
    const t = s.token_session === undefined ? {} : keys(s.token_session, ['max_per_user'], `${at}.token_session`);
    sessions = new cognito.CfnUserPoolSessionConfigurationAttachment(pool, 'SessionConfiguration', { userPoolId: pool.userPoolId,
      userSessionTracking: s.user_session_tracking, tokenSession: { maxPerUser: t.max_per_user ?? 20 } });
  }
  for (const [item, made, at] of clients) {
    if (item.sso_session === undefined) continue;
    if (!cognito.CfnUserPoolClientSessionConfigurationAttachment) throw new Unsupported(`${at}.sso_session`);
    const s = keys(item.sso_session, ['max_validity_minutes'], `${at}.sso_session`);
    const attachment = new cognito.CfnUserPoolClientSessionConfigurationAttachment(made, 'SessionConfiguration', {
      userPoolId: pool.userPoolId, clientId: made.userPoolClientId, ssoSession: { maxValidityMinutes: s.max_validity_minutes } });
    if (sessions) attachment.node.addDependency(sessions);
  }
  for (const [item, at] of items('grants')) {
    keys(item, ['id', 'role_arn', 'role_name', 'user_arn', 'user_name', 'group_arn', 'group_name', 'actions'], at);
    const kind = ['role', 'user', 'group'].find((k) => item[`${k}_arn`] !== undefined || item[`${k}_name`] !== undefined);
    const reference = item[`${kind}_name`] ?? item[`${kind}_arn`];
    pool.grant(refs.topPrincipal(kind, item.id ?? reference.split('/').pop(), reference), ...item.actions);
  }
}

function splitPool(spec) {
  const props = {};
  for (const [key, value] of Object.entries(spec)) {
    if (!METHODS.includes(key) && !['kind', 'id', 'tags', 'web_acl_arn', 'log_configurations', 'ui_customization', 'risk_configuration',
      'session_configuration'].includes(key)) {
      props[key] = value;
    }
  }
  return props;
}

/** web_acl_arn: the L1 association a user adds beside the pool (the CDK has no prop for it). */
function webAcl(pool, arn) {
  if (arn !== undefined) new wafv2.CfnWebACLAssociation(pool, 'WebAclAssociation', { resourceArn: pool.userPoolArn, webAclArn: arn });
}

/** risk_configuration: the L1 attachment a user adds for threat protection's actions (the CDK has no prop for it). */
function riskConfiguration(scope, pool, clientId, value) {
  if (value === undefined) return;
  const camelDeep = (v) => Array.isArray(v) ? v : (v && typeof v === 'object')
    ? Object.fromEntries(Object.entries(v).map(([k, x]) => [camel(k), camelDeep(x)])) : v;
  new cognito.CfnUserPoolRiskConfigurationAttachment(scope, 'RiskConfigurationAttachment',
    { userPoolId: pool.userPoolId, clientId, ...camelDeep(value) });
}

/** log_configurations: the L1 log delivery a user adds beside the pool (the CDK has no prop for it). */
function logDelivery(pool, configurations, where) {
  if (configurations === undefined || configurations.length === 0) return;  // none given: no log delivery
  const destinations = { cloud_watch_logs_configuration: ['cloudWatchLogsConfiguration', 'log_group_arn', 'logGroupArn'],
    s3_configuration: ['s3Configuration', 'bucket_arn', 'bucketArn'], firehose_configuration: ['firehoseConfiguration', 'stream_arn', 'streamArn'] };
  const levels = { userNotification: 'ERROR', userAuthEvents: 'INFO' };
  new cognito.CfnLogDeliveryConfiguration(pool, 'LogDeliveryConfiguration', { userPoolId: pool.userPoolId,
    logConfigurations: configurations.map((c, i) => {
      keys(c, ['event_source', 'log_level', ...Object.keys(destinations)], `${where}[${i}]`);
      if (Object.keys(destinations).filter((k) => k in c).length !== 1) throw new Rejected(`${where}[${i}]: one destination`);
      const out = { eventSource: c.event_source, logLevel: c.log_level ?? levels[c.event_source] };
      for (const [key, [prop, arnKey, arnProp]] of Object.entries(destinations)) {
        if (c[key] !== undefined) out[prop] = { [arnProp]: keys(c[key], [arnKey], `${where}[${i}].${key}`)[arnKey] };
      }
      return out;
    }) });
}

/** Tags.of(scope).add(key, value) for each of the spec's tags, in the order written. */
function tag(scope, tags, where) {
  if (tags === undefined) return;
  for (const [key, value] of Object.entries(keys(tags, Object.keys(tags), where))) cdk.Tags.of(scope).add(key, value);
}

function buildPool(scope, id, kind, spec, refs, where) {
  const [props, later] = poolProps(splitPool(spec), refs, where);
  const Pool = kind === 'UserPool' ? cognito.UserPool : pdk.UserPoolWithMfa;
  const pool = new Pool(scope, id, props);
  for (const step of later) step(pool);
  applyMethods(pool, spec, refs, where);
  tag(pool, spec.tags, `${where}.tags`);
  webAcl(pool, spec.web_acl_arn);
  riskConfiguration(pool, pool, 'ALL', spec.risk_configuration);
  logDelivery(pool, spec.log_configurations, `${where}.log_configurations`);
  return pool;
}

function statement(s, where) {
  keys(s, ['effect', 'actions', 'resources', 'conditions'], where);
  return new iam.PolicyStatement({ effect: s.effect === undefined ? undefined : member(iam.Effect, s.effect.toUpperCase(), where),
    actions: s.actions, resources: s.resources, conditions: s.conditions });
}

function identityPoolOptions(options, pool, refs, where) {
  const out = {};
  for (const [key, value] of Object.entries(keys(options, ['identity_pool_name', 'allow_unauthenticated_identities',
    'allow_classic_flow', 'authenticated_role', 'unauthenticated_role', 'authentication_providers', 'role_mappings', 'role_policies',
    'tags', 'principal_tags'], where))) {
    const at = `${where}.${key}`;
    switch (key) {
      case 'role_policies': case 'tags': case 'principal_tags': break; // principal_tags: L1s beside it (userIdentity)
      case 'authenticated_role': case 'unauthenticated_role': out[camel(key)] = value; break; // made in userIdentity
      case 'authentication_providers': {
        const p = keys(value, ['amazon', 'facebook', 'google', 'apple', 'twitter', 'open_id_connect_providers', 'saml_providers', 'custom_provider', 'user_pools'], at);
        const providers = {};
        if (p.user_pools) {
          providers.userPools = p.user_pools.map((u, i) => {
            keys(u, ['id', 'user_pool_id', 'user_pool_arn', 'user_pool_client_id', 'disable_server_side_token_check'], `${at}.user_pools[${i}]`);
            if (u.user_pool_client_id === undefined) {  // the provider adds a client to the pool, imported at the top
              const poolId = u.user_pool_id ?? u.user_pool_arn.split('/').slice(1).join('/');
              const userPool = u.user_pool_arn !== undefined ? cognito.UserPool.fromUserPoolArn(refs.stack, u.id ?? poolId, u.user_pool_arn)
                : cognito.UserPool.fromUserPoolId(refs.stack, u.id ?? poolId, u.user_pool_id);
              return new idp.UserPoolAuthenticationProvider({ userPool, disableServerSideTokenCheck: u.disable_server_side_token_check });
            }
            if (u.id !== undefined) throw new Rejected(`${at}.user_pools[${i}].id: only without user_pool_client_id`);
            const userPool = u.user_pool_arn !== undefined ? cognito.UserPool.fromUserPoolArn(...refs.place('UserPool'), u.user_pool_arn)
              : cognito.UserPool.fromUserPoolId(...refs.place('UserPool'), u.user_pool_id);
            const userPoolClient = cognito.UserPoolClient.fromUserPoolClientId(...refs.place('Client'), u.user_pool_client_id);
            return new idp.UserPoolAuthenticationProvider({ userPool, userPoolClient, disableServerSideTokenCheck: u.disable_server_side_token_check });
          });
        }
        if (p.amazon) providers.amazon = renamed(p.amazon, ['app_id'], `${at}.amazon`);
        if (p.facebook) providers.facebook = renamed(p.facebook, ['app_id'], `${at}.facebook`);
        if (p.google) providers.google = renamed(p.google, ['client_id'], `${at}.google`);
        if (p.apple) providers.apple = renamed(p.apple, ['services_id'], `${at}.apple`);
        if (p.twitter) providers.twitter = renamed(p.twitter, ['consumer_key', 'consumer_secret'], `${at}.twitter`);
        if (p.open_id_connect_providers) providers.openIdConnectProviders = p.open_id_connect_providers.map((arn) => refs.oidc(arn));
        if (p.saml_providers) providers.samlProviders = p.saml_providers.map((arn) => refs.saml(arn));
        if (p.custom_provider !== undefined) providers.customProvider = p.custom_provider;
        out.authenticationProviders = providers;
        break;
      }
      case 'role_mappings':
        out.roleMappings = value.map((m, i) => {
          const a = `${at}[${i}]`;
          keys(m, ['provider_url', 'mapping_key', 'use_token', 'resolve_ambiguous_roles', 'rules'], a);
          let url;
          if (typeof m.provider_url === 'string') url = member(idp.IdentityPoolProviderUrl, m.provider_url, a);
          else {
            const [kind, target] = Object.entries(keys(m.provider_url, ['user_pool_client', 'oidc', 'saml', 'custom'], a))[0];
            if (kind === 'user_pool_client') {
              // The spec format lets a mapping name the WebClient that UserIdentity adds after its identity
              // pool; add it first, with the props UserIdentity gives it (UserIdentity then reuses it).
              const c = pool.node.tryFindChild(target) ?? (target === 'WebClient'
                ? pool.addClient('WebClient', { authFlows: { userPassword: true, userSrp: true } }) : undefined);
              if (!(c instanceof cognito.UserPoolClient)) throw new Rejected(`${a}: no client ${target}`);
              url = idp.IdentityPoolProviderUrl.userPool(pool, c);
            } else url = idp.IdentityPoolProviderUrl[{ oidc: 'openId', saml: 'saml', custom: 'custom' }[kind]](target);
          }
          const mapping = { providerUrl: url, mappingKey: m.mapping_key, useToken: m.use_token, resolveAmbiguousRoles: m.resolve_ambiguous_roles };
          if (m.rules) {
            mapping.rules = m.rules.map((r, j) => {
              keys(r, ['claim', 'claim_value', 'mapped_role', 'match_type'], `${a}.rules[${j}]`);
              return { claim: r.claim, claimValue: r.claim_value, mappedRole: refs.role(r.mapped_role),
                matchType: r.match_type === undefined ? undefined : member(idp.RoleMappingMatchType, r.match_type, a) };
            });
          }
          return mapping;
        });
        break;
      default: out[camel(key)] = value;
    }
  }
  return out;
}

/** Form 2: the inner UserPoolWithMfa of a UserIdentity, with the spec's props merged over its own. */
function withInnerPool(spec, refs, build) {
  const Original = pdkPoolModule.UserPoolWithMfa;
  class Inner extends Original {
    constructor(scope, id, props) {
      const [given, later] = poolProps(splitPool(spec), refs, 'user_pool');
      super(scope, id, { ...(props ?? {}), ...given });
      for (const step of later) step(this);
      applyMethods(this, spec, refs, 'user_pool');
      tag(this, spec.tags, 'user_pool.tags');
      webAcl(this, spec.web_acl_arn);
      riskConfiguration(this, this, 'ALL', spec.risk_configuration);
      logDelivery(this, spec.log_configurations, 'user_pool.log_configurations');
    }
  }
  pdkPoolModule.UserPoolWithMfa = Inner;
  try { return build(); } finally { pdkPoolModule.UserPoolWithMfa = Original; }
}

function userIdentity(stack, spec, refs) {
  keys(spec, ['kind', 'id', '$schema', 'stack_name', 'description', 'pdk_legacy_defaults', 'allow_signup',
    'identity_pool_options', 'role_policies', 'user_pool', 'acknowledge', 'tags'], 'spec');
  const id = spec.id ?? 'Identity';
  const userPool = spec.user_pool;
  const options = spec.identity_pool_options ?? {};
  const rolePolicies = spec.role_policies ?? options.role_policies ?? {};
  const props = { allowSignup: spec.allow_signup };
  let pool;
  if (userPool && ('user_pool_id' in userPool || 'user_pool_arn' in userPool)) {
    const poolId = userPool.id ?? 'UserPool';
    pool = 'user_pool_arn' in userPool ? cognito.UserPool.fromUserPoolArn(stack, poolId, userPool.user_pool_arn)
      : cognito.UserPool.fromUserPoolId(stack, poolId, userPool.user_pool_id);
    const rest = { ...userPool };
    delete rest.user_pool_id; delete rest.user_pool_arn; delete rest.id;
    // the L1 attachments a CDK user adds under a pool made elsewhere, as beside one of its own
    keys(rest, [...METHODS, 'web_acl_arn', 'log_configurations', 'ui_customization', 'risk_configuration',
      'session_configuration'], 'user_pool');
    applyMethods(pool, rest, refs, 'user_pool');
    webAcl(pool, rest.web_acl_arn);
    riskConfiguration(pool, pool, 'ALL', rest.risk_configuration);
    logDelivery(pool, rest.log_configurations, 'user_pool.log_configurations');
    props.userPool = pool;
  } else if (userPool && 'kind' in userPool) {
    if (!['UserPoolWithMfa', 'UserPool'].includes(userPool.kind)) throw new Rejected(`user_pool.kind: ${userPool.kind}`);
    pool = buildPool(stack, userPool.id ?? 'UserPool', userPool.kind, userPool, refs, 'user_pool');
    props.userPool = pool;
  }
  const roles = {};
  for (const which of ['authenticated', 'unauthenticated']) {
    const given = options[`${which}_role`];
    if (given === undefined) continue;
    const [arn, roleId] = typeof given === 'string' ? [given, undefined]
      : [keys(given, ['role_arn', 'id'], `identity_pool_options.${which}_role`).role_arn, given.id];
    roles[`${which}Role`] = (rolePolicies[which] ?? []).length ? refs.topRole(roleId ?? arn.split('/').pop(), arn)
      : refs.role(arn);
  }
  const innerPool = () => stack.node.findChild(id).node.findChild('UserPool');
  const build = () => new pdk.UserIdentity(stack, id, { ...props,
    identityPoolOptions: Object.assign(lazyOptions(options, refs, () => pool), roles) });
  let identity;
  if (!userPool) {
    identity = new pdk.UserIdentity(stack, id, { ...props, identityPoolOptions: Object.assign(lazyOptions(options, refs, innerPool), roles) });
  } else if (!('kind' in userPool) && !('user_pool_id' in userPool) && !('user_pool_arn' in userPool)) {
    if (userPool.id !== undefined) throw new Rejected('user_pool.id: only with kind');
    if (spec.allow_signup !== undefined && userPool.self_sign_up_enabled !== undefined
        && Boolean(spec.allow_signup) !== Boolean(userPool.self_sign_up_enabled)) {
      throw new Rejected('user_pool.self_sign_up_enabled: contradicts allow_signup');
    }
    identity = withInnerPool(userPool, refs, () => {
      // role mappings may name a client of the inner pool: resolve them once the pool exists
      const Original = pdk.UserIdentity;
      return new Original(stack, id, { ...props, identityPoolOptions: Object.assign(lazyOptions(options, refs, innerPool), roles) });
    });
  } else {
    identity = build();
  }
  for (const which of ['authenticated', 'unauthenticated']) {
    for (const [i, s] of (rolePolicies[which] ?? []).entries()) {
      identity.identityPool[`${which}Role`].addToPrincipalPolicy(statement(s, `role_policies.${which}[${i}]`));
    }
  }
  if ((options.principal_tags ?? []).length) { // Cognito tags the session: the default roles must allow sts:TagSession
    for (const which of ['authenticated', 'unauthenticated']) {
      if (options[`${which}_role`] !== undefined) continue;
      const role = identity.identityPool[`${which}Role`];
      role.assumeRolePolicy.addStatements(new iam.PolicyStatement({ actions: ['sts:TagSession'],
        principals: [new iam.FederatedPrincipal('cognito-identity.amazonaws.com', {
          StringEquals: { 'cognito-identity.amazonaws.com:aud': identity.identityPool.identityPoolId },
          'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': which } })] }));
    }
  }
  for (const [i, t] of (options.principal_tags ?? []).entries()) { // the L1 a user adds for attributes for access control
    keys(t, ['identity_provider_name', 'principal_tags', 'use_defaults'], `identity_pool_options.principal_tags[${i}]`);
    new cognito.CfnIdentityPoolPrincipalTag(identity.identityPool, `PrincipalTags${i ? i + 1 : ''}`, {
      identityPoolId: identity.identityPool.identityPoolId,
      identityProviderName: t.identity_provider_name ?? identity.userPool.userPoolProviderName,
      principalTags: t.principal_tags, useDefaults: t.use_defaults ?? (t.principal_tags === undefined ? true : undefined) });
  }
  tag(stack, spec.tags, 'tags');
  tag(identity.identityPool, options.tags, 'identity_pool_options.tags');
  return identity;
}

/** identity_pool_options, with role mappings read once the UserIdentity has made its pool and web client
 * (a mapping may name the WebClient it adds, or the client of a pool made inside it). */
function lazyOptions(options, refs, getPool) {
  const needsPool = (options.role_mappings ?? []).some((m) => m.provider_url && typeof m.provider_url === 'object' && 'user_pool_client' in m.provider_url);
  if (!needsPool) return identityPoolOptions(options, undefined, refs, 'identity_pool_options');
  const out = identityPoolOptions({ ...options, role_mappings: [] }, undefined, refs, 'identity_pool_options');
  let cached;
  Object.defineProperty(out, 'roleMappings', { enumerable: true, get() {
    cached = cached ?? identityPoolOptions({ role_mappings: options.role_mappings }, getPool(), refs, 'identity_pool_options').roleMappings;
    return cached;
  } });
  return out;
}

function synth(spec, stackName) {
  const legacy = spec.pdk_legacy_defaults === true ? { '@aws/identity:useLegacyMFAProps': true } : {};
  if (![undefined, true, false].includes(spec.pdk_legacy_defaults)) throw new Rejected('pdk_legacy_defaults: not a boolean');
  const app = new cdk.App({ analyticsReporting: false, context: { 'aws:cdk:version-reporting': false, ...legacy } });
  const stack = new cdk.Stack(app, stackName, { description: spec.description,
    synthesizer: new cdk.DefaultStackSynthesizer({ generateBootstrapVersionRule: false }) });
  const refs = new References(stack);
  let root;
  if (spec.kind === 'UserIdentity') {
    root = userIdentity(stack, spec, refs);
  } else if (spec.kind === 'UserPoolWithMfa') {
    const rest = { ...spec };
    for (const key of ['$schema', 'stack_name', 'description', 'acknowledge', 'pdk_legacy_defaults']) delete rest[key];
    root = buildPool(stack, spec.id ?? 'UserPool', 'UserPoolWithMfa', rest, refs, 'spec');
  } else {
    throw new Rejected(`kind: ${spec.kind}`);
  }
  for (const [clientId, made] of refs.secretOutputs) { // as a user writes it: the L1's ClientSecret attribute
    new cdk.CfnOutput(root, `${root.node.id}-${clientId}ClientSecret`, {
      value: made.node.defaultChild.attrClientSecret, description: `Secret of the user pool client ${clientId}` });
  }
  return app.synth().getStackByName(stackName).template;
}

const sortKeys = (v) => Array.isArray(v) ? v.map(sortKeys)
  : (v && typeof v === 'object') ? Object.keys(v).sort().reduce((o, k) => (o[k] = sortKeys(v[k]), o), {}) : v;

const lines = readline.createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (!line.trim()) return;
  const { spec, stack } = JSON.parse(line);
  let result;
  try {
    result = { template: sortKeys(synth(spec, stack)) };
  } catch (error) {
    if (error instanceof Unsupported) result = { unsupported: error.message };
    else if (error instanceof Rejected) result = { error: `not expressible: ${error.message}` };
    else result = { error: String(error && error.message || error).split('\n')[0] };
  }
  process.stdout.write(JSON.stringify(result) + '\n');
});
