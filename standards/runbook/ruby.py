"""Ruby's commands: Rake tasks (``RSpec::Core::RakeTask``, ``Rake::TestTask``,
``RuboCop::RakeTask``, ``task default:``) read as text, never loaded; a Rails app's
``bin/rails test``; ``bin/rspec``; and the test and lint gems the Gemfile declares."""

from __future__ import annotations

import re

from standards.runbook.files import RepoFiles
from standards.runbook.model import Command

SOURCE = "rake"
RAKEFILES = ("Rakefile", "rakefile", "Rakefile.rb")
RAKE_DIRS = ("rakelib", "tasks", "lib/tasks")
TASK_CLASSES = (
    (re.compile(r"RSpec::Core::RakeTask\.new(?:\(\s*:?[\"']?(\w+))?"), "spec", "test", "rspec"),
    (re.compile(r"Rake::TestTask\.new(?:\(\s*:?[\"']?(\w+))?"), "test", "test", "minitest"),
    (re.compile(r"RuboCop::RakeTask\.new(?:\(\s*:?[\"']?(\w+))?"), "rubocop", "lint", "rubocop"),
)
DEFAULT_TASK = re.compile(r"^\s*task\s*\(?\s*(?:default:|:default\s*=>|\"default\"\s*=>)\s*(.+)$")
GEM = re.compile(r"""^\s*gem\s*\(?\s*["']([\w-]+)["']""")
GEM_COMMANDS = {
    "rspec": ("rspec", "test"),
    "rspec-rails": ("rspec", "test"),
    "rspec-core": ("rspec", "test"),
    "rubocop": ("rubocop", "lint"),
    "standard": ("standardrb", "lint"),
}


def commands(repo: RepoFiles) -> list[Command]:
    bundle = "bundle exec " if repo.has("Gemfile") else ""
    out: list[Command] = []
    rakefiles = [r for r in RAKEFILES if repo.has(r)][:1]
    for folder in RAKE_DIRS:
        rakefiles += repo.matching(folder, (".rake",))
    for rel in rakefiles:
        out += _rake(repo, rel, bundle)
    if repo.has("bin/rails") and repo.has("config/application.rb") and _has_dir(repo, "test/"):
        out.append(Command("bin/rails test", "test", "bin", "bin/rails", 0, runs="minitest"))
    if repo.has("bin/rspec"):
        out.append(Command("bin/rspec", "test", "bin", "bin/rspec", 0, runs="rspec"))
    if repo.has("Gemfile"):
        out += _gems(repo, bundle)
    return out


def _has_dir(repo: RepoFiles, prefix: str) -> bool:
    return any(rel.startswith(prefix) for rel in repo.files)


def _rake(repo: RepoFiles, rel: str, bundle: str) -> list[Command]:
    text = repo.text(rel)
    if text is None:
        return []
    out = []
    for number, line in enumerate(text.split("\n"), start=1):
        if line.lstrip().startswith("#"):
            continue
        for pattern, default, kind, runs in TASK_CLASSES:
            match = pattern.search(line)
            if match:
                name = match.group(1) or default
                runs_line = runs if runs == "minitest" else f"{bundle}{runs}"  # minitest: files Rake loads
                out.append(Command(f"{bundle}rake {name}", kind, SOURCE, rel, number, name=name, runs=runs_line))
        default = DEFAULT_TASK.match(line) if rel in RAKEFILES else None
        if default:
            names = _task_names(default.group(1).split("#")[0])
            if any(n in ("spec", "test", "tests", "specs") or n.startswith(("spec", "test")) for n in names):
                out.append(Command(f"{bundle}rake", "test", SOURCE, rel, number, name="default", runs=", ".join(names)))
    return out


def _gems(repo: RepoFiles, bundle: str) -> list[Command]:
    text = repo.text("Gemfile")
    if text is None:
        return []
    out = []
    seen: set[str] = set()
    for number, line in enumerate(text.split("\n"), start=1):
        match = GEM.match(line)
        if not match or match.group(1) not in GEM_COMMANDS:
            continue
        tool, kind = GEM_COMMANDS[match.group(1)]
        if tool in seen or (tool == "rspec" and repo.has("bin/rspec")):
            continue
        seen.add(tool)
        out.append(Command(f"{bundle}{tool}", kind, "gemfile", "Gemfile", number, name=match.group(1)))
    return out


def _task_names(text: str) -> list[str]:
    """``%w(test test:isolated)``, ``[:spec, :rubocop]``, ``:spec`` or ``"spec"`` -> the names."""
    words = re.match(r"\s*%[wi][(\[{<](.*?)[)\]}>]", text)
    if words:
        return words.group(1).split()
    return [a or b for a, b in re.findall(r""":([A-Za-z_][\w:]*)|["']([\w:]+)["']""", text)]
