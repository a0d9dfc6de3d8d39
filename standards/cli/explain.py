"""`standards explain RULE`: a rule's documentation with this repository's evidence.

RULE may be one of our rules (thin-controller), a linter code (E501, ruff:N802,
eslint:semi, rubocop:Style/StringLiterals) or a convention id (py.naming.function)."""

from __future__ import annotations

import argparse
import difflib
import re
from pathlib import Path
from typing import Any

from standards import procutil, proof, ruff_tool, standards_file
from standards.check.levels import CodeIndex
from standards.cli._common import repo_root
from standards.errors import StandardsError
from standards.model import Convention, Standards
from standards.playbook import quotes
from standards.rules import all_rules, get_rule

HELP = "Explain a rule or convention, with this repository's evidence."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("rule", help="rule id, linter code or convention id")
    p.add_argument("--repo", help="repository root (default: the current directory's)")


def evidence(c: Convention, proofs: dict[str, Any] | None = None, root: Path | None = None) -> str:
    followed, total = c.support
    lines = [
        f"### In this repository: {c.title}",
        f"- convention `{c.id}` = {c.value!r}, level **{c.level.value}** ({c.source.value}"
        + (f" in {c.explicit_in}" if c.explicit_in else "")
        + ")",
    ]
    if total:
        lines.append(f"- followed in {followed:,} of {total:,} places (confidence {c.confidence:.2f})")
    if c.why:
        lines.append(f"- why: {c.why}")
    if c.examples:
        lines.append(f"- examples: {', '.join(c.examples)}")
    if c.counter_examples:
        lines.append(f"- exceptions: {', '.join(c.counter_examples)}")
    lines += do_and_dont(c, root)
    if c.note:
        lines.append(f"- note: {c.note}")
    if c.enforced_by:
        lines.append(f"- enforced by: {', '.join(c.enforced_by)}")
    lines.append(f"- playbook: playbook.md#{c.anchor}")
    record = (proofs or {}).get(c.id)
    if isinstance(record, dict):
        lines += proof_lines(record)
    return "\n".join(lines) + "\n"


def do_and_dont(c: Convention, root: Path | None) -> list[str]:
    """The convention's Do and Don't; the Do is placed at a line only when it is a verbatim
    quote of that line (a generic illustration is shown without a location)."""
    lines = []
    if c.do.strip():
        do, place = quotes.shown_example(root, c) if root is not None else (c.do.strip(), "")
        lines.append(f"- do: `{do}`" + (f" (as {place})" if place else ""))
    if c.dont.strip():
        lines.append(f"- don't: `{c.dont.strip()}`")
    return lines


def proof_lines(record: dict[str, Any]) -> list[str]:
    """How `init`/`update` proved the convention: each deviation and what the check (ruff,
    ESLint, RuboCop or our own rule) reported on it."""
    verdict = "proven" if record.get("proven") else f"NOT proven ({record.get('reason', '')})"
    demoted = f", demoted to {record['demoted_to']}" if record.get("demoted_to") else ""
    tool = str(record.get("tool") or "ruff")
    version = record.get(tool) or ("?" if tool == "ruff" else "")
    lines = [f"- proof ({tool}{' ' + str(version) if version else ''}): {verdict}{demoted}"]
    fence = {"eslint": "js", "rubocop": "ruby"}.get(tool, "python")
    for check in record.get("checks") or []:
        if not isinstance(check, dict):
            continue
        fired = ", ".join(str(f) for f in check.get("fired") or []) or "nothing"
        said = check.get("problem") or f"reported {fired}"
        lines.append(f"  - {check.get('rule', '?')} in {check.get('path', '?')}: {said}")
        deviation = str(check.get("deviation") or "").rstrip("\n")
        if deviation:
            shown = deviation if len(deviation) <= 400 else deviation[:400] + " …"
            if tool == "standards":  # our own rules' deviation is a change, described
                lines.append(f"    deviation: {shown}")
            else:
                lines += [f"    ```{fence}", *[f"    {line}" for line in shown.splitlines()], "    ```"]
    return lines


def known_names(standards: Standards | None) -> list[str]:
    """Every name `explain` answers to: rule ids, convention ids and the codes enforcing them."""
    names = [rule.id for rule in all_rules()]
    if standards is not None:
        for convention in standards.conventions.values():
            names.append(convention.id)
            for code in convention.enforced_by:
                names += [code, code.partition(":")[2]]
    return list(dict.fromkeys(n for n in names if n))


def canonical_name(name: str, standards: Standards | None) -> str:
    """``name`` as spelled by the rule, convention or code it matches without regard to case
    (``THIN-CONTROLLER``, ``e501``, ``style/stringliterals``); else unchanged."""
    if name.lower().startswith("standards:"):
        name = name[len("standards:") :]
    for known in known_names(standards):
        if known == name:
            return name
    for known in known_names(standards):
        if known.lower() == name.lower():
            return known
    if re.fullmatch(r"[a-z]+[0-9]+", name):
        return name.upper()
    return name


def run(args: argparse.Namespace) -> int:
    root = repo_root(args.repo)
    standards = standards_file.load(root)
    proofs = proof.load(root)
    name = canonical_name(args.rule.strip(), standards)
    out: list[str] = []
    rule = get_rule(name)
    if rule is not None:
        out.append(rule.doc.markdown(f"{rule.id}: {rule.title}"))
        if standards is not None:
            out += [evidence(c, proofs, root) for cid in rule.conventions if (c := standards.get(cid))]
    elif standards is not None and name in standards.conventions:
        out.append(evidence(standards.conventions[name], proofs, root))
    else:
        codes = [name] if ":" in name else [f"{tool}:{name}" for tool in ("ruff", "eslint", "rubocop")]
        for code in codes:
            tool, _, bare = code.partition(":")
            if tool == "ruff" and ruff_tool.ruff_bin() and re.fullmatch(r"[A-Z]+[0-9]+", bare):
                try:
                    proc = procutil.run([ruff_tool.ruff_bin(), "rule", bare], timeout=60)
                except procutil.ProcessFailed:
                    proc = None
                if proc is not None and proc.returncode == 0:
                    out.append(proc.out)
            conv = CodeIndex.build(standards).convention(code) if standards is not None else None
            if conv is not None:
                out.append(f"`{code}` enforces this convention.\n\n" + evidence(conv, proofs, root))
                break
        if not out:
            close = difflib.get_close_matches(name.lower(), [k.lower() for k in known_names(standards)], n=3)
            hint = f"; did you mean {' or '.join(close)}?" if close else ""
            raise StandardsError(
                f"unknown rule {name!r}{hint} Try a rule id (`standards explain thin-controller`), "
                "a linter code (E501, eslint:semi) or a convention id from standards.toml"
            )
    print("\n".join(out).rstrip())
    return 0
