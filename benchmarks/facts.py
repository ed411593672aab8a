"""Who said what, and what the numbers are (issue 6): the seeds' quotes, facts and conflicts end to end, attribution
spans on PolNeAR beside textacy's `direct_quotations`, and the speed of the extract stage.

    python benchmarks/facts.py                          # every part, markdown tables on stdout
    python benchmarks/facts.py --part polnear --split dev
    python benchmarks/facts.py --part polnear --split train --limit 80 --verbose   # development: train only
    python benchmarks/facts.py --part speed             # articles/s of the extract stage on PolNeAR dev
    python benchmarks/facts.py --json figures.json
    python benchmarks/facts.py --write-baseline         # re-pin benchmarks/baselines/facts.json (the CI gate)

Corpora (read at run time from ../shared, never copied into the repository):

- The seeds (../shared/seeds, gold.json), through the whole pipeline (`Loom` into a temporary database, then the
  JSON export, as benchmarks/quality.py runs them). Checks: every gold quote exported with its speaker (the
  quote's text holds the first 30 normalised characters of the gold start, the speaker holds the gold surname,
  the rule of ../shared/tools/eval_seeds.py); every gold fact with exactly its documents (a claim whose value is
  the gold value, or one of the numbers newsloom itself reads in the gold claim's text when gold gives none,
  e.g. "two dozen" -> 24, and whose articles are exactly the gold documents); both gold conflicts (the call time:
  15:00 UTC from 000, 001 and 004 against 17:00 UTC from 002; Ash in 000 against Ashe in 001); every other
  exported conflict is a false conflict (goal: at most 3).
- PolNeAR v1.0.0 (../shared/datasets/polnear/data/{train,dev}): news articles of the 2016 US election with brat
  standoff attributions. Gold: per relation (E line, `Attribution` or `Attribution-no-source`), its content span
  (the `Content` span, joined with `Content2` where an annotator split it; relations without content are
  skipped) and its source span (`Source`; none for `Attribution-no-source`); a span shared by two relations counts
  once. Where several annotators labelled one article, the first annotator file in name order is gold (one rule
  for every article; the others are ignored). Only train is used for development; dev is only scored.

Prediction. newsloom: `newsloom.extract.extract` on each article after the identify stage (language and
sentences), exactly as the pipeline runs it; its quotes, direct and indirect, give the content span
(`Quote.start/end`) and the source span (`Quote.speaker_start/end`, the speaker's mention in the text: "he" in
"he said", even when the speaker resolves to a named person). Baseline: textacy's
`textacy.extract.triples.direct_quotations` on the same spaCy doc (en_core_web_sm 3.8, the pinned model): content
is its quote span, source the tokens it names as speaker (first to last).

Matching rule. A span is the set of word tokens (`\\w+` runs of the article text) it covers, so quote marks,
punctuation and the fragments of a split span do not matter. Per article and per kind (content, source), a
predicted span matches a gold span when the F1 of their token overlap is at least 0.5; pairs are taken one to
one, greedily, highest overlap first. Both sides are sets of spans: the gold file marks a source mention shared
by two attributions ("X said A and added B") once, so a system's identical spans count once too (a system
that names one mention as the speaker of two quotes has found one source span, not two). Precision is matched
predictions over predictions, recall matched gold
spans over gold spans, summed over all articles; F1 their harmonic mean. The exact figures count a match only
when the two token sets are equal.

Speed: `extract` over the identified PolNeAR dev articles, in CPU seconds of this process (`time.process_time`,
so that other work on a shared machine does not count), spaCy parse included.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmark_scripts import load_benchmark
from newsloom.compare import unit_key
from newsloom.config import Config
from newsloom.extract import english_pipeline, extract
from newsloom.identify import split_sentences
from newsloom.model import Article
from newsloom.pipeline import identify

if TYPE_CHECKING:
    from spacy.tokens import Doc

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
POLNEAR = SHARED / "datasets" / "polnear" / "data"
BASELINE = ROOT / "benchmarks" / "baselines" / "facts.json"
GATE_ARTICLES = 24
"""The gate's PolNeAR subset: the first 24 dev articles in name order (about 2,000 gold spans' worth of text is
too slow for a test; 24 articles parse in a few seconds)."""
MATCH_F1 = 0.5
WORD = re.compile(r"\w+")
SPAN = tuple[int, int]


# -- the seeds ------------------------------------------------------------------------------------------------


def seed_scores() -> dict[str, Any]:
    """The seeds through `Loom` and the export, checked against gold.json."""
    quality = load_benchmark("quality")
    gold = json.loads((SEEDS / "gold.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        stories = quality.export(SEEDS, Path(tmp) / "seeds.db")
    quotes = [(q["article"], quality._norm(q["text"]), (q["speaker"] or "").lower()) for s in stories for q in s["quotes"]]
    missed_quotes = [
        g["starts"]
        for g in gold["quotes"]
        if not any(
            d == g["doc"] and quality._norm(g["starts"])[:30] in t and g["speaker"].split()[-1].lower() in who for d, t, who in quotes
        )
    ]
    claims = [c for s in stories for c in s["claims"]]
    missed_facts = [f["claim"] for f in gold["facts"] if not _fact_found(f, claims)]
    conflicts = [c for s in stories for c in s["conflicts"]]
    found = [c for c in conflicts if _is_call_time_conflict(c) or _is_ash_conflict(c)]
    return {
        "quotes": len(gold["quotes"]) - len(missed_quotes),
        "gold_quotes": len(gold["quotes"]),
        "missed_quotes": missed_quotes,
        "facts": len(gold["facts"]) - len(missed_facts),
        "gold_facts": len(gold["facts"]),
        "missed_facts": missed_facts,
        "conflicts": len({"time" if _is_call_time_conflict(c) else "ash" for c in found}),
        "gold_conflicts": len(gold["conflicts"]),
        "false_conflicts": len(conflicts) - len(found),
        "false_conflict_list": [c["about"] for c in conflicts if c not in found],
        "quotes_exported": len(quotes),
    }


def _fact_values(fact: dict[str, Any]) -> list[float]:
    """The gold value, or else the numbers newsloom reads in the gold claim's own words ("two dozen" -> 24)."""
    if "value" in fact:
        return [float(fact["value"])]
    article = Article(key="gold", source="gold", title="", text=fact["claim"], raw=fact["claim"], content_hash="gold", language="en")
    article.sentences = split_sentences(article.text, "en")
    extract(article)
    return [n.value for n in article.numbers]


