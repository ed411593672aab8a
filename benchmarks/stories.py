"""Story clustering (issue 5): B-cubed precision, recall and F1 of newsloom's stories against gold, beside two
peer baselines in the same run, and the speed curve.

    python benchmarks/stories.py                       # quality on every corpus, markdown tables on stdout
    python benchmarks/stories.py --corpus ecb-dev       # one corpus (neus-train, neus-val, ecb-train, ecb-dev, seeds, demo)
    python benchmarks/stories.py --part speed          # articles/s end to end and the growth curve
    python benchmarks/stories.py --part speed --sizes 1000,10000,100000
    python benchmarks/stories.py --fit                 # refit cluster.PAIR_WEIGHTS on the training splits
    python benchmarks/stories.py --json figures.json
    python benchmarks/stories.py --write-baseline      # re-pin benchmarks/baselines/stories.json (the CI gate)

Corpora (read at run time from ../shared, never copied into the repository):

- NeuS/AllSides (../shared/datasets/neus-allsides-mds/data/{train,val}.source): each line is one story of three
  articles (title and lead) from left, centre and right outlets; all articles of a split are clustered together.
  Undated, no outlets: only the text can separate stories.
- ECB+ (../shared/datasets/ecbplus/data/ECB_{Train,Dev}_corpus.txt, the annotated sentences of each document,
  detokenised): a document's story is its sub-topic: topic number plus ECB or ECB+ (document ids "36_1ecb" and
  "36_1ecbplus"): two events of the same kind per topic.
- The seeds (../shared/seeds, one story) and the demo corpus (examples/corpus, examples/corpus-gold.json): through
  the whole pipeline (`Loom`), copies and dates included, as a user would run it.

newsloom runs with one configuration (`Config()`, `cluster.PAIR_WEIGHTS` fitted on the training splits) on every
corpus. Its articles go through the real per-article stages (identify: language and sentences; fingerprint: the
USE embeddings of every sentence) and `cluster_articles`.

Baselines, each on the same articles: TF-IDF (scikit-learn's TfidfVectorizer, sublinear tf) and the multilingual
embeddings (the same USE article vectors newsloom uses), each with average-linkage agglomerative clustering on
cosine distance (scipy), cut at (a) the threshold best for that very corpus, chosen by looking at its gold (an
oracle no user has) and (b) the one threshold best on the training splits together, the fair one-configuration
comparison.

B-cubed (Bagga and Baldwin 1998): per article, precision is the share of its predicted story that shares its gold
story, recall the share of its gold story inside its predicted story; both averaged over articles; F1 their
harmonic mean.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from newsloom import Loom
from newsloom import cluster as story_clustering
from newsloom.config import Config
from newsloom.export import story_to_dict
from newsloom.fingerprint import article_vector, embed
from newsloom.model import Article
from newsloom.pipeline import identify

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
NEUS = SHARED / "datasets" / "neus-allsides-mds" / "data"
ECB = SHARED / "datasets" / "ecbplus" / "data"
SEEDS = SHARED / "seeds"
DEMO = ROOT / "examples" / "corpus"
DEMO_GOLD = ROOT / "examples" / "corpus-gold.json"
TRAINING = ("neus-train", "ecb-train")
BASELINE = ROOT / "benchmarks" / "baselines" / "stories.json"
GATE_CORPORA = ("ecb-dev", "demo")
"""The fixed subset tests/test_stories_gate.py holds against the baseline: ECB+ dev (196 short documents, the
same-event-not-same-topic test) and the demo corpus through the whole pipeline."""
THRESHOLDS = np.round(np.arange(0.05, 1.0, 0.025), 3)


@dataclass
class Document:
    key: str
    title: str
    text: str
    story: str
    published: datetime | None = None


def neus(split: str) -> list[Document]:
    docs = []
    for line_number, line in enumerate((NEUS / f"{split}.source").read_text(encoding="utf-8").splitlines()):
        for k, part in enumerate(line.split(" [SEP] ")):
            match = re.match(r"\s*TITLE=>\s*(.*?)\s*ARTICLE=>\s*(.*)", part, re.S)
            if match:
                docs.append(Document(f"{split}-{line_number}-{k}", match.group(1).strip(), match.group(2).strip(), str(line_number)))
    return docs


def detokenise(text: str) -> str:
    text = re.sub(r" ([,.;:!?%)\]}'])", r"\1", text)
    text = re.sub(r"([(\[{$]) ", r"\1", text)
    return text.replace(" n't", "n't").replace("`` ", '"').replace(" ''", '"')


def ecb(split: str) -> list[Document]:
    tokens: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for line in (ECB / f"ECB_{split}_corpus.txt").read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if len(fields) >= 4:
            tokens[fields[0]][int(fields[1])].append(fields[3])
    docs = []
    for doc_id, sentences in tokens.items():
        topic, rest = doc_id.split("_", 1)
        text = "\n".join(detokenise(" ".join(sentences[k])) for k in sorted(sentences))
        docs.append(Document(doc_id, "", text, topic + ("+" if rest.endswith("ecbplus") else "")))
    return docs


LOADERS: dict[str, Callable[[], list[Document]]] = {
    "neus-train": lambda: neus("train"),
    "neus-val": lambda: neus("val"),
    "ecb-train": lambda: ecb("Train"),
    "ecb-dev": lambda: ecb("Dev"),
}
AVAILABLE = {"neus-train": NEUS, "neus-val": NEUS, "ecb-train": ECB, "ecb-dev": ECB}


def prepare(docs: Sequence[Document], config: Config) -> list[Article]:
    """The per-article stages clustering needs: sentences (identify) and their embeddings (fingerprint), the
    embeddings in one batch as a bulk import would run them."""
    articles = []
    for k, doc in enumerate(docs, start=1):
        body = f"{doc.title}\n\n{doc.text}" if doc.title else doc.text
        article = Article(key=doc.key, source=doc.key, title=doc.title, text=body, raw=body, content_hash=doc.key, published=doc.published)
        article.id = k
        identify(article, config)
        articles.append(article)
    vectors = embed([s.text for a in articles for s in a.sentences])
    offset = 0
    for article in articles:
        count = len(article.sentences)
        article.sentence_vectors = vectors[offset : offset + count]
        article.vector = article_vector(article.sentence_vectors)
        offset += count
    return articles


def bcubed(gold: Sequence[str], predicted: Sequence[Any]) -> tuple[float, float, float]:
    gold_members: dict[str, set[int]] = defaultdict(set)
    predicted_members: dict[Any, set[int]] = defaultdict(set)
    for k, (g, p) in enumerate(zip(gold, predicted, strict=True)):
        gold_members[g].add(k)
        predicted_members[p].add(k)
    precision = recall = 0.0
    for g, p in zip(gold, predicted, strict=True):
        shared = len(gold_members[g] & predicted_members[p])
        precision += shared / len(predicted_members[p])
        recall += shared / len(gold_members[g])
    precision, recall = precision / len(gold), recall / len(gold)
    return precision, recall, 2 * precision * recall / (precision + recall)


def newsloom_labels(articles: Sequence[Article], config: Config) -> list[int]:
    clustering = story_clustering.cluster_articles(articles, [], config)
    story_of = {a: k for k, ids in enumerate(clustering.stories) for a in ids}
    return [story_of[a.id] for a in articles if a.id is not None]


def timed_run(docs: Sequence[Document], config: Config) -> tuple[list[Article], list[int], float, float]:
    """newsloom on documents: the articles, their story labels, and the wall-clock seconds of the per-article
    stages (identify, embed) and of clustering."""
    start = time.perf_counter()
    articles = prepare(docs, config)
    prepared = time.perf_counter() - start
    start = time.perf_counter()
    labels = newsloom_labels(articles, config)
    return articles, labels, prepared, time.perf_counter() - start


def average_linkage_cuts(vectors: Any, thresholds: Sequence[float]) -> dict[float, np.ndarray]:
    """Average-linkage clusters on cosine distance, cut at each distance threshold (one linkage, many cuts).
    Rows are unit length (TF-IDF's l2 norm, USE's), so cosine similarity is one (sparse) matrix product."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    similarity = vectors @ vectors.T
    similarity = similarity.toarray() if hasattr(similarity, "toarray") else np.asarray(similarity)
    distance = np.clip(1.0 - similarity.astype(np.float64), 0.0, 2.0)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    return {t: fcluster(tree, t=t, criterion="distance") for t in thresholds}


