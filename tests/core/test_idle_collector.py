"""A full garbage collection waits for the operator's pause: never while a key waits."""

from __future__ import annotations

import gc

import pytest

from kiosk.base import memory
from kiosk.base.memory import IdleCollector


def test_a_due_collection_runs_once_the_keyboard_has_rested(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ran: list[int] = []
    monkeypatch.setattr(gc, "collect", lambda *a: ran.append(1) or 0)
    monkeypatch.setattr(memory, "release_free_memory", lambda: ran.append(2) or True)
    collector = IdleCollector()
    assert not collector.tick(last_input=0.0, now=100.0)  # nothing due: nothing run
    collector.due = True  # a step key replaced a screen
    assert not collector.tick(last_input=99.5, now=100.0)  # a key half a second ago
    assert ran == [] and collector.due
    assert collector.tick(last_input=99.0, now=100.0)  # a second of rest
    assert ran == [1, 2] and not collector.due  # collected, then the freed memory returned
    assert not collector.tick(last_input=0.0, now=200.0)  # once
