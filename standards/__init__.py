"""standards: learn how a codebase is written, then make every commit follow it."""

__version__ = "0.1.0"

# The name on the package index (`pip install house-standards`); the command is `standards`.
# "standards" itself belongs to an unrelated project there.
DISTRIBUTION = "house-standards"