def tfidf_vectors(articles: Sequence[Article]) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(sublinear_tf=True).fit_transform([a.text for a in articles])


def baseline_scores(articles: Sequence[Article], gold: Sequence[str]) -> dict[str, dict[float, tuple[float, float, float, int]]]:
    """B-cubed and story count of both baselines at every threshold."""
    representations = {"tfidf": tfidf_vectors(articles), "embeddings": np.stack([a.vector for a in articles])}
    scores: dict[str, dict[float, tuple[float, float, float, int]]] = {}
    for name, vectors in representations.items():
        cuts = average_linkage_cuts(vectors, THRESHOLDS)
        scores[name] = {t: (*bcubed(gold, labels), len(set(labels.tolist()))) for t, labels in cuts.items()}
    return scores


def quality(corpora: Sequence[str], config: Config, verbose: bool) -> dict[str, Any]:
    results: dict[str, Any] = {}
    sweeps: dict[str, Any] = {}
    for name in corpora:
        if name in ("seeds", "demo"):
            results[name] = pipeline_corpus(name)
            continue
        if not AVAILABLE[name].exists():
            print(f"skip {name}: {AVAILABLE[name]} is absent", file=sys.stderr)
            continue
        docs = LOADERS[name]()
        gold = [d.story for d in docs]
        articles, labels, prepared, clustered = timed_run(docs, config)
        precision, recall, f1 = bcubed(gold, labels)
        sweeps[name] = baseline_scores(articles, gold)
        results[name] = {
            "articles": len(docs),
            "gold_stories": len(set(gold)),
            "newsloom": {"precision": precision, "recall": recall, "f1": f1, "stories": len(set(labels))},
            "seconds": {"identify_and_embed": prepared, "cluster": clustered},
        }
        if verbose:
            print(f"{name}: newsloom F1 {f1:.3f} ({len(set(labels))} stories; gold {len(set(gold))})", file=sys.stderr)
    _add_baselines(results, sweeps)
    return results


