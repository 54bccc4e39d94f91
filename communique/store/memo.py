"""Remembering costly aggregates until the store changes.

The whole-store network and matrix add up every merged event (0.4 s and
more at 100,000 documents), and every visitor of the network page asks for
the same ones. Every write transaction raises the store's *generation*
(`store_state`, migration 9); a remembered result is reused only while the
generation it was computed at is still the current one, so a reader never
sees a result older than the data it could read itself.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import Connection, Select, Update, select, update

from communique.store import schema as t

T = TypeVar("T")
SIZE = 64


@cache
def _read_generation() -> Select[Any]:
    return select(t.store_state.c.generation).where(t.store_state.c.id == 1)


@cache
def _raise_generation() -> Update:
    state = t.store_state
    return update(state).where(state.c.id == 1).values(generation=state.c.generation + 1)


def generation(conn: Connection) -> int:
    """Return the store's generation as `conn`'s transaction sees it."""
    return int(conn.execute(_read_generation()).scalar_one())


def advance(conn: Connection) -> None:
    """Raise the generation: called in every write transaction."""
    conn.execute(_raise_generation())


class Memo:
    """The last SIZE results of costly queries, each valid for the generation it was made at."""

    def __init__(self, size: int = SIZE) -> None:
        self.size = size
        self._found: OrderedDict[Hashable, tuple[int, Any]] = OrderedDict()
        self._lock = threading.Lock()  # the API serves requests from a thread pool

    def get(self, conn: Connection, key: Hashable, compute: Callable[[], T]) -> T:
        """Return compute()'s result for `key`, computing it again after a write."""
        now = generation(conn)
        with self._lock:
            found = self._found.get(key)
            if found is not None and found[0] == now:
                self._found.move_to_end(key)
                return found[1]
        value = compute()
        with self._lock:
            self._found[key] = (now, value)
            self._found.move_to_end(key)
            while len(self._found) > self.size:
                self._found.popitem(last=False)
        return value
