"""The check cache: a second `standards check --all` on an unchanged repository reuses the
first one's findings, as ruff's cache does.

Linter findings are stored per tool and per file, keyed by the file's content hash; a file
whose bytes changed is linted again, the others are not. Our own rules judge the repository
as a whole, so their findings are reused only when no checked file changed. Everything is
also keyed by what could change a result without changing a file: the versions of
`standards` and of each linter, ``standards.toml``, and every linter configuration file in
the repository (any change to one of them starts a fresh cache).

The cache lives in ``.standards/cache/`` (git-ignored by the ``.gitignore`` written inside
it). The repository is hostile, and a cache that says "no findings" is an escape hatch if it
can be planted: so each cache file carries an HMAC made with a secret key that lives outside
the repository (``$XDG_CACHE_HOME/standards/cache-key``, created 0600 on first use). A cache
file committed to the repository, copied from another machine or edited by hand fails the
check and is ignored (so a fresh CI machine never trusts one). Beyond the signature, the
whole cache is left alone (neither read nor written) when git tracks any file under it, when
``.standards`` or the cache directory is a symlink or leads outside the repository, and under
``CI=true`` (CI never reads a cache from the checkout). Reads are bounded; writes are atomic
and confined to the cache directory. ``STANDARDS_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from standards import __version__, fsutil, gitutil
from standards.check import quick
from standards.errors import StandardsError
from standards.model import Finding, Fix, Level

DIRECTORY = ".standards/cache"
LIMIT = 256 * 1024 * 1024
RULES = "standards-rules"
_FORMAT = 1


def key_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME", "") or str(Path.home() / ".cache")
    return Path(base).expanduser() / "standards" / "cache-key"


def secret() -> bytes | None:
    """The per-user key that signs cache files, created on first use; None when it cannot be
    kept (then nothing is cached)."""
    path = key_path()
    try:
        data = fsutil.read_bytes(path, 1024)
        if len(data) >= 32:
            return data
    except fsutil.Unreadable:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return None  # another process made it meanwhile, or it is not a file we can read: no cache
    except OSError:
        return None
    key = secrets.token_bytes(32)
    with os.fdopen(fd, "wb") as out:
        out.write(key)
    return key


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass
class Cache:
    """One run's view of the cache: what it found, and what it will store."""

    root: Path
    key: str  # versions and configuration
    secret: bytes
    hashes: dict[str, str]  # path -> content hash of the files this run checks
    tools: dict[str, dict[str, Any]] = field(default_factory=dict)  # tool -> {"files": {path: [hash, findings]}}
    dirty: set[str] = field(default_factory=set)
    surroundings: list[str] = field(default_factory=list)  # what our rules may see beside the checked files
    hits: dict[str, int] = field(default_factory=dict)  # tool -> files whose findings came from the cache
    misses: dict[str, int] = field(default_factory=dict)  # tool -> files linted afresh
    whole_tree: bool = False  # this run checks every file (--all): entries of files gone are dropped on save

    @classmethod
    def open(cls, root: Path, identity: dict[str, str], contents: dict[str, bytes]) -> Cache | None:
        """The cache for this configuration (``identity``: tool versions and config file hashes)
        and these file contents; None when caching is off or cannot be kept."""
        if os.environ.get("STANDARDS_NO_CACHE", "") not in ("", "0") or refusal(root) is not None:
            return None
        key_bytes = secret()
        if key_bytes is None:
            return None
        key = hashlib.sha256(json.dumps({"v": __version__, "f": _FORMAT, **identity}, sort_keys=True).encode())
        hashes = {path: content_hash(data) for path, data in contents.items()}
        return cls(root, key.hexdigest(), key_bytes, hashes)

    def split(self, tool: str, paths: list[str]) -> tuple[list[Finding], list[str]]:
        """The cached findings of ``tool`` for the unchanged ``paths``, and the paths to lint."""
        files = self._load(tool).get("files", {})
        hits: list[Finding] = []
        misses: list[str] = []
        for path in paths:
            entry = files.get(path) if isinstance(files, dict) else None
            found = _entry_findings(entry, self.hashes.get(path))
            if found is None:
                misses.append(path)
            else:
                hits += found
        self.hits[tool] = self.hits.get(tool, 0) + len(paths) - len(misses)
        self.misses[tool] = self.misses.get(tool, 0) + len(misses)
        if self.whole_tree and isinstance(files, dict) and not files.keys() <= self.hashes.keys():
            self.dirty.add(tool)  # a file is gone: its entry goes when the cache is saved
        return hits, misses

    def notes(self, tool: str) -> list[str]:
        """What ``tool`` said about its configuration the last time it ran (the report repeats it)."""
        found = self._load(tool).get("notes", [])
        return [str(n) for n in found] if isinstance(found, list) else []

    def store(self, tool: str, paths: list[str], findings: list[Finding], notes: list[str] | None = None) -> None:
        """Record ``findings`` of ``tool`` for the freshly linted ``paths``. A finding about a
        file outside ``paths`` cannot be kept per file: then nothing of this run is stored."""
        by_path: dict[str, list[dict[str, Any]]] = {p: [] for p in paths}
        for finding in findings:
            if finding.path not in by_path:
                return
            by_path[finding.path].append(_plain(finding))
        data = self._load(tool)
        files = data.get("files")
        if not isinstance(files, dict):
            files = data["files"] = {}
        for path, items in by_path.items():
            if path in self.hashes:
                files[path] = [self.hashes[path], items]
        data["notes"] = list(notes or [])
        self.dirty.add(tool)

    def whole(self) -> list[Finding] | None:
        """Our rules' findings when every checked file is as it was when they were stored."""
        data = self._load(RULES)
        items = data.get("findings")
        if data.get("tree") != self._tree() or not isinstance(items, list):
            self.misses[RULES] = self.misses.get(RULES, 0) + 1
            return None
        try:
            found = [_finding(item) for item in items]
        except (TypeError, ValueError, KeyError):
            self.misses[RULES] = self.misses.get(RULES, 0) + 1
            return None
        self.hits[RULES] = self.hits.get(RULES, 0) + 1
        return found

    def store_whole(self, findings: list[Finding]) -> None:
        self.tools[RULES] = {"tree": self._tree(), "findings": [_plain(f) for f in findings]}
        self.dirty.add(RULES)

    def save(self) -> None:
        """Write what changed; a cache that cannot be written is skipped, never an error."""
        if not self.dirty:
            return
        directory = self.root / DIRECTORY
        try:
            if refusal(self.root) is not None:  # made a symlink meanwhile: never written through
                return
            directory.mkdir(parents=True, exist_ok=True)
            if refusal(self.root) is not None:
                return
            ignore = directory / ".gitignore"
            if not ignore.is_file():
                fsutil.atomic_write(ignore, "# written by standards: the check cache is never committed\n*\n")
            for tool in self.dirty:
                files = self.tools[tool].get("files")
                if self.whole_tree and isinstance(files, dict):
                    self.tools[tool]["files"] = {p: entry for p, entry in files.items() if p in self.hashes}
                body = json.dumps({"key": self.key, **self.tools[tool]}, separators=(",", ":"), sort_keys=True)
                mac = hmac.new(self.secret, body.encode(), hashlib.sha256).hexdigest()
                fsutil.atomic_write(directory / _file_name(tool), f"{mac}\n{body}")
        except (OSError, StandardsError):
            return

    def _load(self, tool: str) -> dict[str, Any]:
        if tool not in self.tools:
            self.tools[tool] = self._read(tool)
        return self.tools[tool]

    def _read(self, tool: str) -> dict[str, Any]:
        path = self.root / DIRECTORY / _file_name(tool)
        try:
            if not fsutil.inside(self.root, path.resolve()):
                return {}
            raw = fsutil.read_bytes(path, LIMIT).decode("utf-8")
        except (fsutil.Unreadable, UnicodeDecodeError, OSError):
            return {}
        mac, _, body = raw.partition("\n")
        expected = hmac.new(self.secret, body.encode(), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(mac.encode(), expected.encode()):
            return {}  # not written by this user's standards: ignored
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):
            return {}
        if not isinstance(data, dict) or data.get("key") != self.key:
            return {}
        data.pop("key", None)
        return data

    def _tree(self) -> str:
        digest = hashlib.sha256()
        for path in sorted(self.hashes):
            digest.update(f"{path}\0{self.hashes[path]}\n".encode())
        for name in sorted(self.surroundings):
            digest.update(f"{name}\0\n".encode())
        return digest.hexdigest()


