"""Per-process caches of what is read from a file, renewed when the file changes."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, Callable, Hashable, TypeVar

T = TypeVar("T")

_CACHE: dict[tuple[Any, ...], Any] = {}
_LOCK = threading.RLock()  # re-entrant: a loader may itself read a cached file


def cached_by_file(path: Path, loader: Callable[..., T], *args: Any, key: Hashable = None) -> T:
    """Return `loader(path, *args)`, computed once per process for each file state (path,
    modification time, size) and `key`.

    `key` names whatever else the result depends on (settings, colours); it defaults to `args`,
    which must then be hashable. `loader` should be a module-level function (a new closure on
    each call would never hit the cache). The result is shared between renders, which must not
    change it. Raises what `loader` raises (nothing is cached then), and |OSError| when `path`
    cannot be read.
    """
    st = path.stat()
    cache_key = (str(path), st.st_mtime_ns, st.st_size, loader, args if key is None else key)
    with _LOCK:
        if cache_key not in _CACHE:
            _CACHE[cache_key] = loader(path, *args)
        return _CACHE[cache_key]  # type: ignore[no-any-return]
