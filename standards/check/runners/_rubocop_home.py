"""Where RuboCop keeps its result cache for `standards check`: a per-user directory outside every
repository, ``$XDG_CACHE_HOME/standards/rubocop`` (``~/.cache/...``), made 0700.

RuboCop needs its result cache to lint on several cores (``--parallel`` warms it in worker
processes, then reports from it). It keys each file's offenses by its own version, the options
(the ``--config`` path among them), the file's path, mode and bytes, and the loaded
configuration's signature. A cache that outlives one run is therefore of use only when the
configuration file keeps its path: it is written to ``configs/<key>/``, ``key`` hashing its
text and the version files beside it (``.ruby-version``... decide which Ruby RuboCop parses for
and are in none of RuboCop's keys), so one configuration is always one file, and two checks
running at once write identical bytes there. The offenses live in ``results/``, which RuboCop
prunes itself (``MaxFilesInCache``); configuration directories unused for :data:`KEEP_DAYS`
days are removed when a new one is made. When the directory cannot be used (not ours, a
symlink, not writable) :func:`prepared` returns None and the run keeps its cache in its
private scratch directory instead, for that run only.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from standards import fsutil

CONFIG = "standards-rubocop.yml"
KEEP_DAYS = 30


@dataclass(frozen=True)
class Home:
    """One configuration's place: RuboCop's working directory, its ``--config`` and ``--cache-root``."""

    cwd: Path
    config: Path
    results: Path


def base() -> Path:
    cache = os.environ.get("XDG_CACHE_HOME", "") or str(Path.home() / ".cache")
    return Path(cache).expanduser().absolute() / "standards" / "rubocop"


def key(text: str, versions: dict[str, bytes]) -> str:
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=16)
    for name in sorted(versions):
        digest.update(b"\0" + name.encode("utf-8") + b"\0" + versions[name])
    return digest.hexdigest()


def prepared(text: str, versions: dict[str, bytes]) -> Home | None:
    """The place of the configuration ``text`` with the version files ``versions`` (name ->
    bytes), written if new; None when the per-user directory cannot be used."""
    top = base()
    try:
        top.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        for directory in (top, top / "configs", top / "results"):
            _own_directory(directory)
        place = top / "configs" / key(text, versions)
        fresh = not place.exists()
        _own_directory(place)
        config = place / CONFIG
        for name, data in {**versions, CONFIG: text.encode("utf-8")}.items():
            if not _holds(place / name, data):
                fsutil.atomic_write(place / name, data)
        os.utime(place)  # used now: kept by the pruning below
        _server_directory(top / "results", place)
    except OSError:
        return None
    if fresh:
        prune(top / "configs", keep=place)
    return Home(cwd=place, config=config, results=top / "results")


def prune(configs: Path, keep: Path, days: int = KEEP_DAYS) -> None:
    """Remove the configuration directories not used for ``days`` days."""
    limit = time.time() - days * 86_400
    try:
        entries = list(os.scandir(configs))
    except OSError:
        return
    for entry in entries:
        try:
            if entry.path != str(keep) and entry.is_dir(follow_symlinks=False) and entry.stat().st_mtime < limit:
                shutil.rmtree(entry.path, ignore_errors=True)
        except OSError:
            continue


def _server_directory(results: Path, cwd: Path) -> None:
    """RuboCop 1.39 makes ``<cache root>/rubocop_cache/server/<its working directory>`` on its
    first run there, and the Ruby file it loads to do so changes the checksum of RuboCop itself
    that its cache is keyed by: the next run would find none of the first run's results. Made
    beforehand, every run keys alike. (RuboCop names the directory after the nearest parent with
    a ``Gemfile``, else its working directory; our configuration directories have none.)"""
    name = str(cwd.resolve()).lstrip("/").replace("/", "+")
    (results / "rubocop_cache" / "server" / name).mkdir(mode=0o700, parents=True, exist_ok=True)


def _own_directory(path: Path) -> None:
    """``path`` as a directory of this user's, not a symlink, made 0700 if missing; else OSError."""
    try:
        path.mkdir(mode=0o700)
    except FileExistsError:
        pass
    info = os.lstat(path)
    mine = info.st_uid == os.getuid() if hasattr(os, "getuid") else True
    if not stat.S_ISDIR(info.st_mode) or not mine:
        raise OSError(f"{path}: not a directory of this user")


def _holds(path: Path, data: bytes) -> bool:
    try:
        return fsutil.read_bytes(path, len(data) + 1) == data
    except fsutil.Unreadable:
        return False
