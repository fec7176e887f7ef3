from __future__ import annotations

from pathlib import Path

import pytest

from kizashi.errors import KizashiError
from kizashi.events.taxonomy import load_taxonomy

SCHEMA_TYPES = {
    "MEET", "VISIT", "AGREE", "COOPERATE", "REQUEST", "CONCERN", "ACCUSE", "REJECT", "WARN", "SANCTION",
    "EXPORT_CONTROL", "INVESTMENT_SCREENING", "PROCUREMENT_BAN", "CYBER_OPERATION", "MILITARY_ACTION", "PUBLISH",
    "PRODUCT_RELEASE",
}  # fmt: skip


def test_taxonomy_covers_every_schema_type_with_triggers() -> None:
    tax = load_taxonomy()
    assert set(tax.types) == SCHEMA_TYPES
    assert all(t.triggers for t in tax.types.values())


@pytest.mark.parametrize(
    ("text", "type_", "mode"),
    [
        ("両首脳は電話会談を行った。", "MEET", "phone_call"),
        ("米商務省はエンティティー・リストに追加した。", "SANCTION", "entity_listing"),
        ("半導体の輸出管理を強化した。", "EXPORT_CONTROL", "export_control"),
        ("政府は投資審査を厳格化する。", "INVESTMENT_SCREENING", "investment_screening"),
        ("同社製品の調達禁止を決めた。", "PROCUREMENT_BAN", "procurement_ban"),
        ("重要インフラへのサイバー攻撃が確認された。", "CYBER_OPERATION", "cyber_operation"),
        ("懸念を表明した。", "CONCERN", None),
    ],
)
def test_taxonomy_longest_trigger_wins(text: str, type_: str, mode: str | None) -> None:
    hits = load_taxonomy().find(text)
    assert hits[0].trigger.type == type_
    assert hits[0].trigger.mode == mode


def test_taxonomy_plover_mapping() -> None:
    tax = load_taxonomy()
    assert tax.plover("MEET") == "CONSULT"
    assert tax.plover("EXPORT_CONTROL") == "SANCTION"
    assert tax.plover("PUBLISH") is None


def test_taxonomy_invalid_file_names_itself(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("types: {MEET: {plover: CONSULT}}\nstatus: {}\n", encoding="utf-8")
    with pytest.raises(KizashiError, match=r"bad\.yaml"):
        load_taxonomy(bad)
