"""The hook's quick verdict: `standards check --staged` answered for a change the check would
pass, without loading the check.

Most commits change a few Python files and break nothing. For them the check's answer is the
same every time: ruff with the repository's configuration finds nothing new, the formatter finds
no drift, no rule of ours can fire (each rule declares, or screens in :mod:`quick_screens`,
what it needs to find anything), no suppression or unchecked file is added. Loading the whole
check to say so costs more than the linting itself, so the console script first asks here.

The verdict follows a *plan* the check wrote (:mod:`standards.check.hook_plan`) the last time it
ran on a staged change: the ruff command it runs, the levels of ruff's codes, the rules that can
apply to a Python change and what could make each fire. The plan lives in the user's cache, not
in the repository (a repository cannot plant one), and holds only while every file it was
derived from (standards.toml, the baseline, the ruff configuration and its ``extend`` chain, the
code of `standards` and the ruff binary) has the size, times and inode it had then.

The answer is given only when it is certain to be the check's own: the same git plumbing, the
same ruff commands, the same skip tests and fingerprints (imported from the modules the check
uses). Anything else returns None and the check runs as before: a file that is not Python, not
regular, partially staged, renamed or deleted; a nested ruff configuration; a rule that can fire
on the change; a suppression comment the base version does not already hold; a ruff finding
that is not in the baseline; formatter drift; colour on; any failure of a process. (A baselined
finding no longer found is answered for: the summary says so, as the check's does.) Nothing here
writes, and nothing starts a process the check would not start the same way.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from fnmatch import fnmatchcase

from standards import __version__, diff_hunks, git_hardening, git_objects, ruff_codes, source_kinds, source_text
from standards.check import quick_screens
from standards.check.fingerprints import fingerprints, sha1

PLAN_VERSION = 1
TIMEOUT = 120  # seconds for any one process; past it the check decides
MAX_PATHS = 200  # a larger change goes to the check (its git input would not fit a pipe's buffer)
RACY_NS = 2_000_000_000  # a file changed this close to the plan's writing may change again unseen


class Declined(Exception):
    """The quick verdict cannot be sure: the check decides."""


# --- the plan's key: where it lives and what it was derived from -------------------------


def plan_path(real_root: str) -> str:
    """The plan of the repository at ``real_root`` in the user's cache."""
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return plan_path_under(cache, real_root)


def plan_path_under(cache: str, real_root: str) -> str:
    """The plan of the repository at ``real_root`` in the cache folder ``cache``, for this
    installation of `standards` (two installations, each with its plan, never take turns)."""
    return os.path.join(cache, "standards", "hook", f"{root_key(real_root)}-{package_stamp()[:12]}.json")


