"""Write one short Japanese article (written for Kizashi's tests, not real reporting) in six encodings.

    python tests/data/encodings/make.py

Outputs, next to this file: ``article.<encoding>.txt`` for UTF-8, UTF-8 with BOM, UTF-16 LE with BOM,
Shift_JIS (CP932), EUC-JP and ISO-2022-JP, and ``expected.txt`` (the text in UTF-8) that a decoder
must give back for each. The text keeps to JIS X 0208 and ASCII, so every encoding holds it exactly
and CP932, EUC-JP and ISO-2022-JP agree on every character (no wave dash, minus or © to map).
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent

ARTICLE = """経産省、半導体材料の調達先を分散する企業に補助金
2024年6月14日 9時30分
経済産業省は14日、半導体の材料や部品を特定の国に頼る企業が調達先を分散する際の費用を補助すると発表した。
対象はガリウムやゲルマニウム、黒鉛など、輸出規制の強化が相次ぐ重要鉱物を使う国内の部品メーカー。
補助率は費用の3分の1で、来月から申請を受け付ける。
斎藤健経済産業相は閣議後の記者会見で「供給網の弱いところを一つずつ減らしていく」と述べた。
中国商務省は昨年、ガリウムなどの輸出を許可制にしており、国内の在庫は減っている。
業界団体の幹部は「新しい調達先の品質を確かめるには時間がかかる」と話した。
政府はことし秋にも、重要鉱物の備蓄を増やす方針をまとめる。
（東都新聞）
"""

# name -> bytes of ARTICLE in that encoding; UTF-16 is written little-endian behind its BOM
ENCODINGS: dict[str, bytes] = {
    "utf-8": ARTICLE.encode("utf-8"),
    "utf-8-bom": ARTICLE.encode("utf-8-sig"),
    "utf-16le-bom": b"\xff\xfe" + ARTICLE.encode("utf-16-le"),
    "cp932": ARTICLE.encode("cp932"),
    "euc-jp": ARTICLE.encode("euc_jp"),
    "iso-2022-jp": ARTICLE.encode("iso2022_jp"),
}


def main() -> None:
    for name, data in ENCODINGS.items():
        (HERE / f"article.{name}.txt").write_bytes(data)
    (HERE / "expected.txt").write_bytes(ARTICLE.encode("utf-8"))


if __name__ == "__main__":
    main()
