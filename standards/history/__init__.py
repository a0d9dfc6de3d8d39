"""What a repository's history says about how it is written.

``reader`` reads the history once per process (one streamed ``git log --numstat``);
``messages`` reads commit messages; ``recency`` weights evidence by age; ``motion``
compares the lines added recently with the whole tree; ``areas`` names the part of a
repository a path belongs to. Analyzers in ``standards.analyzers.git_*`` and the rules
``commit-message``, ``tests-with-changes`` and ``new-code-style`` build on them.
"""
