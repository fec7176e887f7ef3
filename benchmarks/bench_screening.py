"""Benchmark of screening: generated list entries against generated stored entities.

    python benchmarks/bench_screening.py [--entries 100000] [--entities 10000] [--seed 7]

Writes a list of ``--entries`` FtM entities (JSON lines: Latin names with legal forms, a third with
a simplified-Chinese alias, a tenth with a katakana alias, a fifth of them people) and a SQLite
store of ``--entities`` entities (a fifth of them written as on the list, in another script or
with a typo; the rest names the list does not hold), then times, each apart: reading the file,
loading it into the store, and ``screen_store`` (index build, blocking, scoring, storing the
matches). Prints the times, the candidate pairs scored against the all-pairs count, and the
matches.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

from kizashi.records import Analysis, Document, Entity
from kizashi.screening.lists import read_list
from kizashi.screening.match import screen
from kizashi.screening.names import NameForms
from kizashi.screening.run import build_index, import_list, screen_store, subjects
from kizashi.storage import open_store

_SYLLABLES = [c + v for c in "bdfghjkmnprstvwz" for v in "aeiou"] + ["shi", "chi", "tsu", "ryo", "kyo"]
_WORDS = ["Technology", "Trading", "Electronics", "Industrial", "Precision", "Logistics", "Aerospace",
          "Machinery", "Energy", "Materials", "Research", "Shipping", "Optics", "Systems", "Holdings"]  # fmt: skip
_FORMS = ["Co., Ltd.", "Ltd.", "Inc.", "Corporation", "GmbH", "LLC", "JSC", ""]
_HAN = "华为中兴海康威视电子科技航空精密机械光学物流能源材料研究贸易船舶工业集团国际东方北京上海深圳天津"
_KATA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモラリルレロワン"
_COUNTRIES = ["cn", "ru", "ir", "kp", "by", "sy", "hk", "ae", "tr", "jp"]


def _word(rnd: random.Random) -> str:
    return "".join(rnd.choice(_SYLLABLES) for _ in range(rnd.randint(2, 4))).capitalize()


def make_list(rnd: random.Random, n: int) -> list[dict[str, object]]:
    out = []
    for i in range(n):
        person = rnd.random() < 0.2
        if person:
            name = f"{_word(rnd)} {_word(rnd)}"
        else:
            name = " ".join([_word(rnd), *rnd.sample(_WORDS, rnd.randint(1, 2)), rnd.choice(_FORMS)]).strip()
        aliases = []
        if rnd.random() < 0.33:
            aliases.append(
                "".join(rnd.choice(_HAN) for _ in range(rnd.randint(4, 8))) + ("有限公司" * (not person))
            )
        if rnd.random() < 0.1:
            aliases.append("".join(rnd.choice(_KATA) for _ in range(rnd.randint(4, 7))))
        out.append({
            "id": f"bench-{i}", "schema": "Person" if person else "Company",
            "properties": {"name": [name], "alias": aliases, "country": [rnd.choice(_COUNTRIES)]},
            "datasets": ["bench"],
        })  # fmt: skip
    return out


def make_entities(rnd: random.Random, listed: list[dict[str, object]], n: int) -> list[Entity]:
    out = []
    for i in range(n):
        if rnd.random() < 0.2:  # a listed party, as the news writes it
            rec = rnd.choice(listed)
            props = rec["properties"]
            assert isinstance(props, dict)
            names = [*props["name"], *props["alias"]]
            name = rnd.choice(names)
            if rnd.random() < 0.3 and name.isascii() and len(name) > 8:
                j = rnd.randrange(1, len(name) - 1)
                name = name[:j] + name[j + 1 :]  # a typo
            type_ = "PERSON" if rec["schema"] == "Person" else "ORG"
        else:
            name = (
                " ".join([_word(rnd), rnd.choice(_WORDS)])
                if rnd.random() < 0.7
                else "".join(rnd.choice(_HAN) for _ in range(rnd.randint(3, 6)))
            )
            type_ = "ORG"
        out.append(Entity(f"e_bench{i}", name, type_, None, linked=False, names=(name,)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entries", type=int, default=100_000)
    ap.add_argument("--entities", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    records = make_list(rnd, args.entries)
    entities = make_entities(rnd, records, args.entities)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "list.ftm.json"
        path.write_text(
            "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8"
        )
        store = open_store(str(Path(tmp) / "bench.db"))
        store.upsert(Analysis(document=Document("d_bench", "bench", "bench"), entities=tuple(entities)))
        t0 = time.perf_counter()
        read_list(path)
        t1 = time.perf_counter()
        import_list(store, path, name="bench", version="1")  # reads the file again, then stores it
        t2 = time.perf_counter()
        res = screen_store(store)
        t3 = time.perf_counter()
        # the parts of a screen, timed apart on the same store (in memory, nothing stored)
        forms = NameForms()
        index = build_index(store, forms)
        t4 = time.perf_counter()
        found = subjects(store, forms)
        t5 = time.perf_counter()
        n = sum(1 for _ in screen(found, index))
        t6 = time.perf_counter()
        again = screen_store(store)
    s = res.stats
    pairs = s.subjects * s.entries
    print(f"entries {s.entries:,}, entities {s.subjects:,}")
    print(f"read FtM file:        {t1 - t0:7.2f} s")
    print(f"import (read + store): {t2 - t1:7.2f} s")
    print(f"screen (index, block, score, store): {t3 - t2:7.2f} s")
    print(f"candidate pairs scored: {s.candidates:,} of {pairs:,} ({s.candidates / max(1, pairs):.4%})")
    print(
        f"  of which: index {t4 - t3:.2f} s, entities read {t5 - t4:.2f} s, block and score {t6 - t5:.2f} s"
    )
    print(f"matches: {s.matches:,} ({res.new:,} stored); the same screen again: {n:,} found, {again.new} new")


if __name__ == "__main__":
    sys.exit(main())
