"""The CLI people expect from ruff: concise and grouped output, --statistics, --quiet,
--exit-zero, --output-file, --color with NO_COLOR/FORCE_COLOR, "did you mean", one meaning
per exit code, a GitLab Code Quality report, and `standards tools`."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from _repo import make_repo, python_module, standards, write

BAD = 'def getTotal(values):\n    """Sum."""\n    return sum(values)\n'


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small adopted repository with two new files that break its naming convention."""
    root = make_repo(tmp_path_factory.mktemp("ux") / "r", {f"pkg/m{i}.py": python_module(i) for i in range(8)})
    done = standards(root, "init", "--no-hooks")
    assert done.returncode == 0, done.stderr
    write(root, {"pkg/bad_a.py": BAD, "pkg/bad_b.py": BAD.replace("getTotal", "getCount")})
    return root


def check(root: Path, *args: str, **env: str) -> tuple[int, str, str]:
    done = standards(root, "check", "pkg/bad_a.py", "pkg/bad_b.py", *args, extra_env=env or None)
    return done.returncode, done.stdout, done.stderr


def test_concise_is_one_line_per_finding_path_line_col_rule(repo: Path) -> None:
    code, out, _ = check(repo, "--format", "concise")
    assert code == 1
    findings = [line for line in out.splitlines() if line.startswith("pkg/")]
    assert findings and all(line.count(":") >= 3 for line in findings)
    assert any(line.startswith("pkg/bad_a.py:1:5: ruff:N802 ") for line in findings)
    assert out.rstrip().splitlines()[-1].endswith("Check failed.")


def test_statistics_one_line_per_rule_with_counts(repo: Path) -> None:
    code, out, _ = check(repo, "--statistics")
    assert code == 1
    n802 = next(line for line in out.splitlines() if line.endswith("ruff:N802"))
    assert n802.split()[0] == "2" and n802.split()[1] in {"error", "warn"}


def test_quiet_prints_findings_without_the_summary(repo: Path) -> None:
    _, loud, _ = check(repo, "--format", "concise")
    code, out, _ = check(repo, "--format", "concise", "--quiet")
    assert code == 1
    assert out.splitlines() == [line for line in loud.splitlines() if line.startswith("pkg/")]


def test_exit_zero_keeps_the_output(repo: Path) -> None:
    code, out, _ = check(repo, "--exit-zero", "--format", "concise")
    assert code == 0 and "ruff:N802" in out


def test_exit_zero_does_not_hide_a_check_that_cannot_run(repo: Path) -> None:
    done = standards(repo, "check", "--exit-zero", "--diff", "no-such-ref")
    assert done.returncode == 2