def _fact_found(fact: dict[str, Any], claims: list[dict[str, Any]]) -> bool:
    values = _fact_values(fact)
    unit = unit_key(fact["unit"]).rstrip("s") if "unit" in fact else None
    return any(
        c["value"] in values and (unit is None or unit_key(c["unit"]).rstrip("s") == unit) and sorted(c["articles"]) == sorted(fact["docs"])
        for c in claims
    )


def _is_call_time_conflict(conflict: dict[str, Any]) -> bool:
    values = {v["value"]: sorted(v["articles"]) for v in conflict["values"]}
    return (
        conflict["about"].startswith("clock time")
        and values.get("15:00")
        == [
            "000_42e583a15d9e2cc9.txt",
            "001_7cf7708cb609cf67.txt",
            "004_67abb299836df016.txt",
        ]
        and values.get("17:00") == ["002_eb0493873d130530.txt"]
    )


def _is_ash_conflict(conflict: dict[str, Any]) -> bool:
    values = {v["value"]: sorted(v["articles"]) for v in conflict["values"]}
    return values.get("Ash") == ["000_42e583a15d9e2cc9.txt"] and values.get("Ashe") == ["001_7cf7708cb609cf67.txt"]


# -- PolNeAR --------------------------------------------------------------------------------------------------


@dataclass
class Annotated:
    name: str
    text: str
    contents: list[list[SPAN]] = field(default_factory=list)
    sources: list[list[SPAN]] = field(default_factory=list)


ENTITY_LINE = re.compile(r"^(T\d+)\t([\w-]+) (\d+ \d+(?:;\d+ \d+)*)\t")
RELATION_LINE = re.compile(r"^(E\d+)\t(.*)$")


