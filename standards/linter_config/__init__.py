"""The configurations `standards check` runs the linters with, built fresh for each run.

The repository's configuration files are read as data here and never executed: RuboCop's
``.rubocop.yml`` files (the nearest one to each file) and what they inherit (YAML), ESLint's
JSON/YAML configs, ``package.json#eslintConfig`` and what they extend, and the literal parts of
a JavaScript flat config (tree-sitter). They are merged above what ``standards.toml`` asks for
(the project's settings win) and written, with the plugins of our own install named by absolute
path, into a private temporary directory the linter runs from. Whatever cannot be carried
over as data (``require:``, ``plugins:``, remote or out-of-repository ``inherit_from``, ERB,
shared ESLint configs, JavaScript that needs evaluation) is left out and named in the notes.
"""
