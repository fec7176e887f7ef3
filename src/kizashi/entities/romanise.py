"""Kana to Latin letters for foreign and Korean names (Japanese readings go to pykakasi: names.Romaniser).

Pure functions over katakana (hiragana is folded first). No library turns katakana back into the
Latin spelling of a foreign name, so foreign names written
in katakana are turned back towards a Latin spelling (グレゴリー -> Gregory): epenthetic vowels go
(スミス -> Smis), ッ doubles, ー becomes what English writes for it. The foreign rules are a best guess,
measured in tests/unit/test_romanise.py on names chosen for that; a lexicon of common names
(``data/lexicons/foreign_names.yaml``, read by names.Romaniser) goes first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from difflib import SequenceMatcher

_SMALL = "ァィゥェォャュョヮ"
_VOWELS = {"ア": "a", "イ": "i", "ウ": "u", "エ": "e", "オ": "o"}

# mora -> (consonant, vowel) in Hepburn; the consonant may be empty
_BASE: dict[str, tuple[str, str]] = {}
for _row, _cons in (
    ("アイウエオ", ("", "", "", "", "")),
    ("カキクケコ", ("k", "k", "k", "k", "k")),
    ("ガギグゲゴ", ("g", "g", "g", "g", "g")),
    ("サシスセソ", ("s", "sh", "s", "s", "s")),
    ("ザジズゼゾ", ("z", "j", "z", "z", "z")),
    ("タチツテト", ("t", "ch", "ts", "t", "t")),
    ("ダヂヅデド", ("d", "j", "z", "d", "d")),
    ("ナニヌネノ", ("n", "n", "n", "n", "n")),
    ("ハヒフヘホ", ("h", "h", "f", "h", "h")),
    ("バビブベボ", ("b", "b", "b", "b", "b")),
    ("パピプペポ", ("p", "p", "p", "p", "p")),
    ("マミムメモ", ("m", "m", "m", "m", "m")),
    ("ラリルレロ", ("r", "r", "r", "r", "r")),
    ("ヴ", ("v",)),
):
    for _kana, _c, _v in zip(_row, _cons, "aiueo", strict=False):
        _BASE[_kana] = (_c, "u" if _kana == "ヴ" else _v)
_BASE.update({"ヤ": ("y", "a"), "ユ": ("y", "u"), "ヨ": ("y", "o"), "ワ": ("w", "a"), "ヲ": ("", "o")})
_BASE.update({"ヰ": ("", "i"), "ヱ": ("", "e")})
# the consonant a small ャュョ makes of the kana before it (キャ kya, シャ sha, チャ cha, ジャ ja)
_PALATAL = {"sh": "sh", "ch": "ch", "j": "j"}
# small vowels after a kana: foreign sounds (ティ ti, ファ fa, ウィ wi, シェ she, ヴァ va)
_FOREIGN_ONSET = {"テ": "t", "デ": "d", "ト": "t", "ド": "d", "フ": "f", "ウ": "w", "ヴ": "v", "ツ": "ts"}

_SPANISH_EZ = re.compile("(?:[レネペメゲデ]|チェ)ス$")
_MORA = re.compile(f"[ア-ヴ][{_SMALL}]?|[ッンー]|[^ア-ヴッンー]")


def to_katakana(text: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in text)


def morae(kana: str) -> list[tuple[str, str]]:
    """Katakana as (consonant, vowel) pairs; ッ is ("Q", ""), ン ("N", ""), ー ("", "-")."""
    out: list[tuple[str, str]] = []
    for m in _MORA.findall(to_katakana(kana)):
        if m == "ッ":
            out.append(("Q", ""))
        elif m == "ン":
            out.append(("N", ""))
        elif m == "ー":
            out.append(("", "-"))
        elif m[0] in _BASE:
            cons, vowel = _BASE[m[0]]
            if len(m) == 2:
                small = m[1]
                if small in "ャュョ":
                    cons = _PALATAL.get(cons, cons + "y") if m[0] not in "イ" else "y"
                    vowel = {"ャ": "a", "ュ": "u", "ョ": "o"}[small]
                elif small == "ヮ":
                    cons, vowel = cons + "w", "a"
                else:
                    vowel = {"ァ": "a", "ィ": "i", "ゥ": "u", "ェ": "e", "ォ": "o"}[small]
                    cons = _FOREIGN_ONSET.get(m[0], cons)
                    if cons in {"s", "z"} and vowel == "e" and m[0] in "シジ":
                        cons = "sh" if m[0] == "シ" else "j"
                    if m[0] in "チ":
                        cons = "ch"
                    if m[0] == "イ":
                        cons = "y"
            out.append((cons, vowel))
        elif m in _VOWELS:
            out.append(("", _VOWELS[m]))
        else:
            out.append((m, ""))  # not kana: passed through
    return out


def foreign(katakana: str) -> str:
    """A foreign name in katakana back towards its Latin spelling (lower case): epenthetic vowels
    dropped after final and clustered consonants (スミス smis, ブラウン braun), ッ doubling the next
    consonant, ー as English writes it (スターマー starmer, グレゴリー gregory), ン as m before b/p."""
    ms = morae(katakana)
    out: list[str] = []
    n = len(ms)
    for i, (cons, vowel) in enumerate(ms):
        nxt = ms[i + 1] if i + 1 < n else ("", "")
        prev = ms[i - 1][1] if i else ""
        if cons == "Q":
            follow = _latin_onset(nxt[0], nxt[1])
            out.append({"k": "c", "c": "c", "sh": "", "ch": "t", "ts": ""}.get(follow, follow[:1]))
            continue
        if cons == "N":
            out.append("m" if nxt[0] in {"b", "p"} else "n")
            continue
        if vowel == "-":
            if i == n - 1 and out and prev in "aeo":
                out[-1] = out[-1][:-1] + "er" if prev == "a" else out[-1] + "r"
            elif i == n - 1 and out and prev == "i":
                out[-1] = out[-1][:-1] + "y"
            elif prev == "a" and nxt[0] and nxt[0] not in {"Q", "N"}:
                out.append("r")
            continue
        onset = _latin_onset(cons, vowel)
        epenthetic = (
            cons
            and (
                (vowel == "u" and cons not in {"y", "w"})
                # ト/ド lose their o at the end, before r or before another bare consonant (ケント
                # Kent, トランプ Trump, ゴールドスタイン Goldstein), not before a full vowel (ドミンゲス)
                or (vowel == "o" and cons in {"t", "d"} and (i == n - 1 or nxt[0] == "r" or nxt[1] == "u"))
            )
            and (i == n - 1 or (nxt[0] and nxt[0] not in {"Q", "N", "y", "w"} and nxt[1] != "-"))
        )
        if epenthetic:
            out.append({"r": "l", "j": "ge"}.get(cons, onset) if i > 0 else onset)
        elif i == n - 1 and vowel == "i" and cons == "r" and i > 0:
            out.append(onset + "y")  # final リ after a vowel: -ry (Henry, Gregory)
        else:
            out.append(onset + vowel)
    latin = "".join(out).replace("ii", "i")
    if n >= 4 and _SPANISH_EZ.search(katakana) and latin.endswith("es"):
        # Spanish family names in -ez (Suárez, Domínguez): English names in -es end in ズ (ジョーンズ)
        latin = latin[:-1] + "z"
    return latin


def _latin_onset(cons: str, vowel: str) -> str:
    """English spelling of a katakana consonant: ka/ko/ku as c, ki/ke as k; ji/je as j; shi as sh."""
    if cons == "k":
        return "k" if vowel in "ie" else "c"
    if cons == "ts":
        return "ts"
    return cons


# Korean family names: hanja and their usual katakana, with the spelling Korean people use in English
_KOREAN_FAMILY = {
    "李": ("イ", "Lee"),
    "金": ("キム", "Kim"),
    "朴": ("パク", "Park"),
    "崔": ("チェ", "Choi"),
    "鄭": ("チョン", "Jung"),
    "姜": ("カン", "Kang"),
    "趙": ("チョ", "Cho"),
    "尹": ("ユン", "Yoon"),
    "張": ("チャン", "Jang"),
    "林": ("イム", "Lim"),
    "韓": ("ハン", "Han"),
    "呉": ("オ", "Oh"),
    "徐": ("ソ", "Seo"),
    "申": ("シン", "Shin"),
    "権": ("クォン", "Kwon"),
    "黄": ("ファン", "Hwang"),
    "安": ("アン", "Ahn"),
    "宋": ("ソン", "Song"),
    "柳": ("ユ", "Yoo"),
    "洪": ("ホン", "Hong"),
    "全": ("チョン", "Jeon"),
    "高": ("コ", "Ko"),
    "文": ("ムン", "Moon"),
    "梁": ("ヤン", "Yang"),
    "孫": ("ソン", "Son"),
    "裵": ("ペ", "Bae"),
    "白": ("ペク", "Baek"),
    "許": ("ホ", "Heo"),
    "南": ("ナム", "Nam"),
    "盧": ("ノ", "Roh"),
    "河": ("ハ", "Ha"),
    "郭": ("クァク", "Kwak"),
    "成": ("ソン", "Sung"),
    "車": ("チャ", "Cha"),
    "朱": ("チュ", "Joo"),
    "禹": ("ウ", "Woo"),
    "閔": ("ミン", "Min"),
    "羅": ("ナ", "Na"),
    "池": ("チ", "Ji"),
    "蔡": ("チェ", "Chae"),
    "元": ("ウォン", "Won"),
    "千": ("チョン", "Chun"),
    "方": ("パン", "Bang"),
    "玄": ("ヒョン", "Hyun"),
    "沈": ("シム", "Shim"),
    "丁": ("チョン", "Jeong"),
    "秋": ("チュ", "Choo"),
    "石": ("ソク", "Seok"),
}
_KOREAN_FAMILY_KANA = {kana: latin for kana, latin in _KOREAN_FAMILY.values()}
_CODAS = "ンルクプッム"
# Korean vowels as Japanese writes them, with the spelling names usually take (ジェ jae, ミョン myung)
_KOREAN_VOWEL = {"a": "a", "i": "i", "u": "u", "e": "ae", "o": "o"}
_KOREAN_CODA = {"ン": "n", "ル": "l", "ク": "k", "プ": "p", "ッ": "t", "ム": "m"}


def korean_family(hanja: str) -> str | None:
    """The usual English spelling of a Korean family name written in hanja (李 Lee, 朴 Park)."""
    hit = _KOREAN_FAMILY.get(hanja)
    return hit[1] if hit else None


def korean_family_kana(hanja: str) -> str | None:
    hit = _KOREAN_FAMILY.get(hanja)
    return hit[0] if hit else None


def korean_syllables(katakana: str) -> list[str]:
    """Katakana of a Korean name cut into Korean syllables: a kana (with its small kana) and a final
    consonant if one follows (ジュンイル -> ジュン, イル; イジェミョン -> イ, ジェ, ミョン)."""
    return [s for part in to_katakana(katakana).split("・") for s in _syllables(part)]


def _syllables(part: str) -> list[str]:
    units = re.findall(f"[ア-ヴ][{_SMALL}]?|[ー]", part)
    out: list[str] = []
    i = 0
    while i < len(units):
        syl = units[i]
        i += 1
        if i < len(units) and units[i] == "ー":
            i += 1  # Japanese lengthening: no Korean sound
        if i < len(units) and units[i] in _CODAS and (i + 1 >= len(units) or units[i + 1] not in _SMALL):
            # ル, ク, ム... end this syllable unless a vowel-less reading is impossible (ルー, クァ)
            nxt = units[i + 1] if i + 1 < len(units) else ""
            if units[i] in "ンッ" or not nxt or nxt[0] in "アイウエオ" or nxt[0] not in _CODAS:
                syl += units[i]
                i += 1
        out.append(syl)
    return out


def korean(katakana: str, *, family_hanja: str = "") -> str:
    """A Korean name from its katakana reading, family name first as Korean names are written in
    English: イ・ジュンイル -> Lee Jun-il (given-name syllables joined with a hyphen)."""
    parts = [p for p in to_katakana(katakana).split("・") if p]
    sylls = korean_syllables(katakana)
    if not sylls:
        return katakana
    n_family = len(korean_syllables(parts[0])) if len(parts) > 1 else 1
    family_kana = "".join(sylls[:n_family])
    family = korean_family(family_hanja) if family_hanja else None
    family = family or _KOREAN_FAMILY_KANA.get(family_kana) or _korean_syllable(family_kana).capitalize()
    given = "-".join(_korean_syllable(s) for s in sylls[n_family:])
    return f"{family} {given.capitalize()}" if given else family


def _korean_syllable(syl: str) -> str:
    coda = _KOREAN_CODA.get(syl[-1], "") if len(syl) > 1 and syl[-1] in _CODAS else ""
    body = syl[:-1] if coda else syl
    ms = morae(body)
    if not ms:
        return ""
    cons, vowel = ms[0]
    if cons == "" and vowel == "o" and body[0] == "ヲ":
        vowel = "o"
    v = _KOREAN_VOWEL.get(vowel, vowel) if cons else vowel
    if coda == "n" and vowel == "o":
        # ン after o is mostly ng: 명 myung, 정 jung, 영 young; 동 dong, 송 song
        palatal = body.endswith(("ョ", "ュ")) or cons in {"ch", "j", "sh"}
        v, coda = ("u" if palatal else "o"), "ng"
        if not cons and body.endswith("ョ"):
            cons, v = "yo", "u"
    return cons + v + coda


def closest_latin(guess: str, words: Iterable[str], *, threshold: float = 0.75) -> str | None:
    """The word of ``words`` (Latin words the document itself writes) that a transliterated guess
    most likely stands for: same first letter, similar spelling (suares -> Suarez, rittiman ->
    Rittimann). A page that writes the name in Latin letters knows its spelling better than rules."""
    guess = guess.lower()
    best, score = None, threshold
    for word in words:
        w = word.lower()
        if not w or w[0] != guess[:1] or abs(len(w) - len(guess)) > 3:
            continue
        ratio = SequenceMatcher(None, guess, w).ratio()
        if ratio >= score:
            best, score = word, ratio
    return best
