"""Batches shared by several workers are made smaller where the input is known to be small, so
every worker has batches to the end of the run (runners.common.shared_batch_size)."""

from __future__ import annotations

from kizashi.runners.common import BATCHES_PER_WORKER, shared_batch_size


def test_a_small_known_input_gives_each_worker_several_batches() -> None:
    size = shared_batch_size(120, 16, 2)
    assert size < 16
    assert -(-120 // size) >= 2 * BATCHES_PER_WORKER - 1


def test_a_large_or_unknown_input_keeps_the_batch_size() -> None:
    assert shared_batch_size(100_000, 16, 2) == 16
    assert shared_batch_size(None, 16, 2) == 16


def test_one_worker_keeps_the_batch_size_and_batches_never_shrink_below_the_floor() -> None:
    assert shared_batch_size(40, 16, 1) == 16
    assert shared_batch_size(10, 16, 4) == 4
    assert shared_batch_size(10, 2, 4) == 2  # a smaller configured size stays as asked
