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
from application.app import CertificationApp

ANSWER = KeptAnswer(201, [("content-type", "application/json"), ("etag", '"1"')], b'{"id": 1}')


@pytest.fixture
def answers(settings: Settings, app: CertificationApp) -> Iterator[Answers]:
    views = build_view_store(settings, app)
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


@pytest.mark.parametrize("settings", ["sqlite", "postgres"], indirect=True)
def test_a_kept_answer_is_stored_sealed_and_only_its_key_opens_it(
    settings: Settings, app: CertificationApp
) -> None:
    """An enrolment's answer names the pupil: the table holds neither the name
    nor the caller's key, and another key finds nothing to open."""
    views = build_view_store(settings, app)
    assert isinstance(views, SqlViewStore)
    answers = SqlAnswers(views)
    named = KeptAnswer(201, [("location", "/api/v1/x")], b'{"last_name": "Quatrebarbes"}')
    assert answers.claim("account:a", "key-7f3e", "f1").outcome == "new"
    answers.keep("account:a", "key-7f3e", named, 60)
    with views.connection() as conn:
        cursor = conn.cursor()
        cursor.execute("SELECT * FROM certif_idempotency")
        stored = repr(cursor.fetchall())
        conn.rollback()
    assert "Quatrebarbes" not in stored
    assert "key-7f3e" not in stored
    assert "f1" not in stored.split("'")
    assert answers.claim("account:a", "key-7f3e", "f1").answer == named
    assert answers.claim("account:a", "another-key", "f1").outcome == "new"
    close = getattr(views, "close", None)
    if close is not None:
        close()
