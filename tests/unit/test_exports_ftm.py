"""The FollowTheMoney export, read back and checked with the ``followthemoney`` package itself."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from followthemoney import model
from followthemoney.proxy import EntityProxy
from followthemoney.types import registry

from kizashi.exports.ftm import write_ftm
from tests.export_fixtures import EN_HEADLINE, HEADLINE, build_store


@pytest.fixture
def proxies(tmp_path: Path) -> list[EntityProxy]:
    buf = io.StringIO()
    n = write_ftm(build_store(tmp_path), buf)
    recs = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert n == len(recs) > 0
    return [model.get_proxy(r) for r in recs]  # raises on an unknown schema or property


def _named(proxies: list[EntityProxy], schema: str) -> dict[str, EntityProxy]:
    return {p.caption: p for p in proxies if p.schema.name == schema}


def test_ftm_entities_round_trip_and_validate(proxies: list[EntityProxy]) -> None:
    by_id = {p.id: p for p in proxies}
    assert len(by_id) == len(proxies)  # no entity twice
    for proxy in proxies:
        assert model.get_proxy(proxy.to_dict()).to_dict() == proxy.to_dict()
        for prop in proxy.schema.required:
            assert proxy.get(prop), (proxy.schema.name, prop)
        for prop, value in proxy.itervalues():
            assert prop.type.validate(value), (proxy.schema.name, prop.name, value)
            if prop.type == registry.entity:  # every link points at an exported entity in its range
                assert value in by_id, (proxy.schema.name, prop.name)
                assert by_id[value].schema.is_a(prop.range), (prop.name, by_id[value].schema.name)


def test_ftm_events_are_events_with_involved_parties(proxies: list[EntityProxy]) -> None:
    events = {p.first("recordId"): p for p in proxies if p.schema.name == "Event"}
    assert set(events) == {"v_1", "v_2", "v_3", "v_4", "v_5"}
    bodies = _named(proxies, "PublicBody")
    people = _named(proxies, "Person")
    meti = bodies["Ministry of Economy, Trade and Industry"]
    assert meti.id in events["v_1"].get("involved")
    assert events["v_1"].get("country") == ["cn"]  # China is a country, not a legal entity
    assert set(events["v_2"].get("involved")) == {people["Gina Raimondo"].id, meti.id}
    assert events["v_1"].first("date") == "2024-05-02"
    assert events["v_1"].first("summary").startswith("経済産業省は")


def test_ftm_articles_titled_from_the_headline(proxies: list[EntityProxy]) -> None:
    articles = [p for p in proxies if p.schema.name == "Article"]
    assert sorted(a.first("title") for a in articles) == sorted([HEADLINE, EN_HEADLINE])
    ja = next(a for a in articles if a.first("title") == HEADLINE)
    assert ja.get("fileName") == ["corpus/a.txt"]
    assert ja.get("language") == ["jpn"]
    en = next(a for a in articles if a.first("title") == EN_HEADLINE)
    assert en.get("language") == ["eng"]


def test_ftm_places_and_laws_get_their_own_schemata(proxies: list[EntityProxy]) -> None:
    schemata: dict[str, Any] = {p.caption: p.schema.name for p in proxies}
    assert schemata["The Pentagon"] == "Address"  # a building: an address
    assert schemata["China"] == "Territory"
    assert "Taiwan Strait" not in schemata  # a strait is neither an address nor an area
    assert "Entity List" not in schemata  # a list of the law, not a legal entity
    assert not any(p.schema.name == "LegalEntity" for p in proxies)
    ja = next(p for p in proxies if p.schema.name == "Article" and p.first("title") == HEADLINE)
    assert "Entity List" in ja.get("keywords")
    strait_event = next(p for p in proxies if p.schema.name == "Event" and p.first("recordId") == "v_3")
    assert strait_event.get("location") == ["Taiwan Strait"]
