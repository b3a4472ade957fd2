"""A signed-out token is refused by every process over the same store."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from application.app import CertificationApp


@pytest.mark.parametrize("settings", ["sqlite", "postgres"], indirect=True)
def test_a_revocation_made_in_one_process_holds_in_another(
    make_app: Callable[[], CertificationApp],
) -> None:
    first, second = make_app(), make_app()
    token_id, holder = uuid4().hex, uuid4()
    assert not second.is_revoked(token_id)
    expires = datetime.now(UTC) + timedelta(hours=8)
    first.revoke_token(holder, token_id, "account", expires)
    assert second.is_revoked(token_id)
    assert not second.is_revoked(uuid4().hex)


def test_signing_out_twice_records_one_revocation(app: CertificationApp) -> None:
    token_id, holder = uuid4().hex, uuid4()
    expires = datetime.now(UTC) + timedelta(hours=8)
    position = app.revoke_token(holder, token_id, "account", expires)
    assert app.revoke_token(holder, token_id, "account", expires) == position
    assert app.is_revoked(token_id)
