"""`standards ci`: print the CI job that runs `standards check`.

For CI systems whose files `standards init` does not write (GitLab), or to compare with a
workflow someone else owns.
"""

from __future__ import annotations

import argparse
import sys

from standards import standards_file
from standards.cli._common import repo_root
from standards.emitters.ci_workflow import CiSettings, github_workflow, gitlab_job
from standards.model import Standards

HELP = "Print the CI job that runs `standards check`: a GitHub Actions workflow or a GitLab CI job."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", nargs="?", help="repository (default: current directory)")
    which = p.add_mutually_exclusive_group()
    which.add_argument(
        "--github",
        dest="provider",
        action="store_const",
        const="github",
        help="a GitHub Actions workflow, as written to .github/workflows/standards.yml (default)",
    )
    which.add_argument(
        "--gitlab",
        dest="provider",
        action="store_const",
        const="gitlab",
        help="a job to add to .gitlab-ci.yml",
    )
    p.set_defaults(provider="github")


def run(args: argparse.Namespace) -> int:
    root = repo_root(args.path)
    standards = standards_file.load(root) or Standards()
    ci = CiSettings.from_standards(standards, root)
    sys.stdout.write(gitlab_job(ci) if args.provider == "gitlab" else github_workflow(ci))
    return 0
