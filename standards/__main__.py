from standards.cli import entry

entry()