def polnear(split: str, limit: int | None = None) -> list[Annotated]:
    """The articles of one split with the first annotator's attributions (see the module docstring)."""
    folder = POLNEAR / split
    files: dict[str, Path] = {}
    for path in sorted((folder / "attributions").glob("*.ann")):
        files.setdefault(path.stem.rsplit("_", 1)[0], path)
    articles = []
    for name in sorted(files)[:limit]:
        text = (folder / "text" / f"{name}.txt").read_text(encoding="utf-8")
        articles.append(_read_brat(name, text, files[name].read_text(encoding="utf-8")))
    return articles


def _read_brat(name: str, text: str, ann: str) -> Annotated:
    spans: dict[str, list[SPAN]] = {}
    relations = []
    for line in ann.splitlines():
        if entity := ENTITY_LINE.match(line):
            spans[entity.group(1)] = [(int(a), int(b)) for a, b in (part.split() for part in entity.group(3).split(";"))]
        elif relation := RELATION_LINE.match(line):
            relations.append(dict(arg.split(":", 1) for arg in relation.group(2).split()))
    article = Annotated(name, text)
    contents: dict[tuple[str, ...], list[SPAN]] = {}
    sources: dict[str, list[SPAN]] = {}
    for args in relations:
        parts = tuple(sorted(v for k, v in args.items() if k.startswith("Content")))
        if not parts:
            continue
        contents[parts] = sorted(s for p in parts for s in spans[p])
        if "Source" in args:
            sources[args["Source"]] = spans[args["Source"]]
    article.contents, article.sources = list(contents.values()), list(sources.values())
    return article


@dataclass
class Predicted:
    contents: list[list[SPAN]]
    sources: list[list[SPAN]]


def prepare(docs: Sequence[Annotated]) -> list[Article]:
    """Each PolNeAR text as an article after the identify stage (the text unchanged, so offsets hold)."""
    config = Config()
    articles = []
    for k, doc in enumerate(docs, start=1):
        article = Article(key=doc.name, source=doc.name, title="", text=doc.text, raw=doc.text, content_hash=doc.name, language="en")
        article.id = k
        identify(article, config)
        articles.append(article)
    return articles


def newsloom_prediction(article: Article, doc: Doc) -> Predicted:
    extract(article, doc)
    contents = [[(q.start, q.end)] for q in article.quotes]
    sources = [[(q.speaker_start, q.speaker_end)] for q in article.quotes if q.speaker_start is not None and q.speaker_end is not None]
    return Predicted(contents, sources)


def textacy_prediction(article: Article, doc: Doc) -> Predicted:
    from textacy.extract.triples import direct_quotations

    contents, sources = [], []
    try:
        triples = list(direct_quotations(doc))
    except (ValueError, IndexError):  # textacy gives up on some unbalanced quote marks
        triples = []
    for triple in triples:
        contents.append([(triple.content.start_char, triple.content.end_char)])
        if triple.speaker:
            first, last = min(t.i for t in triple.speaker), max(t.i for t in triple.speaker)
            sources.append([(doc[first].idx, doc[last].idx + len(doc[last]))])
    return Predicted(contents, sources)


def _words(text: str) -> list[SPAN]:
    return [m.span() for m in WORD.finditer(text)]


def _token_set(words: list[SPAN], fragments: Iterable[SPAN]) -> frozenset[int]:
    return frozenset(i for i, (s, e) in enumerate(words) if any(s < b and a < e for a, b in fragments))


def span_set(words: list[SPAN], spans: Iterable[Iterable[SPAN]]) -> list[frozenset[int]]:
    """The distinct non-empty token sets of `spans` (gold and predicted alike), in a stable order."""
    return sorted({_token_set(words, s) for s in spans} - {frozenset()}, key=sorted)


def _overlap_f1(a: frozenset[int], b: frozenset[int]) -> float:
    common = len(a & b)
    return 0.0 if common == 0 else 2 * common / (len(a) + len(b))


def match(predicted: list[frozenset[int]], gold: list[frozenset[int]]) -> tuple[int, int]:
    """(overlap matches, exact matches): one to one, greedily, highest token-overlap F1 first."""
    pairs = sorted(
        ((_overlap_f1(p, g), i, j) for i, p in enumerate(predicted) for j, g in enumerate(gold) if p & g), key=lambda x: (-x[0], x[1], x[2])
    )
    used_p: set[int] = set()
    used_g: set[int] = set()
    for score, i, j in pairs:
        if score < MATCH_F1:
            break
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
    exact = len({p for p in predicted if p} & {g for g in gold})
    return len(used_p), exact