def root_key(real_root: str) -> str:
    return sha1(real_root.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def signature(path: str) -> list[int] | None:
    """What changes when a file is written, replaced or removed (None: absent)."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return [st.st_mode, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]


_stamp: list[str] = []


def package_stamp() -> str:
    """This installation of `standards`: every file of the package, by size and time."""
    if _stamp:
        return _stamp[0]
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    entries = [__version__]
    folders = [package]
    while folders:
        with os.scandir(folders.pop()) as found:
            for entry in found:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != "__pycache__":
                        folders.append(entry.path)
                    continue
                st = entry.stat(follow_symlinks=False)
                entries.append(f"{entry.path}\0{st.st_size}\0{st.st_mtime_ns}")
    entries.sort()
    _stamp.append(sha1("\n".join(entries).encode("utf-8", "surrogateescape")).hexdigest())
    return _stamp[0]


def code_stamp(ruff_exe: str) -> str:
    """The code the verdict stands for: this installation and the ruff binary it runs."""
    return f"{package_stamp()}:{ruff_exe}:{signature(ruff_exe)}"


def load_plan(real_root: str) -> dict | None:
    """The plan for ``real_root`` if it still holds: same format, same code, same inputs."""
    return plan_state(real_root)[0]


def plan_state(real_root: str) -> tuple[dict | None, str]:
    """The plan for ``real_root`` if it still holds, else None and why not (for `doctor`)."""
    try:
        with open(plan_path(real_root), "rb") as fh:
            plan = json.loads(fh.read())
    except FileNotFoundError:
        return None, "no plan yet"
    except (OSError, ValueError):
        return None, "its plan cannot be read"
    if not isinstance(plan, dict) or plan.get("version") != PLAN_VERSION or plan.get("root") != real_root:
        return None, "its plan is of another kind"
    inputs = plan.get("inputs")
    if not isinstance(inputs, list):
        return None, "its plan is of another kind"
    for rel, recorded in inputs:
        if signature(os.path.join(real_root, rel)) != recorded:
            return None, f"{rel} changed since its plan was written"
    check = plan.get("ruff_check")
    if not isinstance(check, list) or not check or plan.get("code") != code_stamp(check[0]):
        return None, "the ruff binary changed since its plan was written"
    return plan, ""


# --- the verdict ---------------------------------------------------------------------------


def verdict(argv: list[str]) -> int | None:
    """The exit code of `standards check ARGV` when it is certain without the check (its output
    printed), else None. ``argv`` follows ``check``: ``--staged``, ``-q``/``--quiet``, files."""
    files: list[str] = []
    quiet = staged = False
    for arg in argv:
        if arg == "--staged":
            staged = True
        elif arg in ("-q", "--quiet"):
            quiet = True
        elif arg.startswith("-"):
            return None  # any other flag: the check's own parser and behaviour
        else:
            files.append(arg)
    if not staged or os.environ.get("STANDARDS_NO_QUICK"):
        return None
    try:
        line = _judge(files)
    except _UNSURE as exc:
        trace(f"declined ({type(exc).__name__}: {exc})")
        return None  # not certain: the check runs, and says what it finds
    trace("given")
    if not quiet:
        sys.stdout.write(line)
    return 0


# what ends the quick verdict without an answer: anything unexpected in a process's output, a
# file or the plan makes it unsure, never wrong
_UNSURE = (
    Declined,
    OSError,
    ValueError,
    KeyError,
    TypeError,
    IndexError,
    AttributeError,
    RecursionError,
    subprocess.SubprocessError,
)


def trace(what: str) -> None:
    """With ``STANDARDS_QUICK_TRACE`` set, say on stderr whether the quick verdict answered and
    why not (for a slow hook: which part of the change sent it to the full check)."""
    if os.environ.get("STANDARDS_QUICK_TRACE"):
        sys.stderr.write(f"standards: quick verdict {what}\n")


def summary(files: int, baselined: int, stale: int = 0) -> str:
    """The check's text summary of a clean change (see formats/text.py ``summary_line``): how
    many findings the baseline holds, and how many of its entries for these files are gone."""
    head = f"No new violations in {files} file" + ("" if files == 1 else "s")
    aside = [f"{baselined} baselined"] if baselined else []
    if stale:
        aside.append(f"{stale} baselined fixed: run `standards baseline`")
    return head + (f" ({'; '.join(aside)})" if aside else "") + ".\n"


def _judge(files: list[str]) -> str:
    root = os.getcwd()
    if not os.path.lexists(os.path.join(root, ".git")) or "GIT_DIR" in os.environ or "GIT_WORK_TREE" in os.environ:
        raise Declined("not at the top of a work tree git finds by itself")
    if _colour():
        raise Declined("coloured output")
    real = os.path.realpath(root)
    plan = load_plan(real)
    if plan is None:
        raise Declined("no plan that still holds")
    git = [*git_hardening.prefix(), "-C", real]
    env = {**os.environ, **git_hardening.ENV}
    started: list[subprocess.Popen] = []
    try:
        # the hook passes the staged files: ruff starts on them at once, and the staged listing
        # that follows must name exactly them (else the check decides)
        named = sorted({os.path.normpath(f) for f in files if source_kinds.language_of(f) is not None})
        early = bool(named) and all(_plain_python_file(real, f) for f in named)
        if early:
            check, fmt = _start_ruff(plan, real, named, started)
        listed = _staged(_output(git + _DIFF_INDEX, env))
        paths = _admit(plan, real, list(listed), files)
        staged = {p: listed[p] for p in paths}
        if early and named != sorted(paths):
            raise Declined("the hook's Python files are not the staged ones")
        if not early and paths:
            if not all(_plain_python_file(real, p) for p in paths):
                raise Declined("a staged file that is not a regular Python file in the work tree")
            check, fmt = _start_ruff(plan, real, paths, started)
        elif not paths:
            check, fmt = None, None  # no source staged: nothing for ruff, as in the check
        attrs = (
            _start(git + ["check-attr", "-z", "--stdin", *plan["attributes"]], real, env, started) if paths else None
        )
        screened = any(rule["screen"] for rule in plan["rules"])
        diff = _start(git + [*diff_hunks.STAGED_DIFF_ARGS, "HEAD", "--"], real, env, started) if screened else None
        texts, marked = _read(plan, real, staged)
        _no_rule_fires(plan, texts, staged, _finish(diff) if diff is not None else None)
        asked = b"".join(p.encode("utf-8") + b"\0" for p in paths)
        _no_marked_files(_finish(attrs, asked) if attrs is not None else b"", set(plan["attributes"]))
        if marked:
            request = "".join(f"HEAD:{p}\n" for p in sorted(marked)).encode("utf-8")
            bases = _blobs(_output(git + ["cat-file", "--batch"], env, request), sorted(marked))
            _no_added_suppressions(plan, marked, bases)
        if fmt is not None and _finish(fmt).strip():
            raise Declined("formatter drift")
        found = _findings(plan, real, texts, _finish(check, ok=(0, 1))) if check is not None else []
        baselined, stale = _baselined(plan, real, set(paths), found)
    finally:
        for proc in started:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    return summary(len(paths), baselined, stale)


_DIFF_INDEX = ["diff-index", "--cached", "--raw", "-z", "--no-renames", "--no-textconv", "--no-ext-diff", "HEAD", "--"]


def _colour() -> bool:
    """Whether the check would colour its text (``--color auto``): the quick verdict prints plain text."""
    if os.environ.get("NO_COLOR", "") != "":
        return False
    return os.environ.get("FORCE_COLOR", "") not in ("", "0") or sys.stdout.isatty()


def _staged(raw: bytes) -> dict[str, tuple[str, str]]:
    """Staged path -> (status, staged blob id) from ``diff-index --raw -z``: files added or
    modified as regular files. A deleted file is left out, as the check leaves it out (it lists
    ``--diff-filter=ACMR``); anything else (a symlink, a submodule, a type change) declines."""
    fields = raw.split(b"\0")
    out: dict[str, tuple[str, str]] = {}
    i = 0
    while i + 1 < len(fields) and fields[i]:
        meta = fields[i].decode("ascii").split(" ")
        path = fields[i + 1].decode("utf-8")  # a name that is not UTF-8 is skipped by the check
        i += 2
        if len(meta) == 5 and meta[4] == "D":
            continue
        if len(meta) != 5 or meta[4] not in ("M", "A") or meta[1] not in ("100644", "100755") or len(meta[3]) != 40:
            raise Declined(f"{path}: {meta[-1]} (mode {meta[1] if len(meta) > 1 else '?'})")
        out[path] = (meta[4], meta[3])
    return out


def _admit(plan: dict, root: str, staged: list[str], files: list[str]) -> list[str]:
    """The change's Python files, when the plan answers for the change (see the module
    docstring); files that are no source (docs, data) ride along unchecked, as in the check."""
    signed = {rel for rel, _sig in plan["inputs"]}
    for rule in plan["rules"]:
        if rule["names"] is None and not rule["screen"]:
            raise Declined(f"rule {rule['id']} applies, and only running it can tell")
    if files and {os.path.normpath(f) for f in files} != set(staged):
        raise Declined("the hook's file list is not the staged change")
    paths = []
    for path in staged:
        language = source_kinds.language_of(path)
        name = path.rsplit("/", 1)[-1]
        if language is None and name in plan["linter_configs"] and not _plain_file(root, path):
            raise Declined(f"{path}: a configuration that is not a regular file (the check refuses it)")
        if language is None:
            continue  # no source: the check lists it for its change rules and reads nothing of it
        if language != "python" or " " in path or source_kinds.is_vendored(path):
            raise Declined(f"{path}: not a plain Python source file")
        folders = path.split("/")[:-1]
        for depth in range(1, len(folders) + 1):
            here = "/".join(folders[:depth])
            for config in (f"{here}/{n}" for n in plan["nested_configs"]):
                if config not in signed and os.path.lexists(os.path.join(root, config)):
                    raise Declined(f"{path}: {config} is not in the plan")
        paths.append(path)
    if len(paths) > MAX_PATHS or sum(len(p) + 1 for p in paths) > plan["max_args_chars"]:
        raise Declined("a large change")
    return paths


def _plain_python_file(root: str, rel: str) -> bool:
    """A relative path inside the repository naming a regular Python file (no symlink, FIFO or
    device: ruff is never started on one)."""
    return source_kinds.language_of(rel) == "python" and _plain_file(root, rel)


def _plain_file(root: str, rel: str) -> bool:
    """A relative path inside the repository naming a regular file (not a symlink)."""
    if os.path.isabs(rel) or rel.startswith(".."):
        return False
    try:
        return (os.lstat(os.path.join(root, rel)).st_mode & 0o170000) == 0o100000
    except OSError:
        return False


def _start_ruff(
    plan: dict, root: str, paths: list[str], started: list[subprocess.Popen]
) -> tuple[subprocess.Popen, subprocess.Popen | None]:
    """The check's `ruff check` and (when it runs one) `ruff format --diff` on ``paths``."""
    check = _start([*plan["ruff_check"], "--", *paths], root, None, started)
    fmt = _start([*plan["ruff_format"], "--", *paths], root, None, started) if plan["ruff_format"] else None
    return check, fmt