def _add_baselines(results: dict[str, Any], sweeps: dict[str, Any]) -> None:
    """Each baseline at its oracle threshold per corpus, and at the one threshold best over the training splits."""
    for method in ("tfidf", "embeddings"):
        training = [sweeps[c][method] for c in TRAINING if c in sweeps]
        shared = max(THRESHOLDS, key=lambda t: sum(s[t][2] for s in training)) if training else None
        for name, sweep in sweeps.items():
            table = sweep[method]
            oracle = max(THRESHOLDS, key=lambda t: table[t][2])
            entry = {"oracle": _cut(oracle, table[oracle])}
            if shared is not None:
                entry["train_threshold"] = _cut(shared, table[shared])
            results[name][method] = entry


def _cut(threshold: float, score: tuple[float, float, float, int]) -> dict[str, float]:
    return {"threshold": float(threshold), "precision": score[0], "recall": score[1], "f1": score[2], "stories": score[3]}


def pipeline_corpus(name: str) -> dict[str, Any]:
    """Seeds or demo corpus through `Loom` (clean, copies, dates, stories) and out through the export."""
    if name == "seeds":
        if not SEEDS.exists():
            return {"skipped": f"{SEEDS} is absent"}
        folder, gold_of = SEEDS, _seed_gold()
    else:
        folder, gold_of = DEMO, _demo_gold()
    with tempfile.TemporaryDirectory() as tmp, Loom(Path(tmp) / "stories.db") as loom:
        loom.add_paths([folder])
        exported = [story_to_dict(loom.store.load_story(s)) for s in loom.store.story_ids()]  # type: ignore[arg-type]
    keys = [(a["id"], s["id"]) for s in exported for a in s["articles"]]
    gold = [gold_of(key) for key, _ in keys]
    precision, recall, f1 = bcubed(gold, [story for _, story in keys])
    return {
        "articles": len(keys),
        "gold_stories": len(set(gold)),
        "newsloom": {"precision": precision, "recall": recall, "f1": f1, "stories": len(exported)},
    }


def _seed_gold() -> Callable[[str], str]:
    return lambda key: "seeds"


