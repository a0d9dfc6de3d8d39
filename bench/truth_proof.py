"""Proof rate, counted by the bench: for each convention standards.toml enforces (level error),
stage the bench's own deviation of it (bench/deviations.py) in the initialised corpus and see
whether `standards check --staged` refuses it with one of the convention's rules. Beside it,
what `.standards/inferred.json` "_proofs" claims, so that a disagreement shows.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

from bench import deviations, inject
from bench.recovery import conventions, git

JS_EXT = (".js", ".mjs", ".cjs")
_NOT_LIBRARY = {*inject.SKIP_DIRS, "node_modules", "vendor", "spec", "fixtures", "assets", "static", "public"}
COMMIT_MESSAGE = "wip: fixed stuff."


def _library(root: Path, suffixes: tuple[str, ...], lines: tuple[int, int] = (20, 400)) -> list[str]:
    """Source files outside tests, docs, examples and vendored trees, of a middling size."""
    out = []
    for path in git(root, "ls-files", "-z").stdout.split("\0"):
        parts = path.split("/")
        if not path.endswith(suffixes) or ".min." in path or len(parts) < 2:
            continue
        if any(p in _NOT_LIBRARY or p.startswith(("test", ".")) or "example" in p for p in parts[:-1]):
            continue
        if "test" in parts[-1]:
            continue
        try:
            text = (root / path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if lines[0] <= text.count("\n") <= lines[1] and "\t" not in text:
            out.append(path)
    return sorted(out)


def library_files(root: Path) -> dict[str, list[str]]:
    py = inject.library_modules(root) or [
        p for p in _library(root, (".py",), (20, 3000)) if (root / Path(p).parent / "__init__.py").is_file()
    ]
    rb = [p for p in _library(root, (".rb",)) if p.startswith(("lib/", "app/"))] or _library(root, (".rb",))
    js = _library(root, JS_EXT)
    js = [p for p in js if p.startswith(("lib/", "src/"))] or js
    return {"python": py, "javascript": js, "ruby": rb}


def fired(rule: str, expected: list[str]) -> bool:
    """Whether a finding's rule is one of ``expected`` (a ruff prefix such as ruff:E4 covers
    ruff:E402; the formatter is ruff-format in enforced_by and ruff:format in findings)."""
    for want in expected:
        want = "ruff:format" if want == "ruff-format" else want
        if rule == want:
            return True
        if want.startswith("ruff:") and re.fullmatch(re.escape(want) + r"\d+", rule):
            return True
    return False


def _python_text(root: Path, path: str, dev: deviations.Deviation, modules: list[str]) -> str | None:
    text = (root / path).read_text(encoding="utf-8")
    if not dev.import_line:
        return text.rstrip("\n") + "\n" + dev.code
    line = dev.import_line
    if "{sibling}" in line:
        sibling = next((m for m in modules if Path(m).parent == Path(path).parent and m != path), None)
        if sibling is None:
            return None
        line = line.format(sibling=Path(sibling).stem)
    line = line.format(package=Path(path).parent.name) if "{package}" in line else line
    tree = ast.parse(text)
    imports = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    if not imports:
        return None
    lines = text.split("\n")
    lines.insert(imports[-1].end_lineno or imports[-1].lineno, line)
    return "\n".join(lines).rstrip("\n") + "\n" + dev.code


def case_for(root: Path, cid: str, conv: dict[str, dict], files: dict[str, list[str]], n: int) -> inject.Case | str:
    """The staged change that breaks ``cid``, or why there is none."""
    expected = set((conv.get(cid) or {}).get("enforced_by", []))
    if cid.startswith("git.commit."):
        target = next((p for lang in files.values() for p in lang), None)
        if target is None:
            return "no library file to change"
        edit = (root / target).read_text(encoding="utf-8") + "\n"
        return inject.Case(f"deviation:{cid}", target, expected, edits={target: edit}, message=COMMIT_MESSAGE)
    dev = deviations.deviation(cid, conv)
    lang = deviations.language_of(cid)
    if dev is None or lang is None:
        return "the bench has no deviation for it and its Don't is not code"
    pool = files.get(lang) or []
    if not pool:
        return f"no {lang} library file to put the deviation in"
    target = pool[(n * 7) % len(pool)]
    if dev.new_name:
        path = deviations.new_path(target, dev)
        return inject.Case(f"deviation:{cid}", path, expected, edits={path: dev.code})
    if lang != "python":
        text = (root / target).read_text(encoding="utf-8").rstrip("\n") + "\n" + dev.code
        return inject.Case(f"deviation:{cid}", target, expected, edits={target: text})
    for i in range(len(pool)):  # the first file from ``target`` on that can take the import it needs
        path = pool[(n * 7 + i) % len(pool)]
        text = _python_text(root, path, dev, pool)
        if text is not None:
            return inject.Case(f"deviation:{cid}", path, expected, edits={path: text})
    return "no library file can take the import the deviation needs"


def _framework_cases(root: Path, conv: dict[str, dict]) -> dict[str, inject.Case]:
    """inject.py's fat-handler and layering changes, keyed by the convention they break."""
    style = inject.style_of(conv)
    cases, _ = inject.framework_cases(root, conv, style)
    by_kind = {
        "deviation:fat handler": "web.handlers.thin",
        "deviation:model imports a handler (layering)": "web.layers",
    }
    return {by_kind[c.kind]: c for c in cases if c.kind in by_kind}


