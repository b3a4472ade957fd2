"""Reading the eligibility rule while an operator changes it."""

from __future__ import annotations

import threading

from fastapi.testclient import TestClient

from tests.e2e.test_eligibility_http import operator


def test_the_rule_reads_whole_while_it_changes(http: TestClient) -> None:
    ops = operator(http)
    statuses: list[int] = []
    changes: list[int] = []

    def change() -> None:
        for number in range(10):
            body = {
                "min_competences": 3 + number % 5,
                "effective_from": "2026-01-01",
                "reason": f"change {number}",
            }
            changes.append(ops.put("/eligibility-rule", body).status_code)

    def read() -> None:
        for _ in range(15):
            answer = ops.get("/eligibility-rule")
            statuses.append(answer.status_code)
            if answer.status_code == 200:
                body = answer.json()
                whole = body["in_force"]["version"] == body["versions"][-1]["version"]
                statuses[-1] = 200 if whole else -1

    threads = [threading.Thread(target=change)] + [threading.Thread(target=read) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert statuses == [200] * 45
    assert changes == [200] * 10
