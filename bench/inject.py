"""Injected deviations: does `standards check --staged` flag code that breaks a corpus's
inferred conventions, and leave alone code that follows them?

On a corpus repository that `standards init` has run on (its generated files committed),
each case edits the tree, stages it, runs `standards check --staged --format json`, records
the findings and resets the tree. Deviating cases break one convention that standards
enforces (error or warn) in otherwise conforming code; a case whose convention is not
enforced there is recorded as not applicable, with the reason. Conforming cases copy clean
modules under new names and append a small function written in the repo's style.

So that the measure is not true by construction:
- every setting the maintainers enforce (bench/truth.py: line length, quotes, docstring
  convention, isort) is also injected as the maintainers would see it broken, whether or not
  `standards init` inferred it; a setting init missed shows as a missed deviation
  ("deviation:maintainers' <setting>");
- conforming copies also include files drawn at random from the whole corpus (tests, docs,
  examples included), copied unchanged under a new name; a finding the original file also gets
  (`standards check` on it) is its own debt, and its suppression comments are new ones that need
  a reason; anything else is a false alarm.

Recall per case kind: the share of injections where an expected rule fired.
Precision per rule: the share of its findings that an injection asked for (an expected or
an accepted side rule of a deviating case); every finding on a conforming case is a false
alarm.
"""

from __future__ import annotations

import ast
import json
import random
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from bench.recovery import conventions, git, standards_cmd
from bench.truth import PYTHON as MAINTAINERS

SKIP_DIRS = {
    "tests",
    "test",
    "testing",
    "docs",
    "doc",
    "examples",
    "example",
    "scripts",
    "benchmarks",
    "bench",
    "migrations",
    "tools",
    ".github",
    "build",
    "dist",
}
ENFORCED = ("error", "warn")
MAINTAINERS_KIND = "deviation:maintainers' "


@dataclass
class Case:
    kind: str  # "deviation:<what>" or "conforming:<what>"
    path: str
    expected: set[str] = field(default_factory=set)  # any of these firing = detected
    accepted: set[str] = field(default_factory=set)  # side findings that are not false alarms
    edits: dict[str, str] = field(default_factory=dict)  # path -> new text
    message: str = "Add a helper"

    @property
    def deviating(self) -> bool:
        return self.kind.startswith("deviation:")


@dataclass
class Style:
    quote: str
    other: str
    annotated: bool
    line_limit: int | None


def level(conv: dict, cid: str) -> str | None:
    c = conv.get(cid)
    return c.get("level") if c else None


def on(conv: dict, cid: str) -> bool:
    return level(conv, cid) in ENFORCED


def enforcers(conv: dict, cid: str) -> set[str]:
    c = conv.get(cid) or {}
    return set(c.get("enforced_by", [])) if c.get("level") in ENFORCED else set()


def style_of(conv: dict) -> Style:
    q = (conv.get("py.format.quotes") or {}).get("value", "double")
    quote, other = ('"', "'") if q != "single" else ("'", '"')
    limit = (conv.get("py.format.max_line_length") or {}).get("value")
    return Style(
        quote=quote,
        other=other,
        annotated=(conv.get("py.annotations.coverage") or {}).get("value") == "annotated",
        line_limit=limit if on(conv, "py.format.max_line_length") else None,
    )


def library_modules(root: Path) -> list[str]:
    """Library modules (not tests, docs, examples) with no baselined finding, 30-400 lines."""
    baseline = (
        json.loads((root / ".standards" / "baseline.json").read_text())
        if (root / ".standards" / "baseline.json").exists()
        else {"entries": []}
    )
    dirty = {e["path"] for e in baseline.get("entries", [])}
    out = []
    for path in git(root, "ls-files", "*.py").stdout.split():
        parts = path.split("/")
        name = parts[-1]
        if any(p in SKIP_DIRS or p.startswith("test") for p in parts[:-1]) or name.startswith(
            ("test", "_", "conftest")
        ):
            continue
        if path in dirty or name == "setup.py" or "/" not in path:
            continue
        text = (root / path).read_text(encoding="utf-8", errors="replace")
        if not 30 <= text.count("\n") <= 400 or "\t" in text:
            continue
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        if not (root / Path(path).parent / "__init__.py").exists():
            continue
        imports = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
        if len(imports) < 2:
            continue
        out.append(path)
    return sorted(out)


