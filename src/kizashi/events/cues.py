"""Cues around a trigger that say whether it reports an event, and of what kind.

A trigger word is not always an event of its sentence: この提案を非難 refers back to an event
already told; 会談できるよう打診 is the content of a request; 攻撃を仕掛ける能力 is a capability;
攻撃を探知する is defence against one. Words after it set the status (予定, 可能性, なかった)
or the voice (制裁を科された: the subject suffered the measure).
"""

from __future__ import annotations

import re

from kizashi.events.taxonomy import Taxonomy

# この提案, 同会談, 今回の会談: a noun pointing back at an event the story has told
_ANAPHORIC = re.compile(r"(この|その|(?<![共合賛協])同|今回の|先の|前回の|当該)[^、。はがをにでと]{0,8}$")
# 協力する覚書, 連携する枠組み: a verb trigger modifying the noun after it
_ADNOMINAL = re.compile(r"[\u4e00-\u9fff\u30a0-\u30ff]")
_BROKEN = re.compile(r"(に|への)(違反|抵触)")
# ミサイル配備について質問に答えた: an act as the topic of a question or talk
_TALKED_OF = re.compile(
    r"(について|をめぐ|を巡|に関し|に関する)て?(?:[^。、]{0,4}?(議論|協議|話し合|説明|言及|質問)"
    r"|[^。]{0,40}?(警告|懸念|非難|批判|反対|と述べ|と語))"  # 武器供与について「…」と警告: the topic of a statement
)
# 輸出規制に対し議論する: the measure as the topic of talk, not taken
_TOPIC = re.compile(
    r"(に対し|について|をめぐ|を巡|に関し|に関する)て?[^。、]{0,4}?(議論|協議|話し合|検討|説明|言及|質問)"
    # 輸出管理などに対して懸念を示した, 規制を迂回する: what a statement or act is about
    # (also the first of a list: 半導体規制、輸出管理などに対して懸念)
    r"|(?:、[^。、「」]{1,12}?){0,3}?(など)?(に対して|に対し|について|をめぐ|を巡|への)[^。、]{0,10}?"
    r"(懸念|批判|反発|反対|不満|抗議|非難)"
    r"|を(迂回|回避|逃れ|かいくぐ)"
)
# 会談できるよう(に)打診, 警戒するよう呼びかけ: what is asked for, not what happened
_CONTENT = re.compile(r"^[^。、「」]{0,6}?(できる|する|される|しない|を行う|を始める)よう")
# 攻撃を仕掛ける能力, 攻撃能力: a capability, not an act
_CAPABILITY = re.compile(r"^[^。、」]{0,10}?能力")
# 攻撃を探知する, 侵入を防ぐ, 攻撃への対処: defence against the act, not the act
_DEFENCE = re.compile(
    r"^(を|から|の|への|に)?[^。、]{0,6}?(探知|検知|防ぐ|防止|防御|阻止|対策|対処|備え|守る|監視|抑止|対応)"
)
# 制裁を科され, 要請を受け: the subject undergoes the act of another
_PASSIVE = re.compile(r"(を)?(科され|課され|受け|受けた|受けて|され(?!る予定))")
# products whose launch the domain watches: the object of 公開/発表 makes it a release
_PRODUCT = re.compile(
    r"(スマートフォン|スマホ|パソコン|PC|チップ|プロセッサ|半導体|端末|製品|新型|新モデル|モデル|機種|サービス|AI)"
    r"[^。、]{0,4}を[^。、を]{0,4}$"
)
# a non-past relative clause between a date and its event puts it ahead: 5月に開かれる会合
# (対する/関する are postpositions, not verbs of the clause)
FUTURE_CLAUSE = re.compile(r"(かれる|われる|される|(?<![対関])する|予定の)(?=[^。、]{0,12}$)")
# a trigger whose predicate is in the non-past (導入する。, 開催される予定) speaks of the future
NON_PAST = re.compile(r"[^。]{0,6}?(する|します|される|されます|へ)(。|」|と発表|と明らか|方針|予定|$)")
# the trigger's own predicate in the past: 署名した, 会談しました, 開催された
PAST = re.compile(r"[^。、「」]{0,4}?(した|しました|された|されました|った|いた|えた|けた)")
_NOT_DONE = re.compile(r"(は|も)?(できない|しない|しなかった|せず|されない|しておらず)")
# 協力を強化することで一致, 連携強化で合意: the content of an agreement, which the agreement reports
_AGREED_CONTENT = re.compile(
    r"^[^。、「」]{0,12}?(こと|の)?(で|を)(改めて|再び|再度)?(一致|合意|確認|申し合わせ)"
    # 協力を強化する覚書に署名: what a signed text provides for
    r"|^(する|していく|するための|に関する)(覚書|協定|合意文書|共同声明|共同宣言|枠組み)"
)
# 中国をけん制する狙いがある, 規制強化の狙いは: an aim, not an act
# いかなる形のサイバー攻撃にも反対する: the act opposed in general
_OPPOSED = re.compile(r"(に|にも|には)(断固|強く)?(反対|反発)")
_ANY = re.compile(r"(いかなる|あらゆる)[^。]{0,12}$")
# 共同記者発表で「…」と述べた: a press conference where words are said
_SETTING = re.compile(r"(で|の場で|の席で)")
# 照射が公表されたのは初めて, 侵入が確認されたのは異例: a comment on an act the story told
_COMMENTED = re.compile(r"^[^。、「」]{0,4}?が(公表|発表|報告|確認|明らかに)され(た|る)?のは")
# 「…緊密に連携し、交流する努力をしたい」: cooperation hoped for in the speaker's words
_WISH = re.compile(r"^[^。「」]{0,30}?(たい|ていきたい|でいきたい)[」。]")
_AIM = re.compile(r"^[^。、「」]{0,10}?(狙い|ねらい|目的)(が|だ|で|と|は|も|。)")
# 非難する段階には至っていない, 制裁には至らなかった: a step named as not (yet) reached
_NOT_REACHED = re.compile(
    r"^[^。、]{0,16}?(に(は|まで)?至って(い|お)ら?(ない|ず)|に(は|まで)?至らな|に(は|まで)?至らず|段階ではない)"
)
# 会談は実現しなかった, 訪問が見送られた, 会合は中止された: an event that did not take place
_DID_NOT_HAPPEN = re.compile(
    r"^[^。、「」]{0,10}?(は|が|も)(実現しなかった|実現せず|実現していない|見送られ|中止され|取りやめ|中止とな)"
    r"|^[^。、「」]{0,4}?(の|を)(見送っ|見送り|中止し|取りやめ)"
)
# 領海への侵入, 公船が侵入: a ship or aircraft entering a territory, not an intrusion into a network
_PHYSICAL = re.compile(r"(領土|領海|領空|島|海域|水域|空域|国境|船|艦|機)[^。、]{0,3}$")
# 排除しない, 排除できない, 可能性を排除: what is not ruled out is no ban
_NOT_RULED_OUT = re.compile(r"^(は|も|を)?(しない|しな|せず|できない|できず|されない|しておらず)")
_POSSIBILITY = re.compile(r"(可能性|選択肢)(を|も|は)$")
# 会談が実現すれば, 制裁を科した場合, 規制するなら: a hypothetical
_HYPOTHETICAL = re.compile(
    r"^[^。、「」]{0,10}?(すれば|されれば|したら|されたら|した場合|する場合|される場合|された場合|するならば|ならば|なら、)"
)
# 経済的威圧とは?, …とは、…のことだ: a definition or example explaining a term, not news
_ASIDE = re.compile(r"とは[?？:：]|とは、[^。]*のこと")
# heads of a compound whose modifier the trigger is: 訪問団, 制裁額
_COMPOUND_HEADS = frozenset("団先者員費額場機")  # 演習場 (a ground), 発射機 (a launcher)


