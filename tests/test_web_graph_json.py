"""`/api/graph` is encoded without validating through ``GraphOut`` (#17): the bytes must be those
``GraphOut.model_validate(...).model_dump_json()`` gives, for every shape of graph."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kizashi.config import Settings
from kizashi.storage import open_store
from kizashi.storage.actors import graph_edges
from kizashi.storage.queries import Filters
from kizashi.web import create_app
from kizashi.web import models as m
from tests.desk_fixtures import build_store


@pytest.mark.parametrize(
    ("params", "filters", "top"),
    [
        ({}, Filters(), None),
        ({"top": 2}, Filters(), 2),
        ({"entity_id": "e_cn"}, Filters(entity_id="e_cn"), None),
        ({"event_type": "MEET"}, Filters(event_type="MEET"), None),
    ],
)
def test_web_graph_json_equals_the_validated_model(
    tmp_path: Path, params: dict[str, object], filters: Filters, top: int | None
) -> None:
    db = tmp_path / "graph.db"
    build_store(db).close()
    store = open_store(str(db))
    expected = m.GraphOut.model_validate(graph_edges(store, filters, top=top)).model_dump_json().encode()
    store.close()
    with TestClient(create_app(Settings(db=str(db)))) as client:
        r = client.get("/api/graph", params=params)
    assert r.status_code == 200, r.text
    assert r.json()["edges"], "the fixture graph has edges"
    assert r.content == expected