def function(style: Style, name: str = "bench_join_names", doc: bool = True, body: list[str] | None = None) -> str:
    q = style.quote
    sig = "(first: str, second: str) -> str" if style.annotated else "(first, second)"
    lines = [f"def {name}{sig}:"]
    if doc:
        lines.append('    """Join two names with a space."""')
    lines += body or [f"    return first + {q} {q} + second"]
    return "\n\n" + "\n".join(lines) + "\n"


def appended(root: Path, path: str, code: str) -> str:
    text = (root / path).read_text(encoding="utf-8")
    return text.rstrip("\n") + "\n" + code


def insert_import(root: Path, path: str, line: str, use: str) -> str | None:
    """``line`` inserted after the last top-level import, ``use`` appended at the end."""
    text = (root / path).read_text(encoding="utf-8")
    tree = ast.parse(text)
    imports = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    last = imports[-1]
    if isinstance(last, ast.ImportFrom) and last.module == "__future__":
        return None
    lines = text.split("\n")
    end = last.end_lineno or last.lineno
    lines.insert(end, line)
    return "\n".join(lines).rstrip("\n") + "\n\n\n" + use + "\n"


def cases(root: Path, name: str | None = None) -> tuple[list[Case], list[dict]]:
    """The cases this corpus supports, and the kinds it does not (with why); ``name`` (the
    corpus) adds the maintainers' settings from bench/truth.py and seeds the random copies."""
    conv = conventions(root)
    style = style_of(conv)
    modules = library_modules(root)
    out: list[Case] = []
    skipped: list[dict] = []
    if not modules:
        return out, [{"kind": "*", "why": "no clean library module to edit"}]

    def pick(i: int) -> str:
        return modules[(i * 7) % len(modules)]

    def skip(kind: str, why: str) -> None:
        skipped.append({"kind": kind, "why": why})

    q, o = style.quote, style.other
    # deviations
    if on(conv, "py.naming.function"):
        p = pick(0)
        out.append(
            Case(
                "deviation:camelCase function",
                p,
                enforcers(conv, "py.naming.function"),
                edits={p: appended(root, p, function(style, name="benchJoinNames"))},
            )
        )
    else:
        skip("deviation:camelCase function", "py.naming.function not enforced")
    if on(conv, "py.format.quotes"):
        p = pick(1)
        body = [f"    return first + {o} {o} + second"]
        out.append(
            Case(
                "deviation:wrong quotes",
                p,
                enforcers(conv, "py.format.quotes"),
                {"ruff:format"},
                edits={p: appended(root, p, function(style, body=body))},
            )
        )
    else:
        skip("deviation:wrong quotes", "py.format.quotes not enforced (the repo mixes quotes)")
    if on(conv, "py.imports.sorted"):
        for i in range(2, 2 + len(modules)):
            p = pick(i)
            text = insert_import(root, p, "import abc", "_BENCH_BASE = abc.ABC")
            if text is not None:
                out.append(
                    Case(
                        "deviation:unsorted import",
                        p,
                        enforcers(conv, "py.imports.sorted") or {"ruff:I001"},
                        {"ruff:E402"},
                        edits={p: text},
                    )
                )
                break
    else:
        skip("deviation:unsorted import", "py.imports.sorted not enforced")
    rel = conv.get("py.imports.relative") or {}
    if on(conv, "py.imports.relative") and enforcers(conv, "py.imports.relative") and rel.get("value") != "relative":
        parents_only = "parent" in str(rel.get("value"))
        added = False
        for i in range(3, 3 + len(modules)):
            p = pick(i)
            pkg = Path(p).parent
            if parents_only:  # only `from .. import` is banned: import from the parent package
                if not (root / pkg.parent / "__init__.py").exists():
                    continue
                sibling = next((m for m in modules if Path(m).parent == pkg.parent), None)
                dots = ".."
            else:
                sibling = next((m for m in modules if Path(m).parent == pkg and m != p), None)
                dots = "."
            if not sibling:
                continue
            text = insert_import(
                root, p, f"from {dots} import {Path(sibling).stem} as _bench_sibling", "_BENCH_SIBLING = _bench_sibling"
            )
            if text is not None:
                out.append(
                    Case(
                        "deviation:relative import against the grain",
                        p,
                        enforcers(conv, "py.imports.relative"),
                        {"ruff:I001"},
                        edits={p: text},
                    )
                )
                added = True
                break
        if not added:
            skip("deviation:relative import against the grain", "no module to import relatively from")
    else:
        skip(
            "deviation:relative import against the grain",
            f"py.imports.relative is {rel.get('value')!r} at level {rel.get('level')!r}, "
            f"enforced by {rel.get('enforced_by') or 'nothing'}"
            + (" (ruff cannot require relative imports)" if rel.get("value") == "relative" else ""),
        )
    doc_rules = {r for cid in ("py.docs.coverage", "py.docs.convention") for r in enforcers(conv, cid)}
    if "ruff:D103" in doc_rules:
        p = pick(4)
        out.append(
            Case(
                "deviation:missing docstring",
                p,
                {"ruff:D103"},
                edits={p: appended(root, p, function(style, doc=False))},
            )
        )
    else:
        skip(
            "deviation:missing docstring",
            f"docstring coverage not enforced (py.docs.coverage level {level(conv, 'py.docs.coverage')!r}, no D103)",
        )
    if style.line_limit:
        p = pick(5)
        pad = "x" * (style.line_limit + 10)
        body = [f"    message = {q}{pad}{q}", "    return first + message + second"]
        out.append(
            Case(
                "deviation:line beyond the limit",
                p,
                enforcers(conv, "py.format.max_line_length"),
                edits={p: appended(root, p, function(style, body=body))},
            )
        )
    else:
        skip("deviation:line beyond the limit", "py.format.max_line_length not enforced")
    if on(conv, "py.errors.bare_except"):
        p = pick(6)
        body = ["    try:", f"        return first + {q} {q} + second", "    except:", "        return first"]
        out.append(
            Case(
                "deviation:bare except",
                p,
                enforcers(conv, "py.errors.bare_except"),
                edits={p: appended(root, p, function(style, body=body))},
            )
        )
    else:
        skip("deviation:bare except", "py.errors.bare_except not enforced")
    if on(conv, "py.logging.no_print"):
        p = pick(7)
        body = ["    print(first, second)", f"    return first + {q} {q} + second"]
        out.append(
            Case(
                "deviation:print in library code",
                p,
                enforcers(conv, "py.logging.no_print"),
                edits={p: appended(root, p, function(style, body=body))},
            )
        )
    else:
        skip("deviation:print in library code", "py.logging.no_print not enforced")
    commit_rules = [c for c in conv if c.startswith("git.commit.") and on(conv, c)]
    if commit_rules:
        p = pick(8)
        out.append(
            Case(
                "deviation:commit message",
                p,
                {"standards:commit-message"},
                edits={p: appended(root, p, function(style))},
                message="wip: fixed stuff.",
            )
        )
    else:
        skip("deviation:commit message", "no enforced commit convention (the corpus has no history: one import commit)")
    # conforming changes
    for i in range(2):
        p = pick(10 + i)
        target = str(Path(p).with_name(f"{Path(p).stem}_bench_copy{i}.py"))
        out.append(
            Case(
                "conforming:copy of a clean module",
                target,
                accepted=set(COPY_ADDS),
                edits={target: (root / p).read_text(encoding="utf-8")},
            )
        )
    for i in range(2):
        p = pick(12 + i)
        out.append(Case("conforming:function in the repo's style", p, edits={p: appended(root, p, function(style))}))
    out += random_copies(root, name or root.name)
    out += maintainers_cases(root, MAINTAINERS.get(name or "", {}), modules, style)
    fw, fw_skipped = framework_cases(root, conv, style)
    return out + fw, skipped + fw_skipped


