"""cfn-lint through its Python API, its findings as diagnostics.

cfn-lint is imported only here and only when linting is asked for (it takes longer to import than
the rest of the compiler), and its rules are loaded once per ``Linter``, so a batch lints many
templates for the cost of one start-up.
"""

from __future__ import annotations

from ..diagnostics import ERROR, WARNING, Diagnostic

# E3012 strict: a '12' where an integer belongs is an error (troposphere would let it through).
CONFIGURE_RULES = {"E3012": {"strict": True}}
# W3005 (DependsOn also implied by a Ref): the PDK's templates carry that DependsOn, kept for parity.
IGNORE_CHECKS = ["W3005"]
REGIONS = ["us-east-1"]


class Linter:
    """One cfn-lint runner, reused for every template it lints."""

    def __init__(self) -> None:
        from cfnlint.config import ConfigMixIn
        from cfnlint.runner.cli import Runner

        from . import registry_folder

        # the project's copy of Cognito's schemas as registry schemas: a type newer than cfn-lint lints clean
        self._config = ConfigMixIn(regions=REGIONS, configure_rules=CONFIGURE_RULES, ignore_checks=IGNORE_CHECKS,
                                   registry_schemas=[registry_folder()])
        self._rules = Runner(self._config).rules

    def lint(self, text: str, file: str) -> list[Diagnostic]:
        """Findings for a rendered template (JSON or YAML text); positions are in that text."""
        from cfnlint.decode.decode import decode_str
        from cfnlint.runner.template.runner import run_template_by_data

        template, matches = decode_str(text)
        if not matches:
            matches = list(run_template_by_data(template, self._config, self._rules))
        found = []
        for match in matches:
            rule_id = match.rule.id
            severity = ERROR if rule_id.startswith("E") else WARNING
            if rule_id.startswith("I"):
                continue
            path = tuple(p for p in (getattr(match, "path", None) or ()) if isinstance(p, (str, int)))
            found.append(Diagnostic(file, match.linenumber or 1, match.columnnumber or 1, severity, path,
                                    f"cfn-lint: {match.message}", rule_id))
        return sorted(found, key=lambda d: (d.line, d.col, d.rule))
