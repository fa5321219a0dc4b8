"""``deploy``: a spec's stacks fed to CloudFormation in order, guarded, with progress (SPEC 14).

Built on boto3's CloudFormation API and nothing home-made beneath it: a change set per stack (CREATE for a stack
that does not exist, UPDATE for one that does), executed, its events followed. The order is the primary stack,
then each replica's Region with the pool id from the primary's outputs as ``UserPoolId``. Before anything
changes, the replacement guard (``diffing``, SPEC 9) compares every stack's template with the one deployed now
(``get-template``), and each change set's own ``Replacement`` answers are read: a user pool replaced or an update
Cognito refuses stops the run unless it is allowed. ``--plan`` stops after the change sets, prints them and
removes them (and a stack that only a CREATE change set made), so nothing is left behind.

What it prints names each resource by its logical id (and its construct path when the template records one),
one event a line, with the time since the stack's execution began; never a parameter's value or an output's.
"""

from __future__ import annotations

import json
import re
import time
from typing import Any, Callable, NamedTuple

from .diffing import REPLICA, diff_templates, replica_status

CHANGE_SET_PREFIX = "identity-compiler-"
NO_CHANGES = ("didn't contain changes", "No updates are to be performed")
_DONE = ("_COMPLETE", "_FAILED")
_REGION = re.compile(r"[a-z]{2,4}(?:-[a-z]+)+-[0-9]{1,2}")


class DeployError(Exception):
    """No credentials, no Region, an endpoint that does not answer, a stack CloudFormation cannot update: usage."""


class DeployFailed(Exception):
    """A stack that CloudFormation could not deploy (it rolled back): the run's error."""


class Stack(NamedTuple):
    name: str
    region: str
    template: dict
    label: str  # "primary" or "replica in <Region>"
    replica: bool = False


class Planned(NamedTuple):
    stack: Stack
    change_set: str | None  # None: nothing to deploy
    created: bool  # the change set is a CREATE one (the stack did not exist)
    changes: list[dict]


def replica_stack(stack_name: str, region: str, template: dict) -> Stack:
    """The stack of a replica's Region: ``<stack>-<region>`` (as the README's commands)."""
    return Stack(f"{stack_name}-{region}", region, template, f"replica in {region}", True)


def stacks_of(template: dict, regional: dict[str, dict], stack_name: str, region: str) -> list[Stack]:
    """The primary stack, then one stack per replica Region."""
    return [Stack(stack_name, region, template, "primary")] + [
        replica_stack(stack_name, replica, regional[replica]) for replica in sorted(regional)]