# the MEASURE family of data/events/event_types.yaml (a test keeps the two equal)
MEASURES = frozenset({"SANCTION", "EXPORT_CONTROL", "INVESTMENT_SCREENING", "PROCUREMENT_BAN"})


def not_an_event(text: str, start: int, end: int, type_: str) -> str | None:
    """Why the trigger at text[start:end] reports no event of its own, or None when it does."""
    after = text[end:]
    if end < len(text) and text[end] in _COMPOUND_HEADS:
        return "modifier of a compound noun"
    if _ANAPHORIC.search(text[max(0, start - 4) : start]):
        return "refers back to an event already reported"
    if _CONTENT.match(after):
        return "content of a request"
    if text[start:end].endswith("る") and _ADNOMINAL.match(after):
        return "modifies the noun after it"
    if type_ in MEASURES and _TOPIC.match(after):
        return "the topic of talk"
    if type_ in MEASURES and _BROKEN.match(after):
        return "a measure broken, not imposed"  # 制裁に違反したとして: the reason for another act
    if type_ == "MILITARY_ACTION" and _TALKED_OF.match(after):
        return "the topic of talk"  # 配備について質問に答えた (an incursion protested stays an event)
    if type_ in {"CYBER_OPERATION", "MILITARY_ACTION"} and _CAPABILITY.match(after):
        return "a capability, not an act"
    if (
        type_ == "CYBER_OPERATION"
        and text[start:end] == "侵入"
        and _PHYSICAL.search(text, max(0, start - 8), start)
    ):
        return "a physical incursion, not a cyber one"
    if type_ == "CYBER_OPERATION" and _DEFENCE.match(after):
        return "defence against the act"
    if type_ == "REJECT" and _NOT_DONE.match(after):
        return "a rejection denied (否定できない)"
    return _no_event_of_its_own(text, start, end, type_)