def refusal(root: Path) -> str | None:
    """Why the cache directory of ``root`` must not be used (neither read nor written), or None:
    under ``CI=true`` (CI never reads a cache from the checkout), when ``.standards`` or the
    cache directory is a symlink or leads outside the repository, when git tracks a file under
    it (a committed cache is planted, whatever it says)."""
    if os.environ.get("CI", "").lower() == "true":
        return "CI=true: the cache in the checkout is not read in CI"
    top = root.resolve()
    here = root
    for part in Path(DIRECTORY).parts:
        here = here / part
        if here.is_symlink():
            return f"{here.relative_to(root).as_posix()} is a symlink: the cache is not used"
    if (root / DIRECTORY).exists() and not fsutil.inside(top, root / DIRECTORY):
        return f"{DIRECTORY} leads outside the repository: the cache is not used"
    tracked = gitutil.run(root, "ls-files", "-z", "--cached", "--full-name", "--", DIRECTORY)
    if tracked:
        return f"git tracks files under {DIRECTORY}: the cache is not used (remove them from git)"
    return None


def _entry_findings(entry: object, current: str | None) -> list[Finding] | None:
    """The findings of one file's cache entry when it was stored for the bytes the file has now."""
    if current is None or not isinstance(entry, list) or len(entry) != 2 or entry[0] != current:
        return None
    if not isinstance(entry[1], list):
        return None
    try:
        return [_finding(item) for item in entry[1]]
    except (TypeError, ValueError, KeyError):
        return None  # signed by us, but not in the shape this version reads: lint again


