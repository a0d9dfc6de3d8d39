"""Recovery: strip each corpus's own lint/format configuration, commit it into a fresh git
repository, run `standards init`, and compare what it wrote with the maintainers' settings
(bench/truth.py), beside what the tools' defaults alone would have scored.

Data-driven: a language is a row of LANGUAGES (its truth table, tool defaults, the config
files to strip, and how each setting is read back from standards.toml). Adding a corpus is
adding its truth row; adding a setting is adding it to the truth rows and to SETTINGS.

    python -m bench.recovery [NAME ...]     (the full benchmark is `python -m bench`)
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.corpora import corpus_dir
from bench.truth import DEFAULTS, JAVASCRIPT, JS_DEFAULTS, PYTHON, RB_CONVENTIONS, RB_DEFAULTS, RUBY, SOURCES

HERE = Path(__file__).parent
RESULTS = HERE / "results"
TIME = Path("/usr/bin/time")

STRIP_PY_FILES = (
    "ruff.toml",
    ".ruff.toml",
    ".flake8",
    ".isort.cfg",
    ".pre-commit-config.yaml",
    ".editorconfig",
    ".pylintrc",
    "pylintrc",
)
STRIP_SECTIONS = re.compile(r"^\[(tool\.(ruff|black|isort|pylint|flake8)[^\]]*|flake8|isort|tool:isort|pycodestyle)\]")
STRIP_JS = re.compile(
    r"^(eslint\.config\.[cm]?[jt]s|\.eslintrc(\.\w+)?|\.prettierrc(\.\w+)?|prettier\.config\.[cm]?js"
    r"|\.jshintrc|\.jscsrc|\.editorconfig|\.pre-commit-config\.yaml)$"
)
STRIP_RB = re.compile(r"^(\.rubocop.*\.yml|\.standard\.yml|\.editorconfig|\.pre-commit-config\.yaml)$")
PACKAGE_KEYS = ("eslintConfig", "prettier", "standard", "eslintIgnore")
SOURCE_EXT = {"python": (".py",), "javascript": (".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx"), "ruby": (".rb",)}


# ---------------------------------------------------------------- stripping


def strip_python(root: Path) -> None:
    for name in STRIP_PY_FILES:
        (root / name).unlink(missing_ok=True)
    for name in ("pyproject.toml", "setup.cfg", "tox.ini"):
        path = root / name
        if not path.exists():
            continue
        out, skip = [], False
        for line in path.read_text(encoding="utf-8", errors="replace").split("\n"):
            if line.startswith("["):
                skip = bool(STRIP_SECTIONS.match(line))
            if not skip:
                out.append(line)
        path.write_text("\n".join(out), encoding="utf-8")


strip = strip_python  # the name the first version of this harness exported


def _strip_matching(root: Path, pattern: re.Pattern[str]) -> None:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in (".git", "node_modules")]
        for name in filenames:
            if pattern.match(name):
                (Path(dirpath) / name).unlink()


def strip_javascript(root: Path) -> None:
    _strip_matching(root, STRIP_JS)
    pkg = root / "package.json"
    if pkg.exists():
        data = json.loads(pkg.read_text(encoding="utf-8"))
        if any(k in data for k in PACKAGE_KEYS):
            for k in PACKAGE_KEYS:
                data.pop(k, None)
            pkg.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def strip_ruby(root: Path) -> None:
    _strip_matching(root, STRIP_RB)


# ---------------------------------------------------------------- reading standards.toml back


def conventions(root: Path) -> dict[str, dict]:
    return tomllib.loads((root / "standards.toml").read_text()).get("conventions", {})


def enforced(conv: dict[str, dict], cid: str) -> object:
    """The value of convention ``cid`` if standards enforces it (error or warn), else None."""
    c = conv.get(cid)
    return c.get("value") if c and c.get("level") in ("error", "warn") else None


def _python(conv: dict[str, dict]) -> dict[str, object]:
    isort = {}
    sorted_conv = conv.get("py.imports.sorted", {})
    for key, val in (sorted_conv.get("params", {}).get("ruff", {}) or {}).items():
        if key.startswith("lint.isort."):
            isort[key.removeprefix("lint.isort.")] = val
    return {
        "line-length": enforced(conv, "py.format.line_length"),
        "quotes": enforced(conv, "py.format.quotes"),
        "docstrings": enforced(conv, "py.docs.convention"),
        "isort": isort,
    }


def _first(*cids: str) -> Callable[[dict[str, dict]], object]:
    def read(conv: dict[str, dict]) -> object:
        for cid in cids:
            value = enforced(conv, cid)
            if value is not None:
                return value
        return None

    return read


# setting -> how standards.toml states it (the analyzers' observation ids)
JS_SETTINGS = {
    "quotes": _first("js.style.quotes"),
    "semi": _first("js.style.semi"),
    "indent": _first("js.style.indent"),
    "brace-spacing": _first("js.style.object_curly_spacing"),
    "max-len": _first("js.style.max_len"),
    "naming": _first("js.naming.variable", "js.naming.function"),
}
RB_SETTINGS = {key: _first(cid) for key, cid in RB_CONVENTIONS.items()}  # the Ruby rows of bench/truth.py


@dataclass(frozen=True)
class Language:
    name: str
    truth: dict[str, dict[str, object]]
    defaults: dict[str, object]
    strip: Callable[[Path], None]
    read: Callable[[dict[str, dict]], dict[str, object]]
    settings: tuple[str, ...]
    # unenforced = the tool's default applies (ruff formats at 88 with double quotes without config);
    # for ESLint and RuboCop a setting nobody enforces is simply not checked
    unenforced_is_default: bool


LANGUAGES = {
    "python": Language(
        "python", PYTHON, DEFAULTS, strip_python, _python, ("line-length", "quotes", "docstrings", "isort"), True
    ),
    "javascript": Language(
        "javascript",
        JAVASCRIPT,
        JS_DEFAULTS,
        strip_javascript,
        lambda c: {k: f(c) for k, f in JS_SETTINGS.items()},
        tuple(JS_SETTINGS),
        False,
    ),
    "ruby": Language(
        "ruby",
        RUBY,
        RB_DEFAULTS,
        strip_ruby,
        lambda c: {k: f(c) for k, f in RB_SETTINGS.items()},
        tuple(RB_SETTINGS),
        False,
    ),
}


def language_of(name: str) -> Language:
    for lang in LANGUAGES.values():
        if name in lang.truth:
            return lang
    raise KeyError(name)


def truth_of(lang: Language, name: str) -> dict[str, object]:
    """Settings with a truth for this corpus. Python leaves unset keys at ruff's defaults
    (except quotes: pyramid/aiohttp preserve quotes, so there is no single truth)."""
    row = lang.truth[name]
    if lang.name != "python":
        return {k: row[k] for k in lang.settings if row.get(k) is not None}
    return {k: row.get(k, lang.defaults[k]) for k in lang.settings if k != "quotes" or k in row}


def score(lang: Language, truth: dict[str, object], got: dict[str, object]) -> dict[str, bool]:
    out = {}
    for key, want in truth.items():
        have = got.get(key)
        if have is None and lang.unenforced_is_default:
            have = lang.defaults[key]
        out[key] = want == have
    return out


# ---------------------------------------------------------------- running


def git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "bench@example.invalid",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "bench@example.invalid",
    }
    return subprocess.run(["git", *args], cwd=root, check=check, capture_output=True, text=True, env=env)


def timed(cmd: list[str], cwd: Path, env: dict | None = None) -> tuple[float, int | None, subprocess.CompletedProcess]:
    """Run ``cmd``; wall seconds, peak RSS in KiB (of the largest process in its tree,
    from /usr/bin/time when present), and the completed process."""
    rss_file = cwd.parent / f".rss.{os.getpid()}"
    wrap = [str(TIME), "-f", "%M", "-o", str(rss_file)] if TIME.exists() else []
    start = time.perf_counter()
    proc = subprocess.run(wrap + cmd, cwd=cwd, capture_output=True, text=True, env=env, check=False)
    seconds = time.perf_counter() - start
    rss = None
    if wrap and rss_file.exists():
        lines = rss_file.read_text().split()
        rss = int(lines[-1]) if lines and lines[-1].isdigit() else None
        rss_file.unlink()
    return seconds, rss, proc


def count_lines(root: Path, lang: str) -> int:
    files = git(root, "ls-files", "-z").stdout.split("\0")
    total = 0
    for f in files:
        if f.endswith(SOURCE_EXT[lang]):
            try:
                with open(root / f, "rb") as fh:
                    total += sum(1 for _ in fh)
            except OSError:
                pass
    return total


def prepare(name: str, work: Path, strip_with: Callable[[Path], None] | None) -> Path:
    """A stripped copy of corpus ``name`` committed into a fresh repository under ``work``."""
    root = work / name
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(corpus_dir(name), root, symlinks=True)
    if strip_with is not None:
        strip_with(root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "--no-verify", "-m", "Import the corpus")
    return root


def standards_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "standards", *args]


def recover(name: str, work: Path, baseline: bool = True) -> tuple[dict, Path | None]:
    """Recovery of one corpus; returns its row and the initialised repository (or None).
    ``baseline=False`` skips recording existing violations (not needed to read the settings)."""
    lang = language_of(name)
    root = prepare(name, work, lang.strip)
    lines = count_lines(root, lang.name)
    args = ["init", "--no-hooks"] + ([] if baseline else ["--no-baseline"])
    seconds, rss, proc = timed(standards_cmd(*args), root)
    row: dict = {
        "language": lang.name,
        "lines": lines,
        "init_seconds": round(seconds, 2),
        "init_peak_rss_kb": rss,
        "init_args": args,
    }
    if proc.returncode != 0:
        row["error"] = (proc.stderr or proc.stdout)[-800:]
        return row, None
    row["init_notes"] = [ln.strip() for ln in proc.stdout.splitlines() if "failed" in ln or "do not parse" in ln]
    got = lang.read(conventions(root))
    truth = truth_of(lang, name)
    row.update(
        truth=truth,
        inferred={k: got.get(k) for k in lang.settings},
        match=score(lang, truth, got),
        default_match=score(lang, truth, dict(lang.defaults)),
        sources={k: SOURCES.get((name, k), "own config file") for k in truth},
    )
    return row, root


def totals(rows: dict[str, dict]) -> dict:
    """Hits per corpus, per setting and overall, for standards and for the defaults alone."""
    per_setting: dict[str, dict[str, int]] = {}
    per_corpus: dict[str, dict[str, int]] = {}
    for name, r in rows.items():
        for key, ok in r.get("match", {}).items():
            s = per_setting.setdefault(f"{r['language']}:{key}", {"hits": 0, "default_hits": 0, "total": 0})
            c = per_corpus.setdefault(name, {"hits": 0, "default_hits": 0, "total": 0})
            for bucket in (s, c):
                bucket["hits"] += ok
                bucket["default_hits"] += r["default_match"][key]
                bucket["total"] += 1
    overall = {k: sum(c[k] for c in per_corpus.values()) for k in ("hits", "default_hits", "total")}
    return {"per_setting": per_setting, "per_corpus": per_corpus, "overall": overall}


def show(value: object) -> str:
    return "(not enforced)" if value is None else json.dumps(value, sort_keys=True)


def table(rows: dict[str, dict]) -> list[str]:
    out = []
    for name, r in rows.items():
        if "error" in r:
            out.append(f"{name}: init failed: {r['error'][-200:]}")
            continue
        for key, ok in r["match"].items():
            out.append(
                f"{name:10} {key:22} truth={show(r['truth'][key]):50.50} "
                f"inferred={show(r['inferred'][key]):50.50} {'OK' if ok else 'MISS'}"
            )
    return out


def main(argv: list[str]) -> int:
    import tempfile

    names = argv or [n for lang in LANGUAGES.values() for n in lang.truth]
    rows = {}
    with tempfile.TemporaryDirectory(prefix="standards-bench-") as tmp:
        for name in names:
            rows[name], _ = recover(name, Path(tmp), baseline=language_of(name).name == "python")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "recovery.json").write_text(
        json.dumps({"corpora": rows, "totals": totals(rows)}, indent=1, sort_keys=True) + "\n"
    )
    print("\n".join(table(rows)))
    t = totals(rows)["overall"]
    print(f"recovered {t['hits']}/{t['total']} settings; tool defaults alone: {t['default_hits']}/{t['total']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
