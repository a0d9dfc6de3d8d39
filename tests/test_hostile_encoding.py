"""Hostile input: encodings, line endings and file names.

Latin-1 source, a UTF-8 BOM, CRLF and mixed line endings are read as text (never a crash,
never a parse error); file names with spaces and non-ASCII characters go through `init`
and `check --staged` like any other, whatever git's quoting does to them."""

from __future__ import annotations

import json
import pytest

from standards import fsutil, gitutil
from standards.context import Context
from standards.discovery import discover

from _repo import git, make_repo, standards, style_repo, write

LATIN1 = (
    "# -*- coding: latin-1 -*-\n".encode()
    + "GREETING = 'caf\xe9'\n\n\ndef greet():\n    return GREETING\n".encode("latin-1")
)
BOM = b"\xef\xbb\xbf" + b'"""With a BOM."""\n\n\ndef bom_function():\n    return 1\n'
CRLF = b'"""Windows endings."""\r\n\r\n\r\ndef crlf_function():\r\n    return 1\r\n'
MIXED = b'"""Mixed endings."""\r\n\n\r\ndef mixed_function():\n    return 1\r'

ODD_NAMES = [
    "pkg/with space.py",
    "pkg/caf\u00e9_mod.py",
    "pkg/na\u00efve new.py",
    "pkg/\u65e5\u672c.py",
    'pkg/quote"d.py',
    "pkg/back\\slash.py",
]


def good_module(name: str) -> str:
    return f'"""Module {name}."""\n\n\ndef {name}():\n    return 1\n'


def bad_module(name: str) -> str:
    return f'"""Module {name}."""\n\n\ndef {name}Bad():\n    return 1\n'


def test_decode_never_fails_and_normalises_newlines():
    assert fsutil.decode(BOM).startswith('"""With a BOM."""\n')
    assert "\r" not in fsutil.decode(CRLF) and "\r" not in fsutil.decode(MIXED)
    assert fsutil.decode(MIXED).count("\n") == 5
    assert "caf\xe9" in fsutil.decode(LATIN1)
    assert fsutil.decode(bytes(range(256)))  # any byte string decodes


def test_odd_encodings_parse_and_are_analysed(tmp_path):
    root = make_repo(
        tmp_path / "r", {"pkg/latin.py": LATIN1, "pkg/bom.py": BOM, "pkg/crlf.py": CRLF, "pkg/mixed.py": MIXED}
    )
    ctx = Context(root=root, discovery=discover(root))
    modules = {m.path for m in ctx.python_modules()}
    assert modules == {"pkg/latin.py", "pkg/bom.py", "pkg/crlf.py", "pkg/mixed.py"}
    assert ctx.parse_errors == {}
    assert ctx.python("pkg/crlf.py").line(4) == "def crlf_function():"


@pytest.mark.parametrize("quotepath", ["true", "false"])
def test_diff_paths_with_spaces_and_non_ascii(tmp_path, quotepath):
    root = make_repo(tmp_path / "r", {"README.md": "x\n"})
    git(root, "config", "core.quotePath", quotepath)
    git(root, "config", "diff.mnemonicPrefix", "true")  # i/ w/ prefixes unless we ask for a/ b/
    write(root, {name: "one = 1\n" for name in ODD_NAMES})
    git(root, "add", "-A")
    info = gitutil.diff_lines(root, "--cached")
    assert set(info.lines) == set(ODD_NAMES)
    assert info.new_files == set(ODD_NAMES)
    assert all(lines == {1} for lines in info.lines.values())
    assert set(gitutil.staged_files(root)) == set(ODD_NAMES)


def test_unquote_c():
    assert gitutil.unquote_c(rb"caf\303\251 \"x\"\\\t") == 'café "x"\\\t'.encode()


def test_init_and_check_staged_with_odd_names_and_encodings(tmp_path):
    root = style_repo(tmp_path / "r", modules=8)
    files: dict[str, str | bytes] = {
        "pkg/latin.py": LATIN1,
        "pkg/bom.py": BOM,
        "pkg/crlf.py": CRLF,
        "pkg/mixed.py": MIXED,
    }
    files.update({name: good_module(f"odd_{i}") for i, name in enumerate(ODD_NAMES)})
    write(root, files)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Odd files")
    init = standards(root, "init", "--no-hooks")
    assert init.returncode == 0, init.stderr
    assert "Traceback" not in init.stdout + init.stderr
    assert "do not parse" not in init.stdout
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Adopt standards")

    # a camelCase function (the repo is snake_case) in each oddly named file, staged
    write(root, {name: bad_module(f"odd_{i}") for i, name in enumerate(ODD_NAMES)})
    git(root, "add", "-A")
    check = standards(root, "check", "--staged", "--format", "json")
    assert check.returncode == 1, check.stderr
    report = json.loads(check.stdout)
    flagged = {f["path"] for f in report["findings"] if f["rule"] == "ruff:N802"}
    assert flagged == set(ODD_NAMES)

    # CRLF and BOM files keep their bytes: nothing rewrote them
    assert (root / "pkg/crlf.py").read_bytes() == CRLF
    assert (root / "pkg/bom.py").read_bytes() == BOM


def test_paths_reported_for_odd_names_round_trip(tmp_path):
    """A path that discovery reports is one that exists (no quoting left in it)."""
    root = make_repo(tmp_path / "r", {name: "one = 1\n" for name in ODD_NAMES})
    found = {f.path for f in discover(root).files}
    assert found == set(ODD_NAMES)
    assert all((root / p).is_file() for p in found)
    assert json.loads(json.dumps(sorted(found))) == sorted(found)


def test_non_utf8_file_name(tmp_path):
    """A file name that is not UTF-8 (latin-1 bytes) is handled as surrogate-escaped text."""
    root = tmp_path / "r"
    root.mkdir()
    name = b"caf\xe9.py"
    try:
        with open(bytes(root) + b"/" + name, "wb") as fh:
            fh.write(b"one = 1\n")
    except OSError:
        pytest.skip("the file system refuses non-UTF-8 names")
    make_repo(root, {"ok.py": "two = 2\n"})
    d = discover(root)
    assert [f.path for f in d.files] == ["ok.py"]
    assert d.skipped == {"file names that are not UTF-8": ["caf\ufffd.py"]}
    result = standards(root, "analyze", "--format", "json")
    assert result.returncode == 0, result.stderr
    init = standards(root, "init", "--no-hooks")
    assert init.returncode == 0, init.stderr
    assert "Traceback" not in init.stderr
    assert "skipped 1 file names that are not UTF-8" in init.stdout
    (root / "standards.toml").read_text(encoding="utf-8")
    git(root, "add", "-A")
    check = standards(root, "check", "--staged")
    assert check.returncode == 0, check.stdout + check.stderr
