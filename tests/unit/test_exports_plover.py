"""The PLOVER export against the field lists of the PLOVER specification (draft 0.7b1,
openeventdata/PLOVER PLOVER_MANUAL.tex, chapter "JSON Data Fields" and its information objects).
The lists below are written from the specification's tables, not from our exporter."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from kizashi.exports.plover import write_plover
from tests.export_fixtures import CHINA, HEADLINE, METI, PENTAGON, RAIMONDO, STRAIT, TEXT, build_store

# table "PLOVER JSON": every field a record may have, and the required ones
SPEC_FIELDS = {
    "id", "has_event", "date", "time", "enddate", "endtime", "source", "recipient", "event", "event_loc",
    "event_text", "quad_code", "event_scale", "mode", "context", "link", "text", "text_info", "cite_info",
    "coder", "coded_date", "coded_time", "comment",
}  # fmt: skip
SPEC_REQUIRED = {"id", "date", "source", "event"}
# "Information object for actors"
SPEC_ACTOR = {"code", "sector", "actor_text", "identifier_id", "identifier_text", "actor_loc", "religion",
              "ethnicity", "office", "gender", "age"}  # fmt: skip
# "Information object for text"
SPEC_TEXT = {"sequence", "start", "end", "text_story", "connlu_parse", "treebank_parse", "is_story"}
# "Information object for citations"
SPEC_CITE = {"corpus", "citation", "url", "title", "language", "publication", "license", "copyright",
             "coder", "codebook", "version"}  # fmt: skip
# "Location object: identical to geonames"
SPEC_LOCATION = {"geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude", "feature class",
                 "feature code", "country code", "cc3", "cc2", "admin1 code", "admin2 code", "admin3 code",
                 "admin4 code", "population", "elevation", "dem", "timezone"}  # fmt: skip
# chapter "Event Categories"
SPEC_EVENTS = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "DEMAND", "ACCUSE",
               "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}  # fmt: skip
# the mode tables of each category
SPEC_MODES = {
    "CONSULT": {"visit", "third-party", "multilateral", "phone"},
    "SANCTION": {"convict", "cancel", "expel", "withdraw", "sever"},
    "MOBILIZE": {"troops", "weapons", "police"},
    "THREATEN": {"restrict", "ban", "arrest", "relations", "expel", "territory", "violence"},
}
# "General contexts" and the four grammatical contexts of section "Event, Mode, and Context"
SPEC_CONTEXTS = {
    "political", "military", "intelligence", "peacekeeping", "economic", "diplomatic", "resource", "culture",
    "disease", "enviro_disaster", "migration", "humanitarian", "legal", "human_rights", "rights_freedoms",
    "gender", "lgbt", "terrorism", "human_security", "religion_ethnicity", "government", "election",
    "legislative", "cbrn", "cyber", "political_institutions", "corruption", "crime", "crime_murder",
    "crime_theft", "crime_drugs", "crime_sexual", "future", "historical", "hypothetical", "negation",
}  # fmt: skip
# the fields Kizashi adds (the spec invites providers to add named fields)
EXTENSIONS = {"date_missing", "date_text", "status", "kizashi_type", "kizashi_mode", "confidence"}
ACTOR_EXTENSIONS = {"name", "entity_id"}
TEXT_EXTENSIONS = {"trigger"}
CITE_EXTENSIONS = {"source", "pub_date", "doc_id", "story_id"}
LOCATION_EXTENSIONS = {"entity_id"}


@pytest.fixture
def records(tmp_path: Path) -> dict[str, dict[str, Any]]:
    buf = io.StringIO()
    n = write_plover(build_store(tmp_path), buf)
    recs = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert n == len(recs)
    return {r["id"]: r for r in recs}


def test_plover_records_use_only_the_spec_fields(records: dict[str, dict[str, Any]]) -> None:
    assert records
    for rec in records.values():
        assert set(rec) >= SPEC_REQUIRED
        assert set(rec) <= SPEC_FIELDS | EXTENSIONS
        for actor in rec["source"] + rec["recipient"]:
            assert set(actor) <= SPEC_ACTOR | ACTOR_EXTENSIONS
        assert set(rec["text_info"]) <= SPEC_TEXT | TEXT_EXTENSIONS
        assert set(rec["cite_info"]) <= SPEC_CITE | CITE_EXTENSIONS
        if rec["event_loc"] is not None:
            assert set(rec["event_loc"]) <= SPEC_LOCATION | LOCATION_EXTENSIONS


def test_plover_values_come_from_the_spec_vocabularies(records: dict[str, dict[str, Any]]) -> None:
    for rec in records.values():
        assert rec["event"]
        assert set(rec["event"]) <= SPEC_EVENTS
        (category,) = rec["event"]
        if rec["mode"] is not None:
            assert set(rec["mode"]) <= SPEC_MODES.get(category, set())
        assert set(rec["context"] or []) <= SPEC_CONTEXTS
        assert rec["date"] is None or len(rec["date"]) == 10
        for actor in rec["source"] + rec["recipient"]:
            assert actor["code"] is None or len(actor["code"]) == 3


def test_plover_leaves_out_types_plover_does_not_code(records: dict[str, dict[str, Any]]) -> None:
    # v_4 is a REQUEST (PLOVER does not code appeals), v_5 a PUBLISH (no PLOVER category)
    assert set(records) == {"v_1", "v_2", "v_3"}


def test_plover_actor_objects_name_code_qid_and_id(records: dict[str, dict[str, Any]]) -> None:
    rec = records["v_1"]
    assert rec["event"] == ["SANCTION"]
    assert rec["mode"] == ["sever"]
    assert rec["kizashi_type"] == "EXPORT_CONTROL"
    (source,), (recipient,) = rec["source"], rec["recipient"]
    assert (source["name"], source["code"], source["entity_id"]) == (METI.canonical, "JPN", METI.entity_id)
    assert (recipient["identifier_id"], recipient["actor_text"]) == (CHINA.wikidata, "中国")
    assert records["v_2"]["source"][0]["office"] == "Secretary of Commerce"
    assert records["v_2"]["source"][0]["entity_id"] == RAIMONDO.entity_id


def test_plover_status_is_its_own_field_and_a_context(records: dict[str, dict[str, Any]]) -> None:
    rec = records["v_3"]
    assert rec["status"] == "planned"
    assert set(rec["context"]) == {"future", "military"}
    assert records["v_1"]["status"] == "happened"
    assert "future" not in records["v_1"]["context"]


@pytest.mark.parametrize(("event_id", "reason"), [("v_2", "only the month"), ("v_3", "no date")])
def test_plover_undated_record_says_why(
    records: dict[str, dict[str, Any]], event_id: str, reason: str
) -> None:
    rec = records[event_id]
    assert rec["date"] is None
    assert reason in rec["date_missing"]
    assert records["v_1"]["date_missing"] is None


def test_plover_text_info_offsets_and_citation(records: dict[str, dict[str, Any]]) -> None:
    for rec in records.values():
        info = rec["text_info"]
        assert TEXT[info["start"] : info["end"]] == rec["text"]
        assert rec["cite_info"]["source"] == "corpus/a.txt"
        assert rec["cite_info"]["title"] == HEADLINE
        assert rec["cite_info"]["language"] == "ja"
    assert records["v_2"]["event_loc"]["entity_id"] == PENTAGON.entity_id
    assert records["v_2"]["event_loc"]["country code"] == "US"
    assert records["v_3"]["event_loc"]["name"] == STRAIT.canonical
