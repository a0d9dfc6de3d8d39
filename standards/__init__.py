"""standards: learn how a codebase is written, then make every commit follow it."""

__version__ = "0.1.0"