class Deployer:
    """One run's CloudFormation clients (one a Region) and what it prints."""

    def __init__(self, endpoint_url: str | None, say: Callable[[str], None], *, poll: float = 2.0,
                 waiting: Callable[[str], None] | None = None):
        self.endpoint_url = endpoint_url
        self.say = say
        self.waiting = waiting  # a terminal's live status line (None in a CI log)
        self.poll = poll
        self._clients: dict[str, Any] = {}
        self._session = None
        self.why: dict[str, str] = {}  # stack name → why it failed, when CloudFormation said so at once

    # -- connection --------------------------------------------------------------------------------------------
    def session(self):
        if self._session is None:
            import boto3

            self._session = boto3.Session()
            if self._session.get_credentials() is None:
                raise DeployError("no AWS credentials (set AWS_PROFILE, or AWS_ACCESS_KEY_ID and "
                                  "AWS_SECRET_ACCESS_KEY, as for the AWS CLI)")
        return self._session

    def default_region(self) -> str | None:
        return self.session().region_name

    def client(self, region: str):
        if not _REGION.fullmatch(region):
            raise DeployError(f"{region!r} is not a Region name (such as us-east-1)")
        if region not in self._clients:
            from botocore.config import Config

            session = self.session()
            known = {name for partition in session.get_available_partitions()
                     for name in session.get_available_regions("cloudformation", partition)}
            if region not in known and self.endpoint_url is None:
                raise DeployError(f"{region!r} is not a Region CloudFormation is in")
            self._clients[region] = session.client(
                "cloudformation", region_name=region, endpoint_url=self.endpoint_url,
                config=Config(retries={"max_attempts": 3, "mode": "standard"}, connect_timeout=10, read_timeout=60))
        return self._clients[region]

    def call(self, stack: Stack, method: str, **kwargs) -> dict:
        """A CloudFormation call; an endpoint that does not answer or refuses the credentials is a DeployError."""
        from botocore.exceptions import (BotoCoreError, ClientError, EndpointConnectionError, NoCredentialsError,
                                         NoRegionError)
        from botocore.parsers import ResponseParserError

        try:
            return getattr(self.client(stack.region), method)(**kwargs)
        except (EndpointConnectionError, NoCredentialsError, NoRegionError) as exc:
            raise DeployError(f"{stack.name} ({stack.region}): {' '.join(str(exc).split())}") from None
        except ResponseParserError:
            raise DeployError(f"{stack.name} ({stack.region}): the endpoint did not answer as CloudFormation does "
                              "(not an AWS response)") from None
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            if code in ("InvalidClientTokenId", "UnrecognizedClientException", "SignatureDoesNotMatch",
                        "ExpiredToken", "AccessDenied", "AccessDeniedException"):
                raise DeployError(f"{stack.name} ({stack.region}): AWS refused the credentials: "
                                  f"{exc.response['Error'].get('Message', code)}") from None
            raise
        except BotoCoreError as exc:
            raise DeployError(f"{stack.name} ({stack.region}): {' '.join(str(exc).split())}") from None

    # -- reading -----------------------------------------------------------------------------------------------
    def status(self, stack: Stack) -> str | None:
        """The stack's status, or None when it does not exist."""
        from botocore.exceptions import ClientError

        try:
            found = self.call(stack, "describe_stacks", StackName=stack.name)["Stacks"]
        except ClientError as exc:
            if "does not exist" in exc.response.get("Error", {}).get("Message", ""):
                return None
            raise
        return found[0]["StackStatus"] if found else None

    def deployed_template(self, stack: Stack) -> dict | None:
        """The template running now (``get-template``, as written), or None for a stack that does not exist."""
        from ..source.templates import template_document

        body = self.call(stack, "get_template", StackName=stack.name, TemplateStage="Original")["TemplateBody"]
        if isinstance(body, dict):
            return body
        return template_document(body.encode("utf-8"), f"{stack.name} (deployed)")

    def output(self, stack: Stack, key: str) -> str | None:
        """The value of the stack's output ``key`` (its logical id in the template)."""
        stacks = self.call(stack, "describe_stacks", StackName=stack.name)["Stacks"]
        for found in stacks[0].get("Outputs", []) if stacks else []:
            if found.get("OutputKey") == key:
                return found.get("OutputValue")
        return None

    # -- the guard ---------------------------------------------------------------------------------------------
    def guard(self, stack: Stack, status: str | None) -> list:
        """Every replacement and refused update against the template deployed now (``Change.blocking`` says which
        would lose a user pool or be refused; the others are reported in the plan)."""
        if status is None or status == "ROLLBACK_COMPLETE" or status == "REVIEW_IN_PROGRESS":
            return []
        deployed = self.deployed_template(stack)
        inactive = () if stack.replica else self.inactive_replicas(stack, deployed)
        return [change for change in diff_templates(deployed, stack.template, inactive) if change.danger]

    def inactive_replicas(self, stack: Stack, deployed: dict) -> set[str]:
        """The Regions of the primary's deployed replicas whose Region's stack deploys them INACTIVE now: the
        only replicas Cognito deletes."""
        regions = {(resource.get("Properties") or {}).get("RegionName")
                   for resource in (deployed.get("Resources") or {}).values() if resource.get("Type") == REPLICA}
        inactive = set()
        for region in sorted(r for r in regions if isinstance(r, str)):
            stack_there = replica_stack(stack.name, region, {})
            if self.status(stack_there) is not None and \
                    replica_status(self.deployed_template(stack_there) or {}) == "INACTIVE":
                inactive.add(region)
        return inactive

    # -- change sets -------------------------------------------------------------------------------------------
    def change_set(self, stack: Stack, status: str | None, parameters: dict[str, str]) -> Planned:
        """A change set for the stack (CREATE or UPDATE), waited for; ``change_set`` None when nothing changes."""
        from botocore.exceptions import ClientError

        created = status is None or status in ("REVIEW_IN_PROGRESS",)
        name = f"{CHANGE_SET_PREFIX}{time.strftime('%Y%m%d%H%M%S')}-{int(time.time() * 1000) % 1000:03d}"
        try:
            self.call(stack, "create_change_set", StackName=stack.name, ChangeSetName=name,
                      ChangeSetType="CREATE" if created else "UPDATE",
                      TemplateBody=json.dumps(stack.template, sort_keys=True),
                      Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in sorted(parameters.items())],
                      Capabilities=["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"],
                      Description="identity-compiler deploy")
        except ClientError as exc:
            message = exc.response.get("Error", {}).get("Message", str(exc))
            if any(text in message for text in NO_CHANGES):
                return Planned(stack, None, created, [])
            raise DeployFailed(f"CloudFormation refused the change set: {' '.join(message.split())}") from None
        while True:
            found = self.call(stack, "describe_change_set", StackName=stack.name, ChangeSetName=name)
            if found["Status"] in ("CREATE_COMPLETE", "FAILED"):
                break
            time.sleep(self.poll)
        changes = list(found.get("Changes", []))
        token = found.get("NextToken")
        while token:
            more = self.call(stack, "describe_change_set", StackName=stack.name, ChangeSetName=name, NextToken=token)
            changes += more.get("Changes", [])
            token = more.get("NextToken")
        if found["Status"] == "FAILED":
            reason = found.get("StatusReason", "")
            self.remove(stack, name, created and not changes)
            if any(text in reason for text in NO_CHANGES):
                return Planned(stack, None, created, [])
            raise DeployFailed(f"the change set failed: {' '.join(reason.split())}")
        return Planned(stack, name, created, changes)  # no resource changes: the template's other parts change

    def remove(self, stack: Stack, name: str, created: bool) -> None:
        """Delete a change set; and the stack a CREATE change set made (REVIEW_IN_PROGRESS, holding nothing)."""
        from botocore.exceptions import ClientError

        try:
            self.call(stack, "delete_change_set", StackName=stack.name, ChangeSetName=name)
        except ClientError:
            pass
        if created and self.status(stack) == "REVIEW_IN_PROGRESS":
            self.call(stack, "delete_stack", StackName=stack.name)

    # -- executing ---------------------------------------------------------------------------------------------
    def execute(self, planned: Planned, paths: dict[str, str]) -> str:
        """Execute a change set and follow the stack's events to the end; the final status."""
        from botocore.exceptions import ClientError
        from botocore.parsers import ResponseParserError

        stack = planned.stack
        seen = {event["EventId"] for event in self._events(stack)}
        try:
            self.client(stack.region).execute_change_set(StackName=stack.name, ChangeSetName=planned.change_set)
        except (ClientError, ResponseParserError) as exc:  # refused at once (an emulator fails a resource here)
            raise DeployFailed(f"executing the change set failed: {_reason(exc)}") from None
        started = time.monotonic()
        while True:
            status = self.status(stack) or "DELETE_COMPLETE"
            fresh = [event for event in reversed(self._events(stack)) if event["EventId"] not in seen]
            for event in fresh:
                seen.add(event["EventId"])
                self.say(event_line(stack, event, time.monotonic() - started, paths))
            if status.endswith(_DONE) and not status.endswith("IN_PROGRESS"):
                return status
            if status == "REVIEW_IN_PROGRESS" and time.monotonic() - started > max(10 * self.poll, 30):
                raise DeployFailed("CloudFormation did not start the change set (the stack stays REVIEW_IN_PROGRESS)")
            if self.waiting is not None:
                self.waiting(f"{stack.name} ({stack.region}): {status}, {time.monotonic() - started:.0f}s")
            time.sleep(self.poll)

    def _events(self, stack: Stack) -> list[dict]:
        return self.call(stack, "describe_stack_events", StackName=stack.name).get("StackEvents", [])

    def failure(self, stack: Stack) -> str:
        """The first resource that failed in the stack's latest operation, and why."""
        events = list(reversed(self._events(stack)))
        for event in events:
            if event.get("ResourceStatus", "").endswith("_FAILED") and event.get("LogicalResourceId") != stack.name:
                return f"{event['LogicalResourceId']} ({event.get('ResourceType', '')}): " \
                       f"{event.get('ResourceStatusReason', 'no reason given')}"
        for event in events:
            if event.get("ResourceStatusReason") and "FAILED" in event.get("ResourceStatus", "") + \
                    event.get("ResourceStatusReason", ""):
                return f"{event['LogicalResourceId']}: {event['ResourceStatusReason']}"
        return "no resource reported why"


