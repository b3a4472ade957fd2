"""The kept answers of Idempotency-Keys, on each store: claimed once, replayed,
refused for another request, scoped per caller, gone once expired."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from adapters.persistence.idempotency import Answers, KeptAnswer, MemoryAnswers, SqlAnswers
from adapters.persistence.settings import Settings
from adapters.persistence.views import SqlViewStore
from adapters.wiring import build_view_store

ANSWER = KeptAnswer(201, [("content-type", "application/json"), ("etag", '"1"')], b'{"id": 1}')


@pytest.fixture
def answers(settings: Settings) -> Iterator[Answers]:
    views = build_view_store(settings)
    yield SqlAnswers(views) if isinstance(views, SqlViewStore) else MemoryAnswers()
    close = getattr(views, "close", None)
    if close is not None:
        close()


def test_a_key_is_claimed_once_then_replayed(answers: Answers) -> None:
    assert answers.claim("account:a", "k", "f1").outcome == "new"
    assert answers.claim("account:a", "k", "f1").outcome == "in-progress"
    answers.keep("account:a", "k", ANSWER, 60)
    replay = answers.claim("account:a", "k", "f1")
    assert (replay.outcome, replay.answer) == ("replay", ANSWER)
    assert answers.claim("account:a", "k", "f2").outcome == "mismatch"
    assert answers.claim("account:b", "k", "f2").outcome == "new"


def test_a_released_key_and_an_expired_answer_free_the_key(answers: Answers) -> None:
    assert answers.claim("account:a", "k", "f1").outcome == "new"
    answers.release("account:a", "k")
    assert answers.claim("account:a", "k", "f2").outcome == "new"
    answers.keep("account:a", "k", ANSWER, 0.01)
    time.sleep(0.05)
    assert answers.claim("account:a", "k", "f3").outcome == "new"
