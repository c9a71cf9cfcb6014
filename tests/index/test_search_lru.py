"""The search's memo: at most its size, the least recently used forgotten first."""

from __future__ import annotations

import pytest

from index.search.lru import LRU


def test_the_least_recently_used_goes_first() -> None:
    memo: LRU[str, int] = LRU(2)
    memo.put("a", 1)
    memo.put("b", 2)
    assert memo.get("a") == 1  # 'a' is now the most recent
    memo.put("c", 3)
    assert "b" not in memo and memo.get("b") is None
    assert memo.get("a") == 1 and memo.get("c") == 3 and len(memo) == 2


def test_writing_a_key_again_makes_it_the_most_recent() -> None:
    memo: LRU[str, int] = LRU(2)
    memo.put("a", 1)
    memo.put("b", 2)
    memo.put("a", 10)
    memo.put("c", 3)
    assert memo.get("a") == 10 and "b" not in memo and len(memo) == 2


def test_an_unknown_key_is_none_and_a_size_below_one_is_refused() -> None:
    memo: LRU[tuple[str, int], list[int]] = LRU(1)
    assert memo.get(("x", 1)) is None
    memo.put(("x", 1), [])
    assert memo.get(("x", 1)) == []  # an empty value is a value
    with pytest.raises(ValueError):
        LRU(0)


def test_a_budget_forgets_the_least_recent_until_the_costs_fit() -> None:
    memo: LRU[str, list[int]] = LRU(10, cost=len, budget=5)
    memo.put("a", [1, 2])
    memo.put("b", [1, 2])
    assert memo.get("a") == [1, 2]  # 'a' is now the most recent
    memo.put("c", [1, 2])  # 6 > 5: 'b' goes
    assert "b" not in memo and "a" in memo and "c" in memo
    memo.put("a", [1])  # replaced: its old cost no longer counts
    memo.put("d", [1, 2])
    assert len(memo) == 3
    memo.put("big", [0] * 6)  # alone over the budget: not kept, nothing else forgotten
    assert "big" not in memo and len(memo) == 3