def _reason(exc: Exception) -> str:
    """What an AWS error says, from an AWS error answer or from a JSON body botocore could not parse."""
    from botocore.exceptions import ClientError

    if isinstance(exc, ClientError):
        return exc.response.get("Error", {}).get("Message") or str(exc)
    text = str(exc)
    start = text.find("b'{")
    if start >= 0:
        try:
            body = json.loads(text[start + 2:].rsplit("'", 1)[0])
            return str(body.get("message") or body.get("Message") or body)
        except ValueError:
            pass
    return " ".join(text.split())


def construct_paths(template: dict, sources: dict[str, tuple] | None = None) -> dict[str, str]:
    """Logical id → where it comes from: the spec key that made it (``sources``), else the construct path the
    template records (``aws:cdk:path`` metadata)."""
    from ..diagnostics import format_path

    out = {logical_id: format_path(path) for logical_id, path in (sources or {}).items() if path}
    for logical_id, resource in (template.get("Resources") or {}).items():
        path = ((resource or {}).get("Metadata") or {}).get("aws:cdk:path") if isinstance(resource, dict) else None
        if isinstance(path, str):
            out.setdefault(logical_id, path)
    return out


def event_line(stack: Stack, event: dict, elapsed: float, paths: dict[str, str]) -> str:
    logical_id = event.get("LogicalResourceId", "")
    where = f" [{paths[logical_id]}]" if logical_id in paths else ""
    reason = event.get("ResourceStatusReason")
    return (f"{stack.name} ({stack.region}) +{elapsed:.1f}s  {logical_id}{where}  {event.get('ResourceType', '')}  "
            f"{event.get('ResourceStatus', '')}" + (f"  {reason}" if reason else ""))