@dataclass
class Tally:
    predicted: int = 0
    gold: int = 0
    matched: int = 0
    exact: int = 0

    def add(self, predicted: list[frozenset[int]], gold: list[frozenset[int]]) -> None:
        predicted = [p for p in predicted if p]
        matched, exact = match(predicted, gold)
        self.predicted += len(predicted)
        self.gold += len(gold)
        self.matched += matched
        self.exact += exact

    def scores(self) -> dict[str, float | int]:
        p = self.matched / self.predicted if self.predicted else 0.0
        r = self.matched / self.gold if self.gold else 0.0
        ep = self.exact / self.predicted if self.predicted else 0.0
        er = self.exact / self.gold if self.gold else 0.0
        return {
            "precision": p,
            "recall": r,
            "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "exact_precision": ep,
            "exact_recall": er,
            "exact_f1": 2 * ep * er / (ep + er) if ep + er else 0.0,
            "predicted": self.predicted,
            "gold": self.gold,
        }


def attribution_scores(
    docs: Sequence[Annotated], systems: dict[str, Callable[[Article, Doc], Predicted]], verbose: bool = False
) -> dict[str, dict[str, Any]]:
    articles = prepare(docs)
    tallies = {name: {"content": Tally(), "source": Tally()} for name in systems}
    for doc, article in zip(docs, articles, strict=True):
        words = _words(doc.text)
        gold_contents, gold_sources = span_set(words, doc.contents), span_set(words, doc.sources)
        parsed = english_pipeline()(article.text)
        for name, system in systems.items():
            predicted = system(article, parsed)
            tallies[name]["content"].add(span_set(words, predicted.contents), gold_contents)
            tallies[name]["source"].add(span_set(words, predicted.sources), gold_sources)
            if verbose and name == "newsloom":
                _show(doc, words, predicted, gold_contents)
    return {name: {kind: t.scores() for kind, t in kinds.items()} for name, kinds in tallies.items()}


def _show(doc: Annotated, words: list[SPAN], predicted: Predicted, gold: list[frozenset[int]]) -> None:
    """Missed gold contents and unmatched predictions of one article, for development on train."""

    def text(tokens: frozenset[int]) -> str:
        return doc.text[words[min(tokens)][0] : words[max(tokens)][1]].replace("\n", " ")[:160]

    spans = [_token_set(words, s) for s in predicted.contents]
    for g in gold:
        if not any(_overlap_f1(p, g) >= MATCH_F1 for p in spans):
            print(f"  MISS {doc.name[:30]}: {text(g)}")
    for p in spans:
        if p and not any(_overlap_f1(p, g) >= MATCH_F1 for g in gold):
            print(f"  FALSE {doc.name[:30]}: {text(p)}")


def systems(with_baseline: bool = True) -> dict[str, Callable[[Article, Doc], Predicted]]:
    found: dict[str, Callable[[Article, Doc], Predicted]] = {"newsloom": newsloom_prediction}
    if with_baseline and importlib.util.find_spec("textacy") is not None:
        found["textacy"] = textacy_prediction
    return found


# -- speed ----------------------------------------------------------------------------------------------------


def speed(split: str = "dev") -> dict[str, float]:
    articles = prepare(polnear(split))
    english_pipeline()
    started = time.process_time()
    for article in articles:
        extract(article)
    seconds = time.process_time() - started
    words = sum(len(a.text.split()) for a in articles)
    return {
        "articles": len(articles),
        "words": words,
        "cpu_s": seconds,
        "articles_per_s": len(articles) / seconds,
        "words_per_s": words / seconds,
    }


# -- the gate -------------------------------------------------------------------------------------------------


def gate_scores() -> dict[str, Any]:
    """The fixed subset tests/test_facts_gate.py holds: the seeds' counts and newsloom's (and textacy's) F1 on the
    first `GATE_ARTICLES` PolNeAR dev articles."""
    figures: dict[str, Any] = {}
    if (SEEDS / "gold.json").exists():
        seeds = seed_scores()
        figures["seeds"] = {k: seeds[k] for k in ("quotes", "facts", "conflicts", "false_conflicts")}
    if POLNEAR.exists():
        scores = attribution_scores(polnear("dev", GATE_ARTICLES), systems())
        figures["polnear-dev-subset"] = {f"{name}_{kind}_f1": scores[name][kind]["f1"] for name in scores for kind in ("content", "source")}
    return figures