# a copy adds the original's suppression comments (type-ignore and noqa comments) to the change: the
# trust contract wants a reason for each new one, so the check is right to name them
COPY_ADDS = frozenset({"standards:suppression"})
NAMED_BY_ROLE = {"__init__.py", "__main__.py", "conftest.py", "setup.py", "conf.py", "manage.py"}


def random_copies(root: Path, seed: str, count: int = 3) -> list[Case]:
    """Files drawn at random from the whole corpus (not chosen for being clean), copied
    unchanged beside themselves; the findings the original gets are accepted as its debt."""
    pool = copy_pool(root)
    out = []
    for i, path in enumerate(random.Random(seed).sample(pool, min(count, len(pool)))):
        target = str(Path(path).with_name(f"{Path(path).stem}_bench_random{i}.py"))
        text = (root / path).read_text(encoding="utf-8", errors="replace")
        out.append(
            Case(
                "conforming:random file copied unchanged",
                target,
                accepted=original_rules(root, path) | COPY_ADDS,
                edits={target: text},
            )
        )
    return out


def copy_pool(root: Path) -> list[str]:
    """Every Python file of the corpus whose name is not dictated by its role (tests, docs and
    examples included): the files a random conforming copy is drawn from."""
    return sorted(
        p
        for p in git(root, "ls-files", "-z", "*.py").stdout.split("\0")
        if p and Path(p).name not in NAMED_BY_ROLE and not p.startswith(".")
    )