def test_output_file_receives_the_report(repo: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    code, out, _ = check(repo, "--format", "json", "--output-file", str(target))
    assert code == 1 and out == ""
    assert json.loads(target.read_text())["summary"]["errors"] >= 2


def test_output_file_in_a_missing_directory_is_exit_2(repo: Path, tmp_path: Path) -> None:
    code, _, err = check(repo, "--output-file", str(tmp_path / "nope" / "out.txt"))
    assert code == 2 and "no such directory" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "env", "colored"),
    [
        ((), {}, False),  # a pipe
        (("--color", "always"), {}, True),
        (("--color", "always"), {"NO_COLOR": "1"}, True),  # the flag wins
        ((), {"FORCE_COLOR": "1"}, True),
        ((), {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
        (("--color", "never"), {"FORCE_COLOR": "1"}, False),
    ],
)
def test_color_flag_and_environment(repo: Path, args: tuple[str, ...], env: dict[str, str], colored: bool) -> None:
    clean = {"NO_COLOR": "", "FORCE_COLOR": "", **env}
    _, out, _ = check(repo, *args, **clean)
    assert ("\033[" in out) is colored


def test_gitlab_report_is_code_climate_json(repo: Path) -> None:
    code, out, _ = check(repo, "--format", "gitlab")
    assert code == 1
    issues = json.loads(out)
    assert issues and {i["location"]["path"] for i in issues} == {"pkg/bad_a.py", "pkg/bad_b.py"}
    for issue in issues:
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert issue["location"]["lines"]["begin"] >= 1
    assert len({i["fingerprint"] for i in issues}) == len(issues)


@pytest.mark.parametrize(
    ("argv", "suggested"),
    [
        (("chek",), "did you mean 'check'?"),
        (("check", "--stagd"), "did you mean '--staged'?"),
        (("check", "--format", "jsn"), "did you mean 'json'?"),
        (("explain", "thin-controler"), "did you mean thin-controller"),
    ],
)
def test_did_you_mean(repo: Path, argv: tuple[str, ...], suggested: str) -> None:
    done = standards(repo, *argv)
    assert done.returncode == 2
    assert suggested in done.stderr
    assert "Traceback" not in done.stderr


def test_explain_is_case_insensitive(repo: Path) -> None:
    for spelling in ("THIN-CONTROLLER", "standards:Thin-Controller", "n802"):
        done = standards(repo, "explain", spelling)
        assert done.returncode == 0, (spelling, done.stderr)
        assert done.stdout.strip()


def test_analyze_only_an_unknown_analyzer_is_exit_2(repo: Path) -> None:
    done = standards(repo, "analyze", "--only", "nosuch")
    assert done.returncode == 2 and "no analyzer named 'nosuch'" in done.stderr
    near = standards(repo, "analyze", "--only", "py_namng")
    assert near.returncode == 2 and "did you mean 'py_naming'" in near.stderr


# --- standards tools ---------------------------------------------------------------------


def fake_npm(bindir: Path) -> Path:
    """An npm that 'installs' each pinned package by writing its package.json, and records
    its arguments: the install runs offline and shows what standards asked of npm."""
    bindir.mkdir(parents=True, exist_ok=True)
    npm = bindir / "npm"
    npm.write_text(
        "#!/usr/bin/env python3\n"
        "import json, os, sys\n"
        "args = sys.argv[1:]\n"
        "prefix = args[args.index('--prefix') + 1]\n"
        "open(os.path.join(prefix, 'argv.json'), 'w').write(json.dumps(args))\n"
        "for spec in [a for a in args if '@' in a[1:] and not a.startswith('-')]:\n"
        "    name, _, version = spec.rpartition('@')\n"
        "    d = os.path.join(prefix, 'node_modules', name)\n"
        "    os.makedirs(d, exist_ok=True)\n"
        "    json.dump({'name': name, 'version': version}, open(os.path.join(d, 'package.json'), 'w'))\n"
    )
    npm.chmod(npm.stat().st_mode | stat.S_IXUSR)
    return npm


def test_tools_status_reports_missing_pins_and_exits_1(tmp_path: Path) -> None:
    done = standards(tmp_path, "tools", extra_env={"STANDARDS_TOOLS_HOME": str(tmp_path / "cache")})
    assert done.returncode == 1
    assert "eslint missing (want 9." in done.stdout
    assert "standards tools install" in done.stdout


def test_tools_install_puts_the_pins_into_the_user_cache_without_scripts(tmp_path: Path) -> None:
    bindir = tmp_path / "bin"  # outside the directory it runs in: a program inside it is never used
    fake_npm(bindir)
    work = tmp_path / "work"
    work.mkdir()
    env = {"STANDARDS_TOOLS_HOME": str(tmp_path / "cache"), "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}"}
    done = standards(work, "tools", "install", extra_env=env)
    assert done.returncode == 0, done.stderr
    installed = next((tmp_path / "cache").glob("js-*"))
    argv = json.loads((installed / "argv.json").read_text())
    assert "--ignore-scripts" in argv and "eslint@9.39.5" in argv and "typescript-eslint@8.74.0" in argv
    status = standards(work, "tools", extra_env=env)
    assert status.returncode == 0 and "(want" not in status.stdout


def test_tools_install_without_npm_is_exit_2(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    done = standards(
        tmp_path, "tools", "install", extra_env={"PATH": str(empty), "STANDARDS_TOOLS_HOME": str(tmp_path)}
    )
    assert done.returncode == 2 and "npm not found" in done.stderr


def test_the_ci_script_installs_the_same_pins_as_standards_tools() -> None:
    from standards import js_tools

    script = (Path(__file__).resolve().parent.parent / ".ci" / "install-js-ruby-tools.sh").read_text()
    for package, version in js_tools.PINS.items():
        assert f"{package}@{version}" in script


# --- progress -----------------------------------------------------------------------------


def run_with_terminal_stderr(root: Path, *args: str) -> tuple[int, str, bytes]:
    """Run standards with stderr on a pseudo-terminal (stdout piped); what the terminal got."""
    import pty
    import subprocess
    import sys

    from _repo import env

    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-P", "-m", "standards", *args], cwd=root, stdout=subprocess.PIPE, stderr=slave, env=env()
    )
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    out = proc.stdout.read().decode() if proc.stdout else ""
    code = proc.wait(timeout=300)
    os.close(master)
    return code, out, seen


def test_init_shows_its_stages_on_a_terminal_and_nothing_when_piped(tmp_path: Path) -> None:
    files = {f"pkg/m{i}.py": python_module(i) for i in range(6)}
    piped = make_repo(tmp_path / "piped", files)
    done = standards(piped, "init", "--no-hooks")
    assert done.returncode == 0 and "\r" not in done.stderr and "analysing" not in done.stderr
    shown = make_repo(tmp_path / "terminal", files)
    code, out, terminal = run_with_terminal_stderr(shown, "init", "--no-hooks")
    assert code == 0
    assert b"standards: analysing 6 files (python 6)" in terminal
    assert b"proving the conventions" in terminal and b"] " in terminal  # a bar with its count
    assert terminal.endswith(b"\r\x1b[K")  # erased at the end: the summary on stdout is what stays
    assert "analysing" not in out