# -- tables ---------------------------------------------------------------------------------------------------


def seeds_table(s: dict[str, Any]) -> str:
    lines = [
        "| check | result | goal |",
        "|---|---:|---:|",
        f"| gold quotes with their speaker | {s['quotes']}/{s['gold_quotes']} | all |",
        f"| gold facts with exactly their documents | {s['facts']}/{s['gold_facts']} | all |",
        f"| gold conflicts found | {s['conflicts']}/{s['gold_conflicts']} | all |",
        f"| false conflicts | {s['false_conflicts']} | at most 3 |",
    ]
    notes = [f"- missed quote: {q}" for q in s["missed_quotes"]] + [f"- missed fact: {f}" for f in s["missed_facts"]]
    notes += [f"- false conflict: {c}" for c in s["false_conflict_list"]]
    return "\n".join(lines + (["", *notes] if notes else []))


def attribution_table(split: str, articles: int, scores: dict[str, dict[str, Any]]) -> str:
    lines = [
        f"PolNeAR {split}, {articles} articles (token-overlap F1 >= {MATCH_F1}, one to one; exact: equal token sets)\n",
        "| system | span | gold | predicted | P | R | **F1** | exact P | exact R | exact F1 |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, kinds in scores.items():
        for kind, r in kinds.items():
            lines.append(
                f"| {name} | {kind} | {r['gold']} | {r['predicted']} | {r['precision']:.3f} | {r['recall']:.3f} | **{r['f1']:.3f}**"
                f" | {r['exact_precision']:.3f} | {r['exact_recall']:.3f} | {r['exact_f1']:.3f} |"
            )
    return "\n".join(lines)


def speed_table(r: dict[str, float]) -> str:
    return "\n".join(
        [
            "| corpus | articles | words | CPU s | articles/s | words/s |",
            "|---|---:|---:|---:|---:|---:|",
            f"| PolNeAR dev | {r['articles']:.0f} | {r['words']:,.0f} | {r['cpu_s']:.1f}"
            f" | {r['articles_per_s']:.1f} | {r['words_per_s']:,.0f} |",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--part", choices=["seeds", "polnear", "speed", "all"], default="all")
    parser.add_argument("--split", action="append", choices=["train", "dev"], help="PolNeAR splits (default: dev)")
    parser.add_argument("--limit", type=int, help="only the first N articles of each split (development)")
    parser.add_argument("--no-baseline", action="store_true", help="skip textacy")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--verbose", action="store_true", help="list newsloom's missed and false content spans")
    parser.add_argument("--write-baseline", action="store_true", help=f"re-pin {BASELINE.relative_to(ROOT)} from the gate subset")
    args = parser.parse_args()
    if args.write_baseline:
        BASELINE.write_text(json.dumps(gate_scores(), indent=2, sort_keys=True) + "\n", encoding="utf-8")
        print(BASELINE.read_text(encoding="utf-8"))
        return 0
    figures: dict[str, Any] = {}
    if args.part in ("seeds", "all"):
        if (SEEDS / "gold.json").exists():
            figures["seeds"] = seed_scores()
            print("## Seeds\n\n" + seeds_table(figures["seeds"]) + "\n")
        else:
            print(f"seeds: skipped, {SEEDS} is absent\n")
    if args.part in ("polnear", "all"):
        if POLNEAR.exists():
            for split in args.split or ["dev"]:
                docs = polnear(split, args.limit)
                figures[f"polnear-{split}"] = attribution_scores(docs, systems(not args.no_baseline), args.verbose)
                print("## Attribution\n\n" + attribution_table(split, len(docs), figures[f"polnear-{split}"]) + "\n")
        else:
            print(f"PolNeAR: skipped, {POLNEAR} is absent\n")
    if args.part in ("speed", "all") and POLNEAR.exists():
        figures["speed"] = speed()
        print("## Speed of the extract stage (CPU time)\n\n" + speed_table(figures["speed"]) + "\n")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=float), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