def plan_rows(planned: Planned, guarded: list) -> list[tuple[str, str, str, str]]:
    """The change set as a table: resource, action, replacement, why. The replacement guard's findings fill in
    what the change set leaves out (a create-only property's replacement, why it matters)."""
    why, replaced = {}, set()
    for change in guarded:
        why.setdefault(change.logical_id, f"{change.property + ': ' if change.property else ''}{change.detail}")
        if change.danger in (1, 2):
            replaced.add(change.logical_id)
    rows = []
    for change in planned.changes:
        resource = change.get("ResourceChange", {})
        logical_id = resource.get("LogicalResourceId", "")
        details = [d.get("Target", {}).get("Name") for d in resource.get("Details", []) if d.get("Target")]
        reason = why.get(logical_id) or (", ".join(sorted({d for d in details if d})) if details else "")
        replacement = resource.get("Replacement") or ("True" if logical_id in replaced else "-")
        rows.append((f"{logical_id} ({resource.get('ResourceType', '')})", resource.get("Action", ""), replacement,
                     reason))
    return rows


def pool_id_output(template: dict) -> str | None:
    """The logical id of the template's output that is the user pool's id (``Ref`` of its user pool)."""
    pools = {lid for lid, resource in (template.get("Resources") or {}).items()
             if isinstance(resource, dict) and resource.get("Type") == "AWS::Cognito::UserPool"}
    return next((key for key, output in sorted((template.get("Outputs") or {}).items())
                 if isinstance(output, dict) and isinstance(output.get("Value"), dict)
                 and output["Value"].get("Ref") in pools), None)


def replaced_pools(planned: Planned) -> list[str]:
    """User pools the change set itself says it replaces."""
    return [change["ResourceChange"]["LogicalResourceId"] for change in planned.changes
            if change.get("ResourceChange", {}).get("ResourceType") == "AWS::Cognito::UserPool"
            and change["ResourceChange"].get("Replacement") in ("True", "Conditional")]
