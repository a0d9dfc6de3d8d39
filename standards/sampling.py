"""Fixed samples of a repository's files, for measurements that a few hundred files decide.

The order is a hash of each path: spread over the whole tree (not the first directories
alphabetically) and the same on every run, so a second ``init`` changes nothing."""

from __future__ import annotations

import hashlib


def spread_key(path: str) -> str:
    return hashlib.sha1(path.encode("utf-8", "surrogateescape")).hexdigest()


def sample(paths: list[str], limit: int) -> list[str]:
    """At most ``limit`` of ``paths``, evenly spread, in path order."""
    if len(paths) <= limit:
        return paths
    return sorted(sorted(paths, key=spread_key)[:limit])
