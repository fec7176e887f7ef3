from __future__ import annotations

from pathlib import Path

import pytest

from kizashi.errors import KizashiError
from kizashi.events.taxonomy import _parse, load_taxonomy

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
        ("米商務省はエンティティー・リストに追加した。", "EXPORT_CONTROL", "entity_listing"),
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


@pytest.mark.parametrize(
    ("text", "surface", "type_", "mode"),
    [
        # talks named by rank or field (issue 14: 高官協議 and 防衛政策調整対話 made general)
        ("両国は局長級協議を開いた。", "局長級協議", "MEET", "security_dialogue"),
        ("日豪は次官級の会合を開いた。", "次官級の会合", "MEET", "security_dialogue"),
        ("日米は安全保障対話を行った。", "安全保障対話", "MEET", "security_dialogue"),
        ("両国は経済政策対話を開いた。", "経済政策対話", "MEET", "security_dialogue"),
        # concern in its usual forms (懸念事項を提起, 重要な懸念 made general)
        ("外相は懸念点を伝えた。", "懸念点を伝え", "CONCERN", None),
        ("外相は深刻な懸念を示した。", "深刻な懸念", "CONCERN", None),
        ("政府は強く懸念している。", "強く懸念", "CONCERN", None),
        # a statement as the means of announcing (声明で明らかに made general)
        ("外務省は声明で表明した。", "声明で表明", "PUBLISH", "statement"),
        # arms bought, chip controls, acting together, urging
        ("空軍は戦闘機を調達した。", "戦闘機を調達", "MILITARY_ACTION", "arms_purchase"),
        ("米国は対中半導体規制を強めた。", "対中半導体規制", "EXPORT_CONTROL", "export_control"),
        ("日韓は連携して対応する。", "連携して対応", "COOPERATE", "coordination"),
        ("米国は日本と足並みをそろえた。", "足並みをそろえ", "AGREE", "alignment"),
        ("議員は撤回すべきだと主張した。", "べきだと主張", "REQUEST", "urging"),
        # list designations in Latin script, in any case, or told by their verb
        ("米商務省は同社をEntity Listに加えた。", "Entity List", "EXPORT_CONTROL", "entity_listing"),
        ("the entity list grew.", "entity list", "EXPORT_CONTROL", "entity_listing"),
        ("財務省は3社を対象リストに掲載した。", "リストに掲載", "SANCTION", "entity_listing"),
        # incursions and allegations
        ("軍用機が領空を侵犯した。", "領空を侵犯", "MILITARY_ACTION", "incursion"),
        ("公船が領海に侵入した。", "領海に侵入", "MILITARY_ACTION", "incursion"),
        ("同社は制裁違反の疑いがある。", "違反の疑い", "ACCUSE", None),
    ],
)
def test_taxonomy_pattern_triggers_cover_a_family_of_surfaces(
    text: str, surface: str, type_: str, mode: str | None
) -> None:
    hit = next(h for h in load_taxonomy().find(text) if text[h.start : h.end] == surface)
    assert (hit.trigger.type, hit.trigger.mode) == (type_, mode)


@pytest.mark.parametrize(
    "text",
    [
        "報道官は経緯を明らかにした。",  # plain 明らかにした is no trigger
        "専門家は撤回すべきだと考えている。",  # an opinion, not urging
        "悪質なメールが届いた。",  # a description, not a verdict
        "専門家は問題だと指摘した。",  # said of anything
        "両者は重要な懸念事項について話した。",  # 重要な懸念 is no set phrase
    ],
)
def test_taxonomy_no_trigger_in_near_misses(text: str) -> None:
    assert load_taxonomy().find(text) == []


def test_taxonomy_overlapping_hits_first_then_longest() -> None:
    text = "米国は領海に侵入した。"
    hits = load_taxonomy().find(text)
    assert [text[h.start : h.end] for h in hits] == ["領海に侵入"]  # not also 侵入 (CYBER_OPERATION)


def test_taxonomy_phrase_flag_from_particle_or_data() -> None:
    tax = load_taxonomy()
    assert tax.triggers["声明を発表"].phrase  # を inside
    assert tax.find("懸念を表明した")[0].trigger.phrase  # a pattern trigger, named with its particle
    assert not tax.triggers["会談"].phrase
    joint = next(h for h in tax.find("日本は米国と共同で開発した。") if h.trigger.type == "COOPERATE")
    assert joint.trigger.phrase  # phrase: true in the data, though its text holds no inner particle


def test_taxonomy_invalid_pattern_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "badpattern.yaml"
    bad.write_text(
        "types: {MEET: {plover: CONSULT, family: CONSULT, triggers: [{text: 会談, pattern: '(会談'}]}}\nstatus: {}\n",
        encoding="utf-8",
    )
    with pytest.raises(KizashiError, match=r"badpattern\.yaml"):
        load_taxonomy(bad)


def test_taxonomy_traits_are_the_types_behaviour() -> None:
    # the taxonomy file declares how each type behaves; the rules' sets must say the same
    from kizashi.events import merge, roles

    tax = load_taxonomy()
    assert tax.traits["symmetric"] == frozenset(roles.SYMMETRIC) == frozenset(merge._SYMMETRIC)
    assert tax.traits["speech"] == frozenset(roles.SPEECH)
    assert tax.traits["two_parties"] == {"MEET", "AGREE", "COOPERATE", "VISIT"}
    assert tax.traits["one_party"] == {"PUBLISH"}


def test_taxonomy_an_unknown_trait_is_an_error_naming_it() -> None:
    text = "types:\n  MEET:\n    plover: CONSULT\n    family: CONSULT\n    traits: [chatty]\n    triggers: []\nstatus: {}\n"
    with pytest.raises(KizashiError, match="traits"):
        _parse(text, "event_types.yaml")
