"""Copy detection (issue 4): accuracy of `newsloom.link` on a labelled copy set, the seeds, MSRP and SemEval-2022
Task 8, and (from benchmarks/copies_speed.py, when it exists) MinHash/LSH speed against datasketch.

    python benchmarks/copies.py                               # accuracy, every corpus, markdown tables on stdout
    python benchmarks/copies.py --part accuracy --split dev --verbose   # dev only, with every wrong pair listed
    python benchmarks/copies.py --part speed                  # benchmarks/copies_speed.py's run_speed(args)
    python benchmarks/copies.py --part all --json figures.json
    python benchmarks/copies.py --write-baseline              # re-pin benchmarks/baselines/copies.json (the gate)

Corpora (read at run time, never copied into the repository):

- The copy set, benchmarks/data/copyset/part_*.jsonl: hand-written invented articles, per group a `source`, a
  sentence-by-sentence reworded copy (`rewrite`), a German or French `translation`, another outlet's own report
  of the same event (`independent`, the hard negative) and a same-topic different event (`unrelated`). This
  script adds, deterministically from the group id, a `verbatim` copy (the source text under another outlet,
  with other clutter lines: ad markers, share bars, a newsletter box, a footer, sometimes hard-wrapped lines) and
  a `trimmed` copy (the first 50-70% of the paragraphs, other clutter). Every article goes through the real
  per-article stages (clean as a text dump whose first line is the title, identify, fingerprint) and the pairs
  through `link_copies` (blocking, then the decision), per split, as one corpus. A pair that blocking never
  proposes counts as decided `independent`.
  Gold: source, verbatim and trimmed are one text, so any two of them are `verbatim`; any of them with the
  rewrite is `rewrite`, with the translation `translation`; rewrite~translation (two copies of one source, in two
  languages) counts as `translation`; every pair with the independent or unrelated article is not a copy
  (`independent`). Pairs across groups are counted when blocking proposes them (gold `independent`).
  Groups are split into dev and test by the first hex digit of the sha1 of the group id (0-7 dev).
- The seeds (../shared/seeds, gold.json): 000~001 rewrite, the independent pairs not linked; seed 004 holds an
  update and its earlier version in one page: the `update` relation inside one article.
- MSRP (../shared/datasets/msrp-paraphrase): the sentence-level decision the alignment rests on, exactly as the
  aligner takes it (`newsloom.link.pair_similarity` against `Config.aligned_sentence_similarity`);
  accuracy and F1 on the test split; the train split only shows where a threshold would be chosen.
- SemEval-2022 Task 8 (../shared/datasets/semeval2022-task8-news-similarity/hfl-text-sample): Pearson correlation
  of newsloom's article similarity (cosine of the article embeddings, as blocking and clustering use it) with the
  gold Overall score, sign flipped so that higher is better agreement (gold 1 = very similar), per language pair.
  The texts are mojibake (UTF-8 read as Latin-1, then NFKC): they are repaired before embedding.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import random
import re
import sys
import textwrap
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from benchmark_scripts import load_benchmark
from newsloom.clean.site_memory import SiteMemory
from newsloom.config import Config
from newsloom.fingerprint import article_vector, embed
from newsloom.identify import split_sentences
from newsloom.link import inner_update, link_copies, pair_similarity
from newsloom.model import Article, RawArticle, Relation
from newsloom.pipeline import clean_article, fingerprint, identify
from newsloom.read import read_paths
from newsloom.read.jsonl import article_from_record

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
COPYSET = ROOT / "benchmarks" / "data" / "copyset"
SEEDS = SHARED / "seeds"
MSRP = SHARED / "datasets" / "msrp-paraphrase"
SEMEVAL = SHARED / "datasets" / "semeval2022-task8-news-similarity" / "hfl-text-sample"
BASELINE = ROOT / "benchmarks" / "baselines" / "copies.json"
SPEED = ROOT / "benchmarks" / "copies_speed.py"

KINDS = ("verbatim", "rewrite", "translation", "independent")
PREDICTED = ("verbatim", "rewrite", "translation", "update", "independent")
SAME_TEXT = {"source", "verbatim", "trimmed"}
HAND_WRITTEN = ("source", "rewrite", "translation", "independent", "unrelated")
GATE_GROUPS = 10
TOLERANCE = 0.01


# --- the copy set -------------------------------------------------------------------------------------------

ADS = ["Advertisement", "ADVERTISEMENT", "- Advertisement -", "Story continues below advertisement", "Sponsored", "AD"]
SHARES = [
    ["Share this article"],
    ["Share on Facebook", "Share on X", "Share by email"],
    ["Facebook | Twitter | LinkedIn | WhatsApp | Email"],
    ["Copy link", "Print"],
    ["Share", "Tweet", "Email"],
]
NEWSLETTERS = [
    ["Get the morning briefing", "Sign up for our newsletter and get the day's top stories in your inbox every morning.", "Subscribe"],
    ["NEWSLETTER", "Enter your email address to receive our daily headlines. You can unsubscribe at any time."],
    ["Don't miss a story: sign up for our free weekly newsletter.", "Sign up"],
    ["Want more news like this? Subscribe to our breaking news alerts."],
]
FOOTERS = [
    ["© 2024 {outlet}. All rights reserved.", "About us | Contact | Privacy policy | Terms of use"],
    ["Copyright {outlet} 2024", "Follow us on Facebook, Instagram and X"],
    ["{outlet} is not responsible for the content of external sites.", "Cookie settings | Accessibility | Advertise with us"],
    ["Related stories", "Most read", "Back to top"],
    ["This story was provided by a news agency and has not been edited by {outlet} staff.", "Terms | Privacy | Contact"],
]
COPY_OUTLETS = [
    "Riverside Gazette", "Northfield Post Online", "The Daily Ledger", "Coastline Chronicle", "Metro Wire Today",
    "Eastbank Observer", "Valley Times Digital", "Harbour City News", "Lakeshore Star", "Upland Tribune",
]  # fmt: skip


@dataclass
class Item:
    """One article of the copy set: its group, role and the raw input the pipeline reads."""

    group: str
    role: str
    raw: RawArticle
    article: Article | None = None


def split_of(group: str) -> str:
    return "dev" if hashlib.sha1(group.encode("utf-8")).hexdigest()[0] in "01234567" else "test"


def load_rows(folder: Path = COPYSET) -> dict[str, dict[str, dict[str, Any]]]:
    """group -> role -> row, from every part file; a half-written last line (a file still being written) is skipped."""
    groups: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for path in sorted(folder.glob("part_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(row, dict) and {"group", "role", "text", "title"} <= row.keys():
                groups[row["group"]][row["role"]] = row
    return {g: roles for g, roles in sorted(groups.items()) if set(HAND_WRITTEN) <= roles.keys()}


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def _dump(title: str, paragraphs: list[str], rng: random.Random, outlet: str, wrap: bool) -> str:
    """A scraper's text dump: title, clutter, body paragraphs with clutter between them, a footer."""
    lines = [title, ""]
    lines += [*rng.choice(SHARES), ""]
    ad_at = rng.randrange(1, max(len(paragraphs), 2))
    box_at = rng.randrange(1, max(len(paragraphs), 2))
    for i, paragraph in enumerate(paragraphs):
        if i == ad_at:
            lines += [rng.choice(ADS), ""]
        if i == box_at and i != ad_at:
            lines += [*rng.choice(NEWSLETTERS), ""]
        lines += [*(textwrap.wrap(paragraph, rng.randrange(64, 80)) if wrap else [paragraph]), ""]
    lines += [*(f.format(outlet=outlet) for f in rng.choice(FOOTERS))]
    return "\n".join(lines) + "\n"