def _plain(finding: Finding) -> dict[str, Any]:
    """A finding as JSON data (what :func:`_finding` reads back); ``asdict`` is several times slower."""
    item = dict(vars(finding))
    item["level"] = finding.level.value
    item["fix"] = dict(vars(finding.fix)) if finding.fix is not None else None
    return item


def _file_name(tool: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in tool) + ".json"


def _finding(item: dict[str, Any]) -> Finding:
    fix = item.get("fix")
    values = {**item, "level": Level(item["level"]), "fix": Fix(**fix) if isinstance(fix, dict) else None}
    return Finding(**values)


def identity(root: Path, listing: list[str]) -> dict[str, str]:
    """What could change a result without changing a checked file: the linters' versions (by
    the installed files, without starting them), the code of `standards` itself,
    standards.toml and every linter configuration or ignore file of the repository (by content)."""
    from standards import ruff_tool, toolchain
    from standards.check import versions
    from standards.discovery import LINTER_CONFIGS

    found: dict[str, str] = {"ruff": ruff_tool.version() or "", "standards": _code_stamp()}
    eslint = toolchain.find_eslint(root)
    found["eslint"] = _stamp(eslint.modules / "eslint" / "package.json") if eslint is not None else ""
    rubocop = toolchain.find_rubocop(root)
    found["rubocop"] = _stamp(rubocop) if rubocop is not None else ""
    named = {p for p in listing if p.rpartition("/")[2] in LINTER_CONFIGS}
    for rel in sorted({"standards.toml", *versions.config_files(listing), *named}):
        try:
            found[f"config:{rel}"] = content_hash(fsutil.read_repo_bytes(root, rel))
        except (StandardsError, OSError):
            found[f"config:{rel}"] = "unreadable"
    return found


def _stamp(path: Path) -> str:
    try:
        real = path.resolve()
        info = real.stat()
    except OSError:
        return ""
    return f"{real}:{info.st_size}:{info.st_mtime_ns}"


def _code_stamp() -> str:
    """The installed `standards` code, by its files' names, sizes and times when this process
    started using it: an edited checkout of the same version starts a fresh cache (the stamp
    the hook's quick verdict keys its plans by)."""
    return quick.package_stamp()
