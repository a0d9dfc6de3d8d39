"""The check engine: run native linters and our own rules on selected files, drop what
the baseline records, and report."""
