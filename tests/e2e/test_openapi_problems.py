"""The OpenAPI document lists every problem an operation can answer."""

from __future__ import annotations

from fastapi.testclient import TestClient

PROBLEMS = {"401", "403", "404", "409", "413", "422", "429", "503"}


def test_every_operation_documents_its_problem_responses(http: TestClient) -> None:
    document = http.get("/openapi.json").json()
    operations = [op for path in document["paths"].values() for op in path.values()]
    assert len(operations) > 50
    for operation in operations:
        responses = operation["responses"]
        assert set(responses) >= PROBLEMS, operation["operationId"]
        for status in PROBLEMS:
            assert list(responses[status]["content"]) == ["application/problem+json"]


def test_every_post_documents_its_idempotency_key(http: TestClient) -> None:
    document = http.get("/openapi.json").json()
    posts = [item["post"] for item in document["paths"].values() if "post" in item]
    assert len(posts) > 20
    for post in posts:
        names = [p["name"] for p in post["parameters"]]
        assert names.count("Idempotency-Key") == 1, post["operationId"]
