"""A small least-recently-used memo: the search remembers rankings, highlights and prefix
completions while a word is typed, and forgets the oldest first."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class LRU(Generic[K, V]):
    """At most `size` values by key; reading or writing a key makes it the most recent, and
    the least recent goes when there is no room. Not locked: callers that share one between
    threads hold their own lock around each call."""

    def __init__(
        self, size: int, *, cost: Callable[[V], int] | None = None, budget: int = 0
    ) -> None:
        """`cost` and `budget`: also forget the least recent while the values' costs add up
        to more than `budget` (a value that alone costs more is not kept)."""
        if size < 1:
            raise ValueError("an LRU holds at least one value")
        self.size = size
        self._items: OrderedDict[K, V] = OrderedDict()
        self._cost = cost
        self._budget = budget
        self._spent = 0

    def get(self, key: K) -> V | None:
        """The value of `key` (now the most recent), or None."""
        value = self._items.get(key)
        if value is not None:
            self._items.move_to_end(key)
        return value

    def put(self, key: K, value: V) -> None:
        """Remember `value` for `key`, forgetting the least recent beyond `size` (and
        `budget`)."""
        cost = self._cost
        if cost is None:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
            return
        old = self._items.pop(key, None)
        if old is not None:
            self._spent -= cost(old)
        if cost(value) > self._budget:
            return
        self._items[key] = value
        self._spent += cost(value)
        while len(self._items) > self.size or self._spent > self._budget:
            _, gone = self._items.popitem(last=False)
            self._spent -= cost(gone)

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        return key in self._items
