"""Business logic, tested without HTTP."""