def _start(argv: list[str], cwd: str, env: dict | None, started: list[subprocess.Popen]) -> subprocess.Popen:
    proc = subprocess.Popen(
        argv, cwd=cwd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    started.append(proc)
    return proc


def _finish(proc: subprocess.Popen, given: bytes = b"", ok: tuple[int, ...] = (0,)) -> bytes:
    out, _ = proc.communicate(given, timeout=TIMEOUT)
    if proc.returncode not in ok:
        raise Declined(f"{proc.args[0]} exited {proc.returncode}")
    return out


def _output(argv: list[str], env: dict, given: bytes = b"") -> bytes:
    done = subprocess.run(argv, input=given, capture_output=True, env=env, timeout=TIMEOUT, check=False)
    if done.returncode != 0:
        raise Declined(f"git exited {done.returncode}")
    return done.stdout


def _read(plan: dict, root: str, staged: dict[str, tuple[str, str]]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Each file's text, judged as the check's discovery judges it; and for the modified files
    that hold a linter's suppression comment, the lines that hold one."""
    texts: dict[str, str] = {}
    marked: dict[str, list[str]] = {}
    for path, (status, blob) in staged.items():
        data = _regular_bytes(os.path.join(root, path))
        if source_kinds.GENERATED_NAME.search(path) or source_kinds.content_skip_reason(path, data) is not None:
            raise Declined(f"{path}: not checked by the check")
        if sha1(b"blob %d\0" % len(data) + data).hexdigest() != blob:
            raise Declined(f"{path}: the work tree differs from the index")
        text = source_text.decode(data)
        if plan["our_marker"] in text:
            raise Declined(f"{path}: holds a standards suppression")
        lines = _suppression_lines(plan, text)
        if lines and status == "A":
            raise Declined(f"{path}: a new file with a suppression comment")
        if lines:
            marked[path] = lines
        texts[path] = text
    return texts, marked


def may_fire(rule: dict, file: quick_screens.Staged) -> bool:
    """Whether one of the plan's rules may find something in a staged file: only where its base
    name matches the rule's globs, when it declares them, and its screen says it may, when it
    has one (see :class:`standards.rules.Switch`)."""
    names = rule["names"]
    if names is not None and not any(fnmatchcase(file.path.rsplit("/", 1)[-1], g) for g in names):
        return False
    if not rule["screen"] or rule["id"] in quick_screens.CHANGE_SCREENS:  # a change screen: judged once
        return not rule["screen"]
    return quick_screens.SCREENS[rule["id"]](file, rule["data"])


def _no_rule_fires(plan: dict, texts: dict[str, str], staged: dict[str, tuple[str, str]], diff: bytes | None) -> None:
    lines, new_files = diff_hunks.parse(diff) if diff is not None else ({}, set())
    for rule in plan["rules"]:
        whole = quick_screens.CHANGE_SCREENS.get(rule["id"])
        if rule["screen"] and whole is not None and whole(lines, rule["data"]):
            raise Declined(f"rule {rule['id']} may find something in the change")
    for path, text in texts.items():
        file = quick_screens.Staged(path, text, lines.get(path), path in new_files)
        if diff is not None and (path in new_files) != (staged[path][0] == "A"):
            raise Declined(f"{path}: the diff and the listing disagree")
        for rule in plan["rules"]:
            if may_fire(rule, file):
                raise Declined(f"{path}: rule {rule['id']} may find something")


def _regular_bytes(full: str) -> bytes:
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(full, flags)
    try:
        info = os.fstat(fd)
        if (info.st_mode & 0o170000) != 0o100000 or info.st_size > source_kinds.MAX_FILE_BYTES:
            raise Declined(f"{full}: not a regular file within the size limit")
        data = os.read(fd, source_kinds.MAX_FILE_BYTES + 1)
    finally:
        os.close(fd)
    if len(data) != info.st_size:
        raise Declined(f"{full}: changed while read")
    return data


def _suppression_lines(plan: dict, text: str) -> list[str]:
    """The lines holding a keyword of a linter's suppression comment (lowercased, as
    native_suppressions.might_have reads them); most files hold none, found in one pass."""
    keys = plan["suppression_keywords"]
    lowered = text.lower()
    if not any(k in lowered for k in keys):
        return []
    return [line for line, low in zip(text.split("\n"), lowered.split("\n")) if any(k in low for k in keys)]


def _no_marked_files(out: bytes, attributes: set[str]) -> None:
    fields = out.split(b"\0")
    for i in range(0, len(fields) - 2, 3):
        if fields[i + 1].decode("utf-8") in attributes and fields[i + 2] in (b"set", b"true"):
            raise Declined(f"{fields[i].decode('utf-8')}: marked by .gitattributes")


def _blobs(out: bytes, paths: list[str]) -> dict[str, bytes]:
    """The base versions of ``paths`` (``HEAD:path`` requests), every one of them or none."""
    found = git_objects.batch_contents(out, paths)
    if len(found) != len(paths):
        raise Declined("a file with no base version")
    return found


def _no_added_suppressions(plan: dict, marked: dict[str, list[str]], bases: dict[str, bytes]) -> None:
    """Every suppression-comment line of a file is one its base version already holds, so the
    change adds no suppression (a comment's identity is its line's text, not its number)."""
    for path, lines in marked.items():
        before = Counter(_suppression_lines(plan, source_text.decode(bases[path])))
        if Counter(lines) - before:
            raise Declined(f"{path}: a suppression comment the base does not hold")


def _findings(plan: dict, root: str, texts: dict[str, str], out: bytes) -> list[tuple[str, int, int, str, str]]:
    """The ruff findings the check reports, as (path, line, column, rule, source line)."""
    found = []
    error, warn = plan["ranks"]["error"], plan["ranks"]["warn"]
    levels, selected = plan["ruff_levels"], plan["selected"]
    lines_of: dict[str, list[str]] = {}
    for item in json.loads(out or b"[]"):
        code = item.get("code") or "E999"
        if code in plan["unquick_codes"]:
            raise Declined(f"ruff: {code}")
        key = ruff_codes.longest_prefix("ruff", code, levels)
        if key is not None:
            rank = levels[key]
        else:
            rank = error if any(ruff_codes.selects(s, code) for s in selected) else warn
        if rank > warn:
            continue  # below warn: the check does not report it
        filename = item.get("filename", "")
        if not filename.startswith(root + os.sep):
            raise Declined(f"ruff named {filename}")
        path = filename[len(root) + 1 :].replace(os.sep, "/")
        lines = lines_of.setdefault(path, texts[path].split("\n"))
        row = int((item.get("location") or {}).get("row") or 1)
        column = int((item.get("location") or {}).get("column") or 1)
        found.append((path, row, column, f"ruff:{code}", lines[row - 1] if 0 < row <= len(lines) else ""))
    return found


def _baselined(plan: dict, root: str, paths: set[str], found: list[tuple[str, int, int, str, str]]) -> tuple[int, int]:
    """How many findings the baseline holds (declines when one is new), and how many of its
    entries for these files, of the tools that ran (ruff, ours), no finding matches any more:
    the debt paid, which the check reports as "baselined fixed" (see baseline.apply)."""
    try:
        with open(os.path.join(root, plan["baseline"]), "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        data = b'{"entries": []}'
    entries = _entries_on_lines(data, paths) if plan.get("baseline_canonical") else _entries_parsed(data, paths)
    keys = {(rule, path, fp) for (path, _l, _c, rule, _s), fp in zip(found, fingerprints(found))}
    if keys - entries:
        raise Declined("a finding the baseline does not hold")
    stale = [e for e in entries - keys if e[0].partition(":")[0] in ("ruff", "standards")]
    return len(found), len(stale)


def _entries_parsed(data: bytes, paths: set[str]) -> set[tuple[str, str, str]]:
    """The baseline's (rule, path, fingerprint) entries for ``paths``, from the whole file."""
    entries = set()
    for item in json.loads(data)["entries"]:
        if isinstance(item, dict) and str(item.get("path")) in paths:
            entries.add((str(item["rule"]), str(item["path"]), str(item["fingerprint"])))
    return entries


def _entries_on_lines(data: bytes, paths: set[str]) -> set[tuple[str, str, str]]:
    """The same, read only from the lines that name these paths: for a baseline the plan found
    exactly as `standards baseline` renders it (one entry a line, its path written as
    ``"path": <JSON string>``), which its signature keeps true while the plan holds."""
    entries = set()
    for path in paths:
        needle = b'"path": ' + json.dumps(path, ensure_ascii=False).encode("utf-8")
        at = data.find(needle)
        while at != -1:
            start = data.rfind(b"\n", 0, at) + 1
            end = data.find(b"\n", at)
            end = len(data) if end == -1 else end
            item = json.loads(data[start:end].strip().rstrip(b","))
            if item["path"] == path:
                entries.add((str(item["rule"]), path, str(item["fingerprint"])))
            at = data.find(needle, end)
    return entries
