"""The fixed part of every git call: the ``-c`` overrides that switch off the programs a
hostile repository's configuration could make git run for us (fsmonitor, hooks, external
diff, pagers, signing and credential programs, auto-maintenance), and the variables set on
every call. Standard library only: :mod:`standards.gitutil` builds every call on it, and so
does the hook's quick verdict (:mod:`standards.check.quick`), which must start no git process
the check would not start the same way.

Filter and diff drivers are switched off by name per repository in :mod:`standards.gitutil`;
the quick verdict runs only plumbing that applies none (``diff-index --raw``, ``check-attr``,
``cat-file --batch``).
"""

from __future__ import annotations

import os

# Overrides on every call: programs git could run for us, pagers, hooks and auto-maintenance.
HARDENING: tuple[tuple[str, str], ...] = (
    ("core.fsmonitor", ""),
    ("core.hooksPath", os.devnull),
    ("diff.external", ""),
    ("core.pager", "cat"),
    ("log.showSignature", "false"),
    ("gpg.program", "false"),
    ("gpg.ssh.program", "false"),
    ("gpg.x509.program", "false"),
    ("credential.helper", ""),
    ("core.askPass", ""),
    ("core.sshCommand", "false"),
    ("gc.auto", "0"),
    ("maintenance.auto", "false"),
)
ENV = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_OPTIONAL_LOCKS": "0",
    "GIT_PAGER": "cat",
    "LC_ALL": "C",
}


def prefix() -> list[str]:
    """``git --no-pager -c key=value ...``: the fixed part of every call."""
    argv = ["git", "--no-pager"]
    for key, value in HARDENING:
        argv += ["-c", f"{key}={value}"]
    return argv