def original_rules(root: Path, path: str) -> set[str]:
    """The rules `standards check` reports on ``path`` as it is in the corpus (baseline ignored)."""
    proc = subprocess.run(
        standards_cmd("check", "--no-baseline", "--format", "json", path),
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        return {f["rule"] for f in json.loads(proc.stdout).get("findings", [])}
    except (json.JSONDecodeError, AttributeError):
        return set()


def maintainers_cases(root: Path, truth: dict[str, object], modules: list[str], style: Style) -> list[Case]:
    """The maintainers' own settings broken, as their tools would have reported it: detected
    only when standards inferred and enforces the same setting, else a missed deviation."""
    if not truth or not modules:
        return []
    out = []
    limit = truth.get("line-length")
    if isinstance(limit, int):
        p = modules[(21 * 7) % len(modules)]
        words = " + ".join(["first"] * ((limit + 10) // 8))
        body = [f"    return {words}"]
        out.append(
            Case(
                "deviation:maintainers' line-length",
                p,
                {"ruff:E501", "ruff:format"},
                edits={p: appended(root, p, function(style, body=body))},
            )
        )
    quote = truth.get("quotes")
    if quote in ("single", "double"):
        p = modules[(22 * 7) % len(modules)]
        wrong = '"' if quote == "single" else "'"
        body = [f"    return first + {wrong}, {wrong} + second"]
        out.append(
            Case(
                "deviation:maintainers' quotes",
                p,
                {"ruff:Q000", "ruff:format"},
                edits={p: appended(root, p, function(style, body=body))},
            )
        )
    if truth.get("docstrings") == "google":
        p = modules[(23 * 7) % len(modules)]
        doc = ['    """Join two names.', "", "    Args:", "        first: the first name.", '    """']
        body = doc + [f"    return first + {style.quote} {style.quote} + second"]
        out.append(
            Case(
                "deviation:maintainers' docstrings",
                p,
                {"ruff:D417"},
                edits={p: appended(root, p, function(style, doc=False, body=body))},
            )
        )
    isort = truth.get("isort")
    if isinstance(isort, dict):
        line = "from os import path, sep" if isort.get("force-single-line") else "import abc"
        use = "_BENCH_SEP = path.join(sep)" if isort.get("force-single-line") else "_BENCH_BASE = abc.ABC"
        for i in range(24, 24 + len(modules)):
            p = modules[(i * 7) % len(modules)]
            text = insert_import(root, p, line, use)
            if text is not None:
                out.append(
                    Case("deviation:maintainers' isort", p, {"ruff:I001"}, {"ruff:E402", "ruff:F811"}, edits={p: text})
                )
                break
    return out


def _first_path(root: Path, suffix: str, must: str) -> str | None:
    for path in git(root, "ls-files", f"*{suffix}").stdout.split():
        if "test" not in path and must in (root / path).read_text(encoding="utf-8", errors="replace"):
            return path
    return None


def framework_cases(root: Path, conv: dict, style: Style) -> tuple[list[Case], list[dict]]:
    """Fat handler, layering and unindexed-FK injections where the web conventions are enforced."""
    out: list[Case] = []
    skipped: list[dict] = []
    if "web.handlers.thin" not in conv and "web.layers" not in conv:
        return out, skipped
    ann = style.annotated
    if on(conv, "web.handlers.thin"):
        limit = int((conv["web.handlers.thin"] or {}).get("value", 30))
        views = _first_path(root, "views.py", "MethodView")
        if views:
            sig = "(self, topic_id: int) -> str" if ann else "(self, topic_id)"
            body = ["        total_0 = topic_id"] + [
                f"        total_{i} = total_{i - 1} + {i}" for i in range(1, limit + 10)
            ]
            base = "HTTPMethodView" if "HTTPMethodView" in (root / views).read_text(encoding="utf-8") else "MethodView"
            code = (
                f'\n\nclass BenchReportView({base}):\n    """Collect a report."""\n\n'
                f'    def post{sig}:\n        """Build the report."""\n'
                + "\n".join(body)
                + f"\n        return str(total_{limit + 9})\n"
            )
            out.append(
                Case(
                    "deviation:fat handler",
                    views,
                    {"standards:thin-controller"},
                    edits={views: appended(root, views, code)},
                )
            )
        else:
            skip_why = "no MethodView views module"
            skipped.append({"kind": "deviation:fat handler", "why": skip_why})
    else:
        skipped.append({"kind": "deviation:fat handler", "why": "web.handlers.thin not enforced"})
    if on(conv, "web.layers"):
        models = _first_path(root, "models.py", "import")
        views = _first_path(root, "views.py", "MethodView") or _first_path(root, "views.py", "import")
        if models and views:
            mod = views[:-3].replace("/", ".")
            text = insert_import(root, models, f"import {mod} as _bench_views", "_BENCH_VIEWS = _bench_views")
            if text is not None:
                out.append(
                    Case(
                        "deviation:model imports a handler (layering)",
                        models,
                        {"standards:layering"},
                        {"ruff:I001", "ruff:E402"},
                        edits={models: text},
                    )
                )
    else:
        skipped.append({"kind": "deviation:layering", "why": "web.layers not enforced"})
    fk = conv.get("web.schema.fk_indexed") or {}
    if not on(conv, "web.schema.fk_indexed"):
        skipped.append(
            {
                "kind": "deviation:unindexed foreign key",
                "why": f"web.schema.fk_indexed is at level {fk.get('level')!r}: not enforced here",
            }
        )
    return out, skipped


def run_case(root: Path, case: Case) -> dict:
    for path, text in case.edits.items():
        (root / path).write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    proc = subprocess.run(
        standards_cmd("check", "--staged", "--format", "json"), cwd=root, capture_output=True, text=True, check=False
    )
    findings = []
    try:
        data = json.loads(proc.stdout)
        findings = [
            {"rule": f["rule"], "level": f["level"], "path": f["path"], "line": f.get("line")}
            for f in data.get("findings", [])
        ]
    except json.JSONDecodeError:
        pass
    commit_findings = []
    if case.message != "Add a helper" and proc.returncode in (0, 1):
        msg = root / ".git" / "BENCH_MSG"
        msg.write_text(case.message + "\n")
        cm = subprocess.run(
            standards_cmd("commit-msg", str(msg)), cwd=root, capture_output=True, text=True, check=False
        )
        if cm.returncode == 1:
            commit_findings.append({"rule": "standards:commit-message", "level": "error", "path": "", "line": None})
    git(root, "reset", "-q", "--hard", "HEAD")
    git(root, "clean", "-qfd")
    findings += commit_findings
    rules = {f["rule"] for f in findings}
    return {
        "kind": case.kind,
        "path": case.path,
        "expected": sorted(case.expected),
        "accepted": sorted(case.accepted),
        "exit": proc.returncode,
        "findings": findings,
        "detected": bool(rules & case.expected),
        "stderr": proc.stderr[-300:] if proc.returncode == 2 else "",
    }


def run(root: Path, name: str | None = None) -> dict:
    git(root, "add", "-A")
    git(root, "commit", "-q", "--no-verify", "-m", "Adopt standards", check=False)
    todo, skipped = cases(root, name)
    return {"cases": [run_case(root, c) for c in todo], "not_applicable": skipped}


def score(per_corpus: dict[str, dict]) -> dict:
    """Recall per deviation kind, precision per rule, false alarms on conforming changes."""
    kinds: dict[str, dict[str, int]] = {}
    rules: dict[str, dict[str, int]] = {}
    for result in per_corpus.values():
        for c in result.get("cases", []):
            k = kinds.setdefault(c["kind"], {"cases": 0, "detected": 0, "flagged": 0})
            k["cases"] += 1
            deviating = c["kind"].startswith("deviation:")
            k["detected"] += c["detected"] if deviating else 0
            ok = set(c["expected"]) | set(c["accepted"])
            k["flagged"] += any(f["rule"] not in ok for f in c["findings"])
            for f in c["findings"]:
                r = rules.setdefault(f["rule"], {"findings": 0, "true": 0, "false": 0})
                r["findings"] += 1
                good = f["rule"] in ok  # conforming: the copied file's own debt
                r["true" if good else "false"] += 1
            for rule in c["expected"]:
                r = rules.setdefault(rule, {"findings": 0, "true": 0, "false": 0})
                r.setdefault("injected", 0)
                r["injected"] = r.get("injected", 0) + 1
                r["caught"] = r.get("caught", 0) + (rule in {f["rule"] for f in c["findings"]})
    for k in kinds.values():
        if k["detected"] or True:
            k["recall"] = round(k["detected"] / k["cases"], 3) if k["cases"] else None
    for r in rules.values():
        r["precision"] = round(r["true"] / r["findings"], 3) if r["findings"] else None
        if r.get("injected"):
            r["recall"] = round(r["caught"] / r["injected"], 3)
    dev = [c for res in per_corpus.values() for c in res.get("cases", []) if c["kind"].startswith("deviation:")]
    conf = [c for res in per_corpus.values() for c in res.get("cases", []) if c["kind"].startswith("conforming:")]
    total_f = sum(r["findings"] for r in rules.values())
    true_f = sum(r["true"] for r in rules.values())
    return {
        "per_kind": kinds,
        "per_rule": rules,
        "overall": {
            "deviations": len(dev),
            "detected": sum(c["detected"] for c in dev),
            "recall": round(sum(c["detected"] for c in dev) / len(dev), 3) if dev else None,
            "conforming": len(conf),
            "conforming_flagged": sum(any(f["rule"] not in set(c["accepted"]) for f in c["findings"]) for c in conf),
            "missed_maintainers_settings": sorted(
                f"{name}: {c['kind'].removeprefix(MAINTAINERS_KIND)}"
                for name, res in per_corpus.items()
                for c in res.get("cases", [])
                if c["kind"].startswith(MAINTAINERS_KIND) and not c["detected"]
            ),
            "findings": total_f,
            "true_findings": true_f,
            "precision": round(true_f / total_f, 3) if total_f else None,
        },
    }


if __name__ == "__main__":
    res = run(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else None)
    print(json.dumps({"result": res, "score": score({"x": res})}, indent=1))