def _demo_gold() -> Callable[[str], str]:
    gold = json.loads(DEMO_GOLD.read_text(encoding="utf-8"))
    story_of = {article: story["id"] for story in gold["stories"] for article in story["articles"]}
    return lambda key: story_of.get(key, f"unlabelled:{key}")


def gate_scores(config: Config | None = None) -> dict[str, Any]:
    """newsloom's B-cubed F1 on the gate corpora, with the TF-IDF baseline's best (oracle) F1 where there is one."""
    config = config or Config()
    wanted = [c for c in GATE_CORPORA if c not in AVAILABLE or AVAILABLE[c].exists()]
    results = quality(wanted, config, verbose=False)
    return {
        name: {"newsloom_f1": r["newsloom"]["f1"], **({"tfidf_oracle_f1": r["tfidf"]["oracle"]["f1"]} if "tfidf" in r else {})}
        for name, r in results.items()
        if "newsloom" in r
    }


# -- speed --------------------------------------------------------------------------------------------------

SYLLABLES = ["ka", "lo", "mer", "vin", "ta", "ros", "el", "dun", "bra", "sil", "or", "ne", "qua", "the", "mi", "zan"]
TEMPLATES = [
    "{person} of {org} said on {day} that {number} {things} had been {verb} in {place}.",
    "The {org} confirmed that {person} would travel to {place} after the {event}.",
    "Officials in {place} counted {number} {things} by the evening, {person} told reporters.",
    "{person} described the {event} as the worst in {place} since {year}.",
    "The {event} in {place} drew criticism from {org}, which asked for an inquiry.",
    "Residents of {place} said the {event} had left {number} {things} without power.",
]
THINGS = ["homes", "workers", "passengers", "vehicles", "schools", "shops"]
VERBS = ["closed", "evacuated", "damaged", "inspected", "cleared"]
EVENTS = ["flood", "strike", "fire", "summit", "election", "outage", "storm"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def _name(rng: random.Random, parts: int) -> str:
    return " ".join("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize() for _ in range(parts))


def synthetic_documents(count: int, seed: int = 5) -> list[Document]:
    """Invented events, each reported by 2-6 articles over a day or two; events of one kind share the vocabulary
    and are spread over a year, so the index and the window, not the words, keep the candidates few."""
    rng = random.Random(seed)
    docs: list[Document] = []
    start = datetime(2024, 1, 1, tzinfo=UTC)
    event_id = 0
    while len(docs) < count:
        event = {
            "person": _name(rng, 2),
            "org": _name(rng, 1) + " Council",
            "place": _name(rng, 1),
            "event": rng.choice(EVENTS),
            "things": rng.choice(THINGS),
            "verb": rng.choice(VERBS),
            "number": f"{rng.randint(12, 9000):,}",
            "year": str(rng.randint(1950, 2020)),
            "day": rng.choice(DAYS),
        }
        moment = start + timedelta(minutes=rng.randint(0, 365 * 24 * 60))
        for k in range(rng.randint(2, 6)):
            sentences = rng.sample(TEMPLATES, 4)
            text = " ".join(t.format(**event) for t in sentences)
            title = f"{event['event'].capitalize()} in {event['place']}: {event['number']} {event['things']} {event['verb']}"
            docs.append(Document(f"e{event_id}-{k}", title, text, str(event_id), moment + timedelta(hours=rng.randint(0, 36))))
        event_id += 1
    return docs[:count]


def speed(sizes: Sequence[int], config: Config) -> list[dict[str, Any]]:
    rows = []
    embed(["warm up the encoder"])
    for size in sizes:
        docs = synthetic_documents(size)
        articles, labels, prepared, clustered = timed_run(docs, config)
        f1 = bcubed([d.story for d in docs], labels)[2]
        total = prepared + clustered
        sentences = sum(len(a.sentences) for a in articles)
        rows.append(
            {
                "articles": size,
                "sentences_per_article": sentences / size,
                "identify_and_embed_s": prepared,
                "cluster_s": clustered,
                "articles_per_s": size / total,
                "cluster_articles_per_s": size / clustered,
                "f1": f1,
            }
        )
        print(f"{size}: {size / total:.0f} articles/s end to end, clustering {size / clustered:.0f}/s, F1 {f1:.3f}", file=sys.stderr)
    return rows


# -- fit ------------------------------------------------------------------------------------------------------


def fit(config: Config) -> None:
    """Refit the pair model on the candidate pairs of the training splits and print the weights to paste."""
    from sklearn.linear_model import LogisticRegression

    features: list[np.ndarray] = []
    same: list[bool] = []
    weights: list[float] = []
    for name in TRAINING:
        docs = LOADERS[name]()
        articles = prepare(docs, config)
        profiles = story_clustering.build_profiles(articles)
        pairs = np.array(sorted(story_clustering.candidate_pairs(profiles, config)), dtype=np.int64).reshape(-1, 2)
        features.extend(story_clustering.pair_features(profiles, pairs)[0])
        same.extend(docs[i].story == docs[j].story for i, j in pairs.tolist())
        weights.extend([1.0 / len(pairs)] * len(pairs))  # each split weighs the same, however many pairs it has
    scale = len(weights) / sum(weights)
    model = LogisticRegression(C=10.0, max_iter=2000)
    model.fit(np.array(features), np.array(same), sample_weight=np.array(weights) * scale)
    print("PAIR_WEIGHTS =", np.round(model.coef_[0], 2).tolist(), "PAIR_BIAS =", round(float(model.intercept_[0]), 2))


# -- report ---------------------------------------------------------------------------------------------------


def quality_table(results: dict[str, Any]) -> str:
    lines = [
        "| corpus | articles | gold stories | newsloom P | R | **F1** | stories"
        " | TF-IDF F1 oracle / train threshold | embeddings F1 oracle / train threshold |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, r in results.items():
        if "skipped" in r:
            lines.append(f"| {name} | skipped: {r['skipped']} |")
            continue
        n = r["newsloom"]
        peers = []
        for method in ("tfidf", "embeddings"):
            if method in r:
                fair = r[method].get("train_threshold", {}).get("f1")
                oracle = r[method]["oracle"]
                peers.append(f"{oracle['f1']:.3f} ({oracle['threshold']}) / " + (f"{fair:.3f}" if fair is not None else "-"))
            else:
                peers.append("-")
        row = f"| {name} | {r['articles']} | {r['gold_stories']} | {n['precision']:.3f} | {n['recall']:.3f}"
        row += f" | **{n['f1']:.3f}** | {n['stories']}"
        lines.append(f"{row} | {peers[0]} | {peers[1]} |")
    return "\n".join(lines)


def speed_table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| articles | sentences/article | identify + embed s | cluster s | articles/s end to end | clustering alone articles/s | F1 |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['articles']:,} | {r['sentences_per_article']:.1f}"
            f" | {r['identify_and_embed_s']:.1f} | {r['cluster_s']:.1f} | {r['articles_per_s']:.0f}"
            f" | {r['cluster_articles_per_s']:.0f} | {r['f1']:.3f} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--part", choices=["quality", "speed", "all"], default="quality")
    parser.add_argument("--corpus", action="append", choices=[*LOADERS, "seeds", "demo"], help="default: all")
    parser.add_argument("--sizes", default="1000,10000", help="synthetic corpus sizes for the speed curve")
    parser.add_argument("--fit", action="store_true", help="refit the pair model on the training splits")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--write-baseline", action="store_true", help=f"re-pin {BASELINE.relative_to(ROOT)} from the gate corpora")
    args = parser.parse_args()
    config = Config()
    if args.fit:
        fit(config)
        return 0
    if args.write_baseline:
        BASELINE.write_text(json.dumps(gate_scores(config), indent=2, sort_keys=True) + "\n", encoding="utf-8")
        print(BASELINE.read_text(encoding="utf-8"))
        return 0
    figures: dict[str, Any] = {}
    if args.part in ("quality", "all"):
        figures["quality"] = quality(args.corpus or [*LOADERS, "seeds", "demo"], config, args.verbose)
        print(quality_table(figures["quality"]), "\n")
    if args.part in ("speed", "all"):
        figures["speed"] = speed([int(s) for s in args.sizes.split(",")], config)
        print(speed_table(figures["speed"]))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=float), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