def measure(root: Path) -> dict[str, Any]:
    """Stage one deviation per enforced convention of the committed, initialised ``root``."""
    conv = conventions(root)
    proofs = _proof_records(root)
    files = library_files(root)
    web = _framework_cases(root, conv)
    rows: dict[str, dict[str, Any]] = {}
    enforced = sorted(cid for cid, c in conv.items() if c.get("level") == "error")
    for n, cid in enumerate(enforced):
        record = proofs.get(cid) or {}
        row: dict[str, Any] = {
            "enforced_by": conv[cid].get("enforced_by", []),
            "proof_record": "proven" if record.get("proven") else (record.get("reason") or "no record"),
        }
        case = web.get(cid) or case_for(root, cid, conv, files, n)
        if isinstance(case, str):
            row.update(refused=None, why_unmeasured=case)
        else:
            result = inject.run_case(root, case)
            hits = [f for f in result["findings"] if f["level"] == "error" and fired(f["rule"], row["enforced_by"])]
            commit = cid.startswith("git.commit.") and any(f["rule"] == "standards:commit-message" for f in hits)
            row.update(
                refused=bool(hits) and (result["exit"] == 1 or commit),
                path=case.path,
                source=_source(cid, conv),
                exit=result["exit"],
                rules_fired=sorted({f["rule"] for f in result["findings"]}),
            )
            if result.get("stderr"):
                row["stderr"] = result["stderr"]
        rows[cid] = row
    measured = [r for r in rows.values() if r["refused"] is not None]
    return {
        "enforced": len(rows),
        "measured": len(measured),
        "refused": sum(bool(r["refused"]) for r in measured),
        "not_refused": sorted(cid for cid, r in rows.items() if r["refused"] is False),
        "unmeasured": sorted(cid for cid, r in rows.items() if r["refused"] is None),
        "proof_record_unproven": sorted(cid for cid, r in rows.items() if r["proof_record"] != "proven"),
        "conventions": rows,
    }


def _source(cid: str, conv: dict[str, dict]) -> str:
    """Whose deviation was staged: the bench's catalogue, the convention's own Don't, or
    inject.py's framework change (web.*) or commit message (git.commit.*)."""
    if cid.startswith(("web.", "git.")):
        return "inject.py"
    dev = deviations.deviation(cid, conv)
    return dev.source if dev is not None else "none"


def _proof_records(root: Path) -> dict[str, Any]:
    path = root / ".standards" / "inferred.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    proofs = data.get("_proofs") if isinstance(data, dict) else None
    return proofs if isinstance(proofs, dict) else {}
