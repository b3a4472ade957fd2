"""Making many candidates' keys at once, as a large save does beforehand."""

from __future__ import annotations

from uuid import uuid4

from application.app import CertificationApp


def test_keys_made_many_at_once_are_the_ones_their_subjects_keep(app: CertificationApp) -> None:
    subjects = [uuid4() for _ in range(450)]  # more than one statement's worth
    erased = subjects[3]
    app.keys.get_or_create(erased)
    app.keys.destroy(erased)
    app.keys.prepare(subjects)
    app.keys.forget()  # read them again from the table, not from the cache
    made = {s: app.keys.get(s) for s in subjects}
    assert made[erased] is None  # a destroyed key is never made again
    assert all(made[s] is not None for s in subjects if s != erased)
    assert len({made[s] for s in subjects if s != erased}) == len(subjects) - 1
    assert all(app.keys.get_or_create(s) == made[s] for s in subjects[:20] if s != erased)