def _no_event_of_its_own(text: str, start: int, end: int, type_: str) -> str | None:
    """Triggers that name an aim, a content, a step not taken or a hypothesis (issue 14, 6)."""
    after = text[end:]
    if type_ in {"COOPERATE", "REQUEST", "MEET", "REJECT"} and _AGREED_CONTENT.match(after):
        return "the content of an agreement"
    if _AIM.match(after):
        return "an aim, not an act"
    if _NOT_REACHED.match(after):
        return "a step not reached"
    if _DID_NOT_HAPPEN.match(after):
        return "an event that did not take place"
    if type_ == "PROCUREMENT_BAN" and (
        _NOT_RULED_OUT.match(after) or _POSSIBILITY.search(text, max(0, start - 4), start)
    ):
        return "not ruled out, no ban"
    if _HYPOTHETICAL.match(after):
        return "a hypothetical"
    if _COMMENTED.match(after):
        return "a comment on an act already told"
    if (
        type_ in {"CYBER_OPERATION", "MILITARY_ACTION"}
        and _OPPOSED.match(after)
        and _ANY.search(text, 0, start)
    ):
        return "an act opposed in general, not done"  # いかなる形のサイバー攻撃にも反対
    if text.endswith("記者", 0, start) and _SETTING.match(after):
        return "a press conference as the setting"
    if type_ == "COOPERATE" and _WISH.match(after):
        return "a wish, not an act"
    if _ASIDE.search(text, 0, start):
        return "an explanatory aside"
    return None


def is_passive(text: str, end: int) -> bool:
    return _PASSIVE.match(text, end) is not None


def is_product_release(text: str, start: int) -> bool:
    """発表/公開 whose object is a product (新型スマートフォンを発表) releases it."""
    return _PRODUCT.search(text, max(0, start - 14), start) is not None


def status_of(after: str, taxonomy: Taxonomy, type_: str) -> str:
    """Status from the words after the trigger, within its clause."""
    window = after[:24]
    cut = re.search(r"[。」、]", window)  # the trigger's own predicate ends at the comma
    window = window[: cut.start()] if cut else window
    for name in ("denied", "planned", "possible"):
        cues = taxonomy.status_cues.get(name, [])
        if name == "denied" and type_ == "REJECT":
            continue
        if any(c in window for c in cues):
            return name
    return "happened"
