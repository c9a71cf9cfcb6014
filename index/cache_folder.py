"""Where the caches live, and whether that folder may be trusted with them.

Each corpus (the set of paths opened) has its parse cache and its search index in the user's
cache folder, named by `corpus_key(paths)`. Both hold pickles (ours, and Whoosh's table of
contents), and unpickling runs what a pickle holds: the folder must be writable by this user
alone. `cache_folder` creates it so (0700) and `shared_reason` says when it is not; the
caches are then not used at all (docs/caches.md says why this, rather than safe loading).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Sequence
from pathlib import Path


def default_cache_dir() -> Path:
    """The user's cache folder for readouts-tui (e.g. ~/.cache/readouts-tui)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("readouts-tui", appauthor=False))


def corpus_key(paths: Sequence[str | Path]) -> str:
    """A stable name for the corpus made of `paths` (their resolved, sorted forms)."""
    resolved = sorted(str(Path(p).resolve()) for p in paths)
    return hashlib.sha256("\0".join(resolved).encode()).hexdigest()[:20]


def cache_folder(cache_dir: Path | None) -> tuple[Path, str | None]:
    """The cache folder, created private (0700) when missing, and why it must not be used
    (None when it may): a pickle runs what it holds, so the folder that holds them must be
    writable by this user alone."""
    folder = cache_dir or default_cache_dir()
    with contextlib.suppress(OSError):
        folder.mkdir(mode=0o700, parents=True)
    return folder, shared_reason(folder)


def shared_reason(path: Path) -> str | None:
    """Why `path` could be written by another user (owned by someone else, or writable by
    its group or by anyone), or None. A path that does not exist is nobody's yet."""
    if os.name != "posix":
        return None
    try:
        st = path.stat()
    except OSError:
        return None
    if st.st_uid != os.getuid():
        return f"{path} belongs to another user"
    if st.st_mode & 0o022:
        return f"{path} can be written by other users (chmod go-w to use it)"
    return None
