# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection's exception base classes: every error the collection raises derives from PlatformError."""

from __future__ import annotations


class PlatformError(Exception):
    """Base of every error raised by platform.runtime's module_utils."""


class ValidationError(PlatformError, ValueError):
    """Bad input, found before anything changed. ``errors`` lists every message; str() joins them with '; '."""

    def __init__(self, errors):
        errors = [errors] if isinstance(errors, str) else list(errors)
        super().__init__("; ".join(errors))
        self.errors = errors
