"""A small order-taking service."""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)

__all__ = ["logger"]
