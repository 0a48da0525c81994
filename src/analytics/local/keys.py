"""Child identifiers replaced by a keyed hash (HMAC-SHA256) on import.

The key lives in a file outside the local store (data/local.key unless
ANALYTICS_LOCAL_KEY says otherwise), so a copy of the store alone cannot be
matched back to children, and the same child gets the same key in every import,
which second and subsequent plans need. The clear identifier is never stored,
logged or returned.
"""

import hashlib
import hmac
import os
import secrets
from collections.abc import Callable
from pathlib import Path

from analytics.paths import local_key_path

KEY_BYTES = 32
# What the product keeps of children and workers, as the pages state it.
PRIVACY = ("Child identifiers and allocated workers' names become keyed codes on import (the key is kept outside "
           "the store, so a copy of the store alone cannot be matched back to anyone); a date of birth is kept as "
           "its month; social workers' SWE numbers are used only to check a census file and never stored; names, "
           "postcodes and free text are not read at all. Child-level rows are only ever counted, never shown.")


def load_key(path: Path | None = None) -> bytes:
    """The hashing key, created (readable by its owner only) on first use."""
    path = Path(path or local_key_path())
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL: two processes starting at once must not each write a different key
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as out:
                out.write(secrets.token_bytes(KEY_BYTES))
    key = path.read_bytes()
    if len(key) < KEY_BYTES:
        raise ValueError(f"the child identifier key at {path} is damaged ({len(key)} bytes); restore it from backup")
    return key


def hasher(key: bytes) -> Callable[[str], str]:
    """A function from a clear identifier to its keyed hash; case and surrounding spaces do not matter. The keyed
    state is set up once and copied for each identifier (hmac.digest sets it up again on every call, twice the
    time for an extract's 23,000 identifiers)."""
    keyed = hmac.new(key, digestmod=hashlib.sha256)

    def child_key(identifier: str) -> str:
        one = keyed.copy()
        one.update(str(identifier).strip().upper().encode())
        return one.hexdigest()
    return child_key
