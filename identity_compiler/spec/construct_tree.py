"""The construct tree: what the CDK would build, reduced to paths, resources and dependencies.

Builders add constructs at the same paths the PDK and CDK use, attach CloudFormation resources to
them, and declare construct-level dependencies. Logical ids come from the paths (naming.py), and
``DependsOn`` is rendered the way the CDK renders it: every resource under the dependent construct
depends on every resource under the target, ordered by construct path.
"""

from __future__ import annotations

from typing import Any, Iterator

from . import naming


class ConstructCollision(Exception):
    """Two constructs with one id under one parent, or two resources with one logical id: the CDK's
    "There is already a Construct with name ..." and "Section 'Resources' already contains ..." at synth."""

    def __init__(self, message: str, source: tuple | None = None):
        super().__init__(message)
        self.source = source


class TooManyResources(Exception):
    """More resources than CloudFormation takes in one stack; ``source`` is the spec key that adds the first too many."""

    def __init__(self, count: int, limit: int, source: tuple):
        super().__init__(f"this adds resource {limit + 1} of the template's {count}; CloudFormation allows {limit} in "
                         "one stack: split the spec (e.g. its clients) over several stacks")
        self.source = source


class Construct:
    """A node of the construct tree (the stack is the root)."""

    def __init__(self, node_id: str, parent: "Construct | None" = None):
        self.id = node_id
        self.parent = parent
        self.children: list[Construct] = []
        self.resource: Any = None  # a troposphere resource, for CloudFormation-level nodes
        self.dependencies: list[Construct] = []
        self.source: tuple | None = None  # the spec's key path this construct comes from, where it has its own
        self._child_ids: set[str] = set()
        if parent is not None:
            if node_id in parent._child_ids:
                raise ConstructCollision(f"there is already a construct with id '{node_id}' in "
                                         f"{parent.path or 'the stack'}; give it another id")
            parent._child_ids.add(node_id)
            parent.children.append(self)

    def child(self, node_id: str) -> "Construct":
        return Construct(node_id, self)

    def find_child(self, node_id: str) -> "Construct | None":
        return next((c for c in self.children if c.id == node_id), None)

    @property
    def components(self) -> list[str]:
        """Path components from the stack (inclusive) down to this node."""
        parts: list[str] = []
        node: Construct | None = self
        while node is not None:
            parts.append(node.id)
            node = node.parent
        return parts[::-1]

    @property
    def path(self) -> str:
        return "/".join(self.components)

    @property
    def logical_id(self) -> str:
        """The CloudFormation logical id of a resource at this path (the stack itself excluded)."""
        return naming.make_unique_id(self.components[1:])

    def logical_id_of(self, child_id: str) -> str:
        """The logical id a child with this id would get, without creating it."""
        return naming.make_unique_id(self.components[1:] + [child_id])

    @property
    def unique_id(self) -> str:
        """``Names.uniqueId``: like the logical id, but the stack name is part of the path."""
        return naming.make_unique_id(self.components)

    @property
    def source_path(self) -> tuple:
        """The key path of the nearest construct (this one or above) that came from a place in the spec."""
        node: Construct | None = self
        while node is not None:
            if node.source is not None:
                return node.source
            node = node.parent
        return ()

    def walk(self) -> Iterator["Construct"]:
        """This node and all below it, depth first, in the order they were added."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def resources(self) -> list["Construct"]:
        return [n for n in self.walk() if n.resource is not None]

    def add_dependency(self, target: "Construct") -> None:
        if target not in self.dependencies:
            self.dependencies.append(target)


def apply_dependencies(stack: Construct) -> None:
    """Render construct-level dependencies as ``DependsOn``, as the CDK does at synth."""
    for source in stack.walk():
        if not source.dependencies:
            continue
        targets: dict[str, Construct] = {}
        for target in source.dependencies:
            for node in target.resources():
                targets[node.path] = node
        for node in source.resources():
            depends = [t for p, t in targets.items() if p != node.path]
            depends.sort(key=lambda t: naming.locale_sort_key(t.path))
            existing = list(getattr(node.resource, "DependsOn", []) or [])
            ids = existing + [t.logical_id for t in depends if t.logical_id not in existing]
            if ids:
                node.resource.DependsOn = ids