def _later(published: str | None, rng: random.Random) -> str | None:
    if not published:
        return None
    return (datetime.fromisoformat(published) + timedelta(minutes=rng.randrange(20, 600))).isoformat()


def synthetic_copies(group: str, source: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The `verbatim` and `trimmed` rows of a group, built from its source, the same on every run."""
    rng = random.Random(int(hashlib.sha1(group.encode("utf-8")).hexdigest()[:12], 16))
    paragraphs = _paragraphs(source["text"])
    outlets = rng.sample([o for o in COPY_OUTLETS if o != source.get("outlet")], 2)
    keep = max(2, round(len(paragraphs) * rng.uniform(0.5, 0.7)))
    copies = {}
    for role, outlet, body in (("verbatim", outlets[0], paragraphs), ("trimmed", outlets[1], paragraphs[:keep])):
        copies[role] = {
            "group": group, "role": role, "language": source.get("language"), "outlet": outlet,
            "published": _later(source.get("published"), rng), "title": source["title"],
            "dump": _dump(source["title"], body, rng, outlet, wrap=rng.random() < 0.5),
        }  # fmt: skip
    return copies


def build_items(groups: dict[str, dict[str, dict[str, Any]]]) -> list[Item]:
    """Every article of the given groups as the raw input the pipeline reads (a JSON Lines record)."""
    items = []
    for group, roles in groups.items():
        rows = dict(roles) | synthetic_copies(group, roles["source"])
        for role in ("source", "verbatim", "trimmed", "rewrite", "translation", "independent", "unrelated"):
            row = rows[role]
            text = row.get("dump") or f"{row['title']}\n\n{row['text']}\n"
            record = {k: row.get(k) for k in ("title", "published", "outlet", "language")} | {"id": f"{group}-{role}", "text": text}
            items.append(Item(group, role, article_from_record(record, f"copyset:{group}-{role}", f"{group}-{role}")))
    return items


def prepare(raws: list[RawArticle], config: Config) -> list[Article]:
    """The per-article stages the linker needs (clean, identify, fingerprint), with ids in input order."""
    memory = SiteMemory()
    for raw in raws:
        if raw.site and not raw.is_html:
            memory.observe(raw.site, raw.body.split("\n"))
    articles = []
    for ident, raw in enumerate(raws, start=1):
        article = clean_article(raw, config, memory)
        identify(article, config)
        fingerprint(article, config)
        article.id = ident
        articles.append(article)
    return articles


def gold_kind(role_a: str, role_b: str) -> str:
    roles = {role_a, role_b}
    if roles & {"independent", "unrelated"}:
        return "independent"
    if roles <= SAME_TEXT:
        return "verbatim"
    if "translation" in roles:
        return "translation"
    return "rewrite"


@dataclass
class Decided:
    group_a: str
    role_a: str
    group_b: str
    role_b: str
    gold: str
    predicted: str
    relation: Relation | None
    origin_ok: bool | None = None


@dataclass
class Scores:
    pairs: list[Decided] = field(default_factory=list)
    inner_updates: list[str] = field(default_factory=list)
    seconds: float = 0.0


def evaluate_items(items: list[Item], config: Config) -> Scores:
    """Link the items as one corpus; every within-group pair and every proposed cross-group pair, decided."""
    started = time.perf_counter()
    articles = prepare([i.raw for i in items], config)
    for item, article in zip(items, articles, strict=True):
        item.article = article
    ids = {a.id for a in articles if a.id is not None}
    relations = {(r.a, r.b): r for r in link_copies(articles, ids, config) if r.a != r.b}
    by_id = {a.id: item for item, a in zip(items, articles, strict=True)}
    scores = Scores(inner_updates=[f"{i.group}-{i.role}" for i in items if i.article is not None and inner_update(i.article, config)])
    seen = set()
    for (x, y), relation in relations.items():
        seen.add((min(x, y), max(x, y)))
        a, b = by_id[x], by_id[y]
        gold = gold_kind(a.role, b.role) if a.group == b.group else "independent"
        scores.pairs.append(Decided(a.group, a.role, b.group, b.role, gold, relation.kind, relation, _origin_ok(a, b, gold)))
    for i, a in enumerate(items):
        for b in items[i + 1 :]:
            assert a.article is not None and b.article is not None and a.article.id is not None and b.article.id is not None
            key = (min(a.article.id, b.article.id), max(a.article.id, b.article.id))
            if a.group == b.group and key not in seen:
                scores.pairs.append(Decided(a.group, a.role, b.group, b.role, gold_kind(a.role, b.role), "independent", None))
    scores.seconds = time.perf_counter() - started
    return scores


def _origin_ok(a: Item, b: Item, gold: str) -> bool | None:
    """For a copy of the source: is the source the origin (`a`, the earlier publication)?"""
    if gold == "independent" or "source" not in (a.role, b.role) or a.group != b.group:
        return None
    return a.role == "source"


def prf(pairs: list[Decided]) -> dict[str, dict[str, float]]:
    out = {}
    for kind in KINDS:
        tp = sum(p.gold == kind and p.predicted == kind for p in pairs)
        fp = sum(p.gold != kind and p.predicted == kind for p in pairs)
        fn = sum(p.gold == kind and p.predicted != kind for p in pairs)
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[kind] = {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4), "support": tp + fn}
    return out


def confusion(pairs: list[Decided]) -> dict[str, dict[str, int]]:
    counts = Counter((p.gold, p.predicted) for p in pairs)
    return {g: {k: counts[(g, k)] for k in PREDICTED} for g in KINDS}


def by_role_pair(pairs: list[Decided]) -> dict[str, dict[str, Any]]:
    """Per within-group role pair: the gold kind and how often the decision matched it."""
    table: dict[str, dict[str, Any]] = {}
    for p in pairs:
        if p.group_a != p.group_b:
            continue
        name = "~".join(sorted((p.role_a, p.role_b)))
        row = table.setdefault(name, {"gold": p.gold, "right": 0, "pairs": 0, "predicted": Counter()})
        row["pairs"] += 1
        row["right"] += p.gold == p.predicted
        row["predicted"][p.predicted] += 1
    return dict(sorted(table.items()))


def copyset_figures(scores: Scores) -> dict[str, Any]:
    cross = [p for p in scores.pairs if p.group_a != p.group_b]
    origins = [p.origin_ok for p in scores.pairs if p.origin_ok is not None and p.predicted not in ("independent",)]
    return {
        "groups": len({p.group_a for p in scores.pairs if p.group_a == p.group_b}),
        "prf": prf(scores.pairs),
        "confusion": confusion(scores.pairs),
        "role_pairs": {k: {**v, "predicted": dict(v["predicted"])} for k, v in by_role_pair(scores.pairs).items()},
        "cross_group_candidates": len(cross),
        "cross_group_false_copies": sum(p.predicted != "independent" for p in cross),
        "origin_right": f"{sum(origins)}/{len(origins)}",
        "false_inner_updates": scores.inner_updates,
        "seconds": round(scores.seconds, 1),
    }


def copyset_scores(split: str | None, config: Config, limit: int | None = None) -> tuple[dict[str, Any], Scores] | None:
    groups = load_rows()
    chosen = {g: r for g, r in groups.items() if split is None or split_of(g) == split}
    if limit is not None:
        chosen = dict(list(chosen.items())[:limit])
    if not chosen:
        return None
    scores = evaluate_items(build_items(chosen), config)
    return copyset_figures(scores), scores


# --- the seeds ----------------------------------------------------------------------------------------------


def seed_scores(config: Config) -> dict[str, Any] | None:
    if not (SEEDS / "gold.json").is_file():
        return None
    gold = json.loads((SEEDS / "gold.json").read_text(encoding="utf-8"))
    raws = [r for r in read_paths([SEEDS], config.max_input_bytes) if isinstance(r, RawArticle)]
    articles = prepare(sorted(raws, key=lambda r: r.key), config)
    key = {a.id: a.key for a in articles}
    relations = link_copies(articles, {a.id for a in articles if a.id is not None}, config)
    found = {frozenset((key[r.a], key[r.b])): r for r in relations if r.a != r.b}
    want = gold["relations"][0]
    rewrite = found.get(frozenset((want["a"], want["b"])))
    independent = [tuple(p) for p in gold["relations"][1]["pairs_independent"]]
    false_copies = [f"{a[:3]}~{b[:3]} {found[frozenset((a, b))].kind}" for a, b in independent if _is_copy(found.get(frozenset((a, b))))]
    all_false = [
        f"{'~'.join(sorted(k[:3] for k in pair))} {r.kind}"
        for pair, r in found.items()
        if _is_copy(r) and pair != frozenset((want["a"], want["b"]))
    ]
    updates = {a.key[:3]: inner_update(a, config) for a in articles}
    update_004 = updates.get("004")
    return {
        "rewrite_000_001": rewrite.kind if rewrite else "not proposed",
        "rewrite_evidence": len(rewrite.evidence) if rewrite else 0,
        "false_copies_on_gold_independent_pairs": false_copies,
        "false_copies_any_pair": all_false,
        "candidate_pairs": len(found),
        "update_inside_004": bool(update_004),
        "update_inside_004_evidence": len(update_004.evidence) if update_004 else 0,
        "false_inner_updates": sorted(k for k, v in updates.items() if v and k != "004"),
    }


def _is_copy(relation: Relation | None) -> bool:
    return relation is not None and relation.kind != "independent"


# --- MSRP -----------------------------------------------------------------------------------------------------


def msrp_pairs(split: str) -> list[tuple[int, str, str]]:
    path = MSRP / f"msr_paraphrase_{split}.txt"
    rows = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) >= 5 and row[0] in ("0", "1"):
                rows.append((int(row[0]), row[3], row[4]))
    return rows


def _binary(gold: list[int], predicted: list[bool]) -> dict[str, float]:
    tp = sum(g == 1 and p for g, p in zip(gold, predicted, strict=True))
    fp = sum(g == 0 and p for g, p in zip(gold, predicted, strict=True))
    fn = sum(g == 1 and not p for g, p in zip(gold, predicted, strict=True))
    accuracy = sum((g == 1) == p for g, p in zip(gold, predicted, strict=True)) / max(len(gold), 1)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"accuracy": round(accuracy, 4), "f1": round(f1, 4), "precision": round(precision, 4), "recall": round(recall, 4)}


def msrp_scores(config: Config) -> dict[str, Any] | None:
    """Accuracy and F1 of the aligner's sentence decision on MSRP; the train split shows the thresholds it would
    choose (best accuracy, best F1), and the test split is scored at the aligner's own threshold and at those."""
    if not (MSRP / "msr_paraphrase_test.txt").is_file():
        return None
    threshold = config.aligned_sentence_similarity
    out: dict[str, Any] = {"threshold": threshold}
    grid = [round(float(t), 2) for t in np.arange(0.40, 0.96, 0.01)]
    for split in ("train", "test"):
        rows = msrp_pairs(split)
        gold = [g for g, _, _ in rows]
        similarity = pair_similarity([a for _, a, _ in rows], [b for _, _, b in rows])

        def at(t: float, gold: list[int] = gold, similarity: np.ndarray = similarity) -> dict[str, float]:
            return _binary(gold, [bool(s >= t) for s in similarity])

        out[split] = at(threshold) | {"pairs": len(rows), "positive_share": round(sum(gold) / len(gold), 4)}
        if split == "train":
            out["train_best_accuracy_threshold"] = max(grid, key=lambda t: at(t)["accuracy"])
            out["train_best_f1_threshold"] = max(grid, key=lambda t: at(t)["f1"])
        else:
            out["test_at_train_best_accuracy"] = at(out["train_best_accuracy_threshold"])
            out["test_at_train_best_f1"] = at(out["train_best_f1_threshold"])
    return out


# --- SemEval-2022 Task 8 --------------------------------------------------------------------------------------

_NFKC_UNDO = {"1⁄4": "¼", "1⁄2": "½", "3⁄4": "¾"}


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as Latin-1 (then NFKC-normalised) where the bytes allow it; other text stays as it is."""
    for broken, original in _NFKC_UNDO.items():
        text = text.replace(broken, original)

    def fix(match: re.Match[str]) -> str:
        chunk = match.group()
        try:
            return chunk.encode("latin-1").decode("utf-8")
        except UnicodeError:
            return chunk.encode("latin-1").decode("utf-8", errors="replace").replace("\ufffd", "")

    return unicodedata.normalize("NFC", re.sub(r"[\u0080-\u00ff][\u0080-\u00ff\x20-\x7e]*?(?=[\x00-\x7f]|$)|[\u0080-\u00ff]+", fix, text))


def semeval_pairs() -> list[dict[str, str]]:
    rows = []
    for name in ("training_set.csv", "testing_set.csv"):
        path = SEMEVAL / name
        if path.is_file():
            with path.open(encoding="utf-8", newline="") as handle:
                rows += [r | {"file": name} for r in csv.DictReader(handle) if r.get("text1") and r.get("text2")]
    return rows


def _pearson(x: list[float], y: list[float]) -> float:
    if len(x) < 3:
        return float("nan")
    return float(np.corrcoef(np.asarray(x), np.asarray(y))[0, 1])


def _article_vectors(texts: list[str]) -> dict[str, np.ndarray]:
    """Article vectors as the pipeline makes them (mean of the sentence embeddings), all sentences in one batch."""
    sentences = {t: [s.text for s in split_sentences(repair_mojibake(t), "en")][:60] or [t[:2000]] for t in texts}
    flat = [s for t in texts for s in sentences[t]]
    vectors = np.concatenate([embed(flat[i : i + 1024]) for i in range(0, len(flat), 1024)]) if flat else np.zeros((0, 512))
    out, at = {}, 0
    for t in texts:
        out[t] = article_vector(vectors[at : at + len(sentences[t])])
        at += len(sentences[t])
    return out


def semeval_scores(limit: int | None = None) -> dict[str, Any] | None:
    rows = semeval_pairs()[:limit]
    if not rows:
        return None
    vectors = _article_vectors(sorted({t for r in rows for t in (r["text1"], r["text2"])}))
    by_pair: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for r in rows:
        cosine = float(vectors[r["text1"]] @ vectors[r["text2"]])
        for name in (f"{r['lang1']}-{r['lang2']}", "all"):
            by_pair[name].append((cosine, float(r["Overall"])))
    out = {}
    for name, values in sorted(by_pair.items(), key=lambda kv: (kv[0] == "all", -len(kv[1]))):
        out[name] = {"pairs": len(values), "pearson": round(-_pearson([v[0] for v in values], [v[1] for v in values]), 4)}
    return out


# --- the gate -------------------------------------------------------------------------------------------------


def gate_groups() -> list[str]:
    return [g for g in load_rows() if split_of(g) == "dev"][:GATE_GROUPS]


def gate_scores(config: Config | None = None) -> dict[str, Any]:
    """The fixed subset the test gate holds: the first dev groups of the copy set, and the seeds."""
    config = config or Config()
    groups = load_rows()
    chosen = {g: groups[g] for g in gate_groups()}
    out: dict[str, Any] = {}
    if chosen:
        figures = copyset_figures(evaluate_items(build_items(chosen), config))
        out["copyset"] = {
            "fingerprint": hashlib.sha1(json.dumps(chosen, sort_keys=True).encode("utf-8")).hexdigest()[:16],
            "groups": sorted(chosen),
            "f1": {k: v["f1"] for k, v in figures["prf"].items()},
            "cross_group_false_copies": figures["cross_group_false_copies"],
        }
    seeds = seed_scores(config)
    if seeds is not None:
        out["seeds"] = {
            "rewrite_000_001": seeds["rewrite_000_001"],
            "false_copies": len(seeds["false_copies_any_pair"]),
            "update_inside_004": seeds["update_inside_004"],
        }
    return out


def regressions(now: dict[str, Any], pinned: dict[str, Any], tolerance: float = TOLERANCE) -> list[str]:
    problems = []
    if "copyset" in pinned and "copyset" in now:
        if now["copyset"]["fingerprint"] != pinned["copyset"]["fingerprint"]:
            problems.append("copyset: the gate's subset changed; re-pin with `python benchmarks/copies.py --write-baseline`")
        else:
            for kind, floor in pinned["copyset"]["f1"].items():
                got = now["copyset"]["f1"].get(kind, 0.0)
                if got < floor - tolerance:
                    problems.append(f"copyset {kind} F1 dropped to {got:.4f} from the baseline {floor:.4f}")
            if now["copyset"]["cross_group_false_copies"] > pinned["copyset"]["cross_group_false_copies"]:
                problems.append("copyset: more false copies across groups than in the baseline")
    if "seeds" in pinned and "seeds" in now:
        if now["seeds"]["rewrite_000_001"] != pinned["seeds"]["rewrite_000_001"]:
            problems.append(f"seeds: 000~001 is now {now['seeds']['rewrite_000_001']}")
        if now["seeds"]["false_copies"] > pinned["seeds"]["false_copies"]:
            problems.append(f"seeds: {now['seeds']['false_copies']} false copies")
        if pinned["seeds"]["update_inside_004"] and not now["seeds"]["update_inside_004"]:
            problems.append("seeds: the update inside 004 is no longer found")
    return problems


# --- output -----------------------------------------------------------------------------------------------------


def _table(header: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def print_copyset(split: str, figures: dict[str, Any], scores: Scores, verbose: bool) -> None:
    print(f"## copy set, {split} ({figures['groups']} groups, {len(scores.pairs)} pairs decided, {figures['seconds']} s)\n")
    print(_table(["relation", "precision", "recall", "F1", "gold pairs"], [[k, *v.values()] for k, v in figures["prf"].items()]))
    print("\nconfusion (rows gold, columns decided):\n")
    print(_table(["gold \\ decided", *PREDICTED], [[g, *row.values()] for g, row in figures["confusion"].items()]))
    print("\nper role pair inside a group:\n")
    rows = [[name, v["gold"], f"{v['right']}/{v['pairs']}", ", ".join(f"{k} {n}" for k, n in sorted(v["predicted"].items()))]
            for name, v in figures["role_pairs"].items()]  # fmt: skip
    print(_table(["role pair", "gold", "right", "decided"], rows))
    print(
        f"\ncross-group pairs proposed by blocking: {figures['cross_group_candidates']}, decided a copy: "
        f"{figures['cross_group_false_copies']}; origin (source first) right: {figures['origin_right']}; "
        f"false updates inside one article: {len(figures['false_inner_updates'])} {figures['false_inner_updates']}\n"
    )
    if verbose:
        for p in scores.pairs:
            if p.gold != p.predicted:
                r = p.relation
                detail = f"score {r.score} aligned {len(r.evidence)}" if r else "not proposed"
                print(f"- {p.group_a}-{p.role_a} ~ {p.group_b}-{p.role_b}: gold {p.gold}, decided {p.predicted} ({detail})")
        print()


def print_seeds(seeds: dict[str, Any]) -> None:
    print("## seeds\n")
    rows = [
        ["000~001", "rewrite", f"{seeds['rewrite_000_001']} ({seeds['rewrite_evidence']} aligned sentences)"],
        ["gold independent pairs", "no copy", f"{len(seeds['false_copies_on_gold_independent_pairs'])} linked"],
        ["any other pair", "no copy", f"{len(seeds['false_copies_any_pair'])} linked {seeds['false_copies_any_pair']}"],
        ["update inside 004", "found", f"{seeds['update_inside_004']} ({seeds['update_inside_004_evidence']} aligned sentences)"],
        ["update inside 000-003", "none", f"{len(seeds['false_inner_updates'])} {seeds['false_inner_updates']}"],
    ]
    print(_table(["check", "expected", "result"], rows) + "\n")


def print_msrp(msrp: dict[str, Any]) -> None:
    print(f"## MSRP (sentence decision of the aligner: similarity >= {msrp['threshold']})\n")
    rows = [[s, msrp[s]["pairs"], msrp[s]["accuracy"], msrp[s]["f1"], msrp[s]["precision"], msrp[s]["recall"]] for s in ("train", "test")]
    for which in ("accuracy", "f1"):
        best = msrp[f"train_best_{which}_threshold"]
        rows.append([f"test at {best} (best {which} on train)", "", *msrp[f"test_at_train_best_{which}"].values()])
    print(_table(["split", "pairs", "accuracy", "F1", "precision", "recall"], rows) + "\n")


def print_semeval(semeval: dict[str, Any]) -> None:
    print("## SemEval-2022 Task 8 sample pairs (Pearson of article cosine with -Overall: higher = better agreement)\n")
    rows = [[name, v["pairs"], v["pearson"]] for name, v in semeval.items()]
    print(_table(["language pair", "pairs", "Pearson"], rows) + "\n")


def run_accuracy(args: argparse.Namespace) -> dict[str, Any]:
    config = Config()
    out: dict[str, Any] = {}
    splits = ["dev", "test"] if args.split == "both" else [args.split]
    for split in splits:
        result = copyset_scores(split, config, args.limit)
        if result is None:
            print(f"copy set {split}: no complete groups in {COPYSET}\n")
            continue
        figures, scores = result
        out[f"copyset_{split}"] = figures
        print_copyset(split, figures, scores, args.verbose)
    if "seeds" in args.corpora:
        seeds = seed_scores(config)
        out["seeds"] = seeds
        print_seeds(seeds) if seeds else print(f"seeds: skipped, {SEEDS} is absent\n")
    if "msrp" in args.corpora:
        msrp = msrp_scores(config)
        out["msrp"] = msrp
        print_msrp(msrp) if msrp else print(f"MSRP: skipped, {MSRP} is absent\n")
    if "semeval" in args.corpora:
        semeval = semeval_scores()
        out["semeval"] = semeval
        print_semeval(semeval) if semeval else print(f"SemEval: skipped, {SEMEVAL} is absent\n")
    return out


def _speed_module() -> ModuleType | None:
    """benchmarks/copies_speed.py, imported by path (benchmarks/ is not a package)."""
    if not SPEED.is_file():
        return None
    return load_benchmark(SPEED)


def run_speed_part(args: argparse.Namespace, speed: ModuleType | None) -> str:
    """The near-duplicate speed comparison's markdown (its figures go to --speed-json)."""
    if speed is None:
        return f"speed: skipped, {SPEED.relative_to(ROOT)} is absent\n"
    return str(speed.run_speed(args))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--part", choices=["accuracy", "speed", "all"], default="accuracy")
    parser.add_argument("--split", choices=["dev", "test", "both"], default="both", help="copy-set split (default both)")
    parser.add_argument("--limit", type=int, default=None, help="at most this many copy-set groups per split")
    parser.add_argument("--corpora", default="seeds,msrp,semeval", help="besides the copy set (comma-separated; '' for none)")
    parser.add_argument("--verbose", action="store_true", help="list every wrongly decided pair")
    parser.add_argument("--json", metavar="PATH", help="write every figure to this JSON file")
    parser.add_argument("--write-baseline", action="store_true", help=f"re-pin {BASELINE.relative_to(ROOT)} and exit")
    speed = _speed_module()
    if speed is not None:
        speed.add_speed_arguments(parser)
    args = parser.parse_args(argv)
    args.corpora = [c for c in args.corpora.split(",") if c]
    if args.write_baseline:
        scores = gate_scores()
        BASELINE.parent.mkdir(parents=True, exist_ok=True)
        pinned = {"tolerance": TOLERANCE, "scores": scores}
        BASELINE.write_text(json.dumps(pinned, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(json.dumps(pinned, indent=1, sort_keys=True))
        return 0
    figures: dict[str, Any] = {}
    if args.part in ("accuracy", "all"):
        figures["accuracy"] = run_accuracy(args)
    if args.part in ("speed", "all"):
        print(run_speed_part(args, speed))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1, default=_jsonable) + "\n", encoding="utf-8")
    return 0


def _jsonable(value: object) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (np.floating, np.integer)):
        return value.item()
    return str(value)


if __name__ == "__main__":
    sys.exit(main())
