"""Near-duplicate detection at scale: newsloom's MinHash + LSH against datasketch's, on synthetic news.

    python benchmarks/copies_speed.py --docs 10000                  # one size, both systems
    python benchmarks/copies_speed.py --docs 10000,30000,100000,300000 --datasketch-max-docs 100000 --speed-repeat 3
    python benchmarks/copies.py --part speed ...                    # calls run_speed() with the same options

The 300,000-document corpus takes about 1.5 minutes to generate (once, about 850 MB in the cache folder) and
the whole curve above about 13 minutes, most of it datasketch's three runs at 100,000.

The corpus is generated deterministically (seeded) and written once to a cache folder as JSON lines; every size
is a prefix of the largest one, so the curve compares like with like:

- a vocabulary of 30,000 made-up lower-case words with Zipf frequencies (exponent 1.05, short words frequent),
- originals of 300 to 600 words: a title line, then paragraphs of 2 to 5 sentences, one paragraph per line,
- about 12% of the documents are near-duplicates of an earlier original, made by one of
  `rewrap` (same words, hard-wrapped at another width, different clutter lines), `trim` (a leading share of
  the paragraphs kept), `substitute` (1-8% of the words replaced), or `mixed` (trimmed, a few substitutions,
  clutter). An original may have several copies; copies of one original are duplicates of each other too.

The truth is computed from the texts alone, independently of both systems: the exact Jaccard similarity of the
sets of 5-word shingles (words are `\\w+` of the lower-cased text, as both systems see them) for every pair of
documents that share an original. A pair is a true near-duplicate when that Jaccard is at least
`--threshold` (0.5); recall is also reported per Jaccard band, since LSH with 32 bands of 4 rows finds a pair
of Jaccard s with probability 1 - (1 - s^4)^32 (0.87 at 0.5, 0.99 at 0.6).

Both systems use 128 permutations, 32 bands of 4 rows and 5-word shingles of the same words:

- `newsloom`: `minhash_many` over batches of texts, then one `LSHIndex` that takes each batch's band keys and
  gives the candidate pairs at the end (grouping by sort, no Python dict per band).
- `datasketch`: per document `MinHash(num_perm=128)` with `update_batch` over the UTF-8 shingles (its default
  hash, sha1, and its default permutation scheme), then `MinHashLSH(num_perm=128, params=(32, 4))`: each
  document queries the index, then is inserted, so every candidate pair is found once, with no MinHash kept.

Each system runs in a fresh process of its own (a new interpreter), so its peak resident memory (VmHWM, which
is ru_maxrss without what Linux carries over from the parent) is that system's alone. Timing covers
reading the corpus file, signatures, the index and the candidate pairs; it is the process's CPU time (user +
system, one core: the machine is shared, CPU time is what the work costs) with the wall time beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

GENERATOR_VERSION = 1
_WORD = re.compile(r"\w+", re.UNICODE)

CLUTTER = [
    "Advertisement",
    "ADVERTISEMENT",
    "Subscribe to our newsletter for the latest headlines",
    "Share this article on Facebook Twitter or by email",
    "Read more",
    "Sign up for breaking news alerts",
    "Support independent journalism donate today",
    "Copyright 2024 all rights reserved",
    "Click here to see the full gallery",
    "This story has been updated",
    "Related coverage",
    "Comments are closed",
    "Follow us on social media",
    "Photo via the agency",
]


# ----------------------------------------------------------------------------------------------- the corpus


@dataclass
class _Vocabulary:
    words: np.ndarray  # object array of str, by rank
    cdf: np.ndarray


def _vocabulary(seed: int, size: int = 30_000, exponent: float = 1.05) -> _Vocabulary:
    rng = np.random.default_rng([seed, 0])
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    # frequent words are short, as in real text: about 3 letters at the top ranks, 10 to 12 in the tail
    lengths = np.clip(np.round(1.5 + 0.9 * np.log1p(np.arange(size)) + rng.normal(0, 1, size)), 2, 14).astype(int)
    seen: set[str] = set()
    words: list[str] = []
    for length in lengths.tolist():
        while True:
            word = "".join(rng.choice(letters, length))
            if word not in seen:
                break
        seen.add(word)
        words.append(word)
    weights = 1.0 / np.arange(1, size + 1) ** exponent
    return _Vocabulary(np.array(words, dtype=object), np.cumsum(weights / weights.sum()))


def _draw(vocab: _Vocabulary, rng: np.random.Generator, count: int) -> np.ndarray:
    return np.minimum(np.searchsorted(vocab.cdf, rng.random(count)), len(vocab.words) - 1)


def _original(vocab: _Vocabulary, seed: int, index: int) -> list[list[str]]:
    """Paragraphs (lists of sentences) of original number `index`: the same every time it is drawn."""
    rng = np.random.default_rng([seed, 1, index])
    words = vocab.words[_draw(vocab, rng, int(rng.integers(300, 601)))]
    title_length = int(rng.integers(6, 13))
    paragraphs: list[list[str]] = [[" ".join(words[:title_length]).capitalize()]]
    position = title_length
    while position < len(words):
        sentences = []
        for _ in range(int(rng.integers(2, 6))):
            if position >= len(words):
                break
            length = int(rng.integers(8, 29))
            sentences.append(" ".join(words[position : position + length]).capitalize() + ".")
            position += length
        paragraphs.append(sentences)
    return paragraphs


def _wrap(paragraph: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in paragraph.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return lines


def _render(paragraphs: list[list[str]], width: int = 0) -> str:
    out: list[str] = []
    for sentences in paragraphs:
        text = " ".join(sentences)
        out.extend(_wrap(text, width) if width else [text])
    return "\n".join(out)


def _with_clutter(text: str, rng: np.random.Generator, count: int) -> str:
    lines = text.split("\n")
    for _ in range(count):
        lines.insert(int(rng.integers(1, len(lines) + 1)), CLUTTER[int(rng.integers(len(CLUTTER)))])
    return "\n".join(lines)


def _substitute(paragraphs: list[list[str]], vocab: _Vocabulary, rng: np.random.Generator, share: float) -> list[list[str]]:
    out = []
    for sentences in paragraphs:
        changed = []
        for sentence in sentences:
            words = sentence.split(" ")
            hits = np.flatnonzero(rng.random(len(words)) < share)
            if hits.size:
                replacements = vocab.words[_draw(vocab, rng, hits.size)]
                for position, word in zip(hits.tolist(), replacements, strict=True):
                    words[position] = word
            changed.append(" ".join(words))
        out.append(changed)
    return out


def _copy(paragraphs: list[list[str]], vocab: _Vocabulary, rng: np.random.Generator) -> tuple[str, str]:
    kind = ["rewrap", "trim", "substitute", "mixed"][int(rng.integers(4))]
    if kind == "rewrap":
        return kind, _with_clutter(_render(paragraphs, int(rng.integers(55, 90))), rng, int(rng.integers(2, 6)))
    if kind == "trim":
        keep = max(2, round(len(paragraphs) * rng.uniform(0.55, 0.95)))
        return kind, _render(paragraphs[:keep])
    if kind == "substitute":
        return kind, _render(_substitute(paragraphs, vocab, rng, rng.uniform(0.01, 0.08)))
    keep = max(2, round(len(paragraphs) * rng.uniform(0.75, 0.97)))
    edited = _substitute(paragraphs[:keep], vocab, rng, rng.uniform(0.005, 0.03))
    return kind, _with_clutter(_render(edited, int(rng.integers(0, 2)) * 70), rng, int(rng.integers(1, 4)))


def generate(path: Path, docs: int, seed: int, copy_share: float = 0.12) -> None:
    """Write `docs` documents to `path` (one JSON object a line: text, family, kind), deterministically."""
    vocab = _vocabulary(seed)
    rng = np.random.default_rng([seed, 2])
    originals: list[int] = []  # document index of each original, by original number
    tmp = path.with_suffix(".partial")
    with tmp.open("w", encoding="utf-8") as out:
        for index in range(docs):
            if originals and rng.random() < copy_share:
                source = originals[int(rng.integers(len(originals)))]
                kind, text = _copy(_original(vocab, seed, source), vocab, np.random.default_rng([seed, 3, index]))
                family = source
            else:
                originals.append(index)
                text, kind, family = _render(_original(vocab, seed, index)), "original", index
            out.write(json.dumps({"text": text, "family": family, "kind": kind}) + "\n")
    tmp.replace(path)


def corpus_path(cache: Path, docs: int, seed: int) -> Path:
    """The cached corpus that holds at least `docs` documents (a larger one serves: sizes are prefixes)."""
    cache.mkdir(parents=True, exist_ok=True)
    pattern = re.compile(rf"corpus-v{GENERATOR_VERSION}-seed{seed}-(\d+)\.jsonl$")
    for candidate in sorted(cache.iterdir()):
        match = pattern.match(candidate.name)
        if match and int(match.group(1)) >= docs:
            return candidate
    path = cache / f"corpus-v{GENERATOR_VERSION}-seed{seed}-{docs}.jsonl"
    generate(path, docs, seed)
    return path


def read_texts(path: Path, limit: int) -> Iterator[str]:
    with path.open(encoding="utf-8") as lines:
        for index, line in enumerate(lines):
            if index >= limit:
                break
            yield json.loads(line)["text"]


def default_cache() -> Path:
    return Path(os.environ.get("NEWSLOOM_BENCH_CACHE", Path(tempfile.gettempdir()) / "newsloom-copies-speed"))


# ----------------------------------------------------------------------------------------------- the truth


def _shingle_set(text: str, size: int) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def truth(corpus: Path, docs: int, size: int) -> np.ndarray:
    """(pairs, 3) float64 rows: document a, document b (a < b), exact Jaccard of their shingle sets.

    Every pair of documents that share an original is listed, whatever its Jaccard; cached beside the corpus.
    """
    cache = corpus.with_name(f"{corpus.stem}-truth-{docs}-k{size}.npy")
    if cache.exists():
        return np.load(cache)
    families: dict[int, list[int]] = defaultdict(list)
    with corpus.open(encoding="utf-8") as lines:
        for index, line in enumerate(lines):
            if index >= docs:
                break
            families[json.loads(line)["family"]].append(index)
    members = {i for group in families.values() if len(group) > 1 for i in group}
    sets = {i: _shingle_set(text, size) for i, text in enumerate(read_texts(corpus, docs)) if i in members}
    rows = []
    for group in families.values():
        for x, a in enumerate(group):
            for b in group[x + 1 :]:
                union = len(sets[a] | sets[b])
                rows.append((a, b, len(sets[a] & sets[b]) / union if union else 1.0))
    table = np.array(rows, dtype=np.float64).reshape(-1, 3)
    np.save(cache, table)
    return table


# ----------------------------------------------------------------------------------------------- the workers


def _rss_mib() -> float:
    """Peak resident memory of this process, MiB: VmHWM, the ru_maxrss of this process image alone.

    ru_maxrss itself is carried over from the parent through fork and exec on Linux, so a worker started by a
    parent that holds the truth tables would report the parent's size; VmHWM starts afresh at exec.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _work_newsloom(corpus: Path, limit: int, batch: int) -> tuple[np.ndarray, dict[str, Any]]:
    from newsloom.config import Config
    from newsloom.fingerprint import LSHIndex, minhash_many

    config = Config()
    index = LSHIndex(config.lsh_bands)
    texts: list[str] = []
    for text in read_texts(corpus, limit):
        texts.append(text)
        if len(texts) == batch:
            index.add(minhash_many(texts, config.minhash_permutations, config.shingle_size))
            texts = []
    if texts:
        index.add(minhash_many(texts, config.minhash_permutations, config.shingle_size))
    return index.pairs(), {"index_mib": index.nbytes / 2**20}


def _work_datasketch(corpus: Path, limit: int, batch: int) -> tuple[np.ndarray, dict[str, Any]]:
    from datasketch import MinHash, MinHashLSH

    from newsloom.config import Config

    config = Config()
    size, permutations, bands = config.shingle_size, config.minhash_permutations, config.lsh_bands
    lsh = MinHashLSH(num_perm=permutations, params=(bands, permutations // bands))
    pairs: list[tuple[int, int]] = []
    for index, text in enumerate(read_texts(corpus, limit)):
        words = _WORD.findall(text.lower())
        minhash = MinHash(num_perm=permutations)
        minhash.update_batch([" ".join(words[i : i + size]).encode("utf-8") for i in range(max(len(words) - size + 1, 1))])
        pairs.extend((other, index) for other in lsh.query(minhash))
        lsh.insert(index, minhash)
    return np.array(pairs, dtype=np.int64).reshape(-1, 2), {}


def _work_read(corpus: Path, limit: int, batch: int) -> tuple[np.ndarray, dict[str, Any]]:
    for _ in read_texts(corpus, limit):
        pass
    return np.zeros((0, 2), dtype=np.int64), {}


WORKERS = {"newsloom": _work_newsloom, "datasketch": _work_datasketch, "read": _work_read}


def _worker(system: str, corpus: Path, limit: int, batch: int, out: Path) -> None:
    import newsloom.fingerprint  # noqa: F401  (imports are not timed: both systems' imports, then the work)

    if system == "datasketch":
        import datasketch  # noqa: F401
    baseline = _rss_mib()
    wall, cpu = time.perf_counter(), time.process_time()
    pairs, extra = WORKERS[system](corpus, limit, batch)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    np.save(out / f"{system}-pairs.npy", pairs)
    figures = {"cpu_s": cpu, "wall_s": wall, "peak_mib": _rss_mib(), "baseline_mib": baseline, "docs": limit, **extra}
    (out / f"{system}.json").write_text(json.dumps(figures))


def _run_worker(system: str, corpus: Path, limit: int, batch: int) -> tuple[dict[str, float], np.ndarray]:
    with tempfile.TemporaryDirectory(prefix="copies-speed-") as folder:
        command = [sys.executable, str(Path(__file__).resolve()), "--worker", system, "--corpus", str(corpus)]
        command += ["--limit", str(limit), "--speed-batch", str(batch), "--worker-out", folder]
        subprocess.run(command, check=True)
        figures = json.loads((Path(folder) / f"{system}.json").read_text())
        pairs = np.load(Path(folder) / f"{system}-pairs.npy")
    return figures, pairs


# ----------------------------------------------------------------------------------------------- the report


def _codes(pairs: np.ndarray) -> np.ndarray:
    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    low, high = np.minimum(pairs[:, 0], pairs[:, 1]), np.maximum(pairs[:, 0], pairs[:, 1])
    return np.unique(low * (1 << 32) + high)


def _recall(pairs: np.ndarray, table: np.ndarray, threshold: float) -> dict[str, Any]:
    codes = table[:, 0].astype(np.int64) * (1 << 32) + table[:, 1].astype(np.int64)
    found = np.isin(codes, _codes(pairs))
    jaccard = table[:, 2]
    true = jaccard >= threshold
    bands = {}
    for low, high in ((0.0, 0.3), (0.3, 0.4), (0.4, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01)):
        inside = (jaccard >= low) & (jaccard < high)
        bands[f"{low:.1f}-{min(high, 1.0):.1f}"] = (int(found[inside].sum()), int(inside.sum()))
    return {
        "candidates": int(_codes(pairs).size),
        "true": int(true.sum()),
        "found": int(found[true].sum()),
        "recall": float(found[true].mean()) if true.any() else 1.0,
        "bands": bands,
    }


def _expected_recall(table: np.ndarray, threshold: float, bands: int, rows: int) -> float:
    jaccard = table[table[:, 2] >= threshold, 2]
    return float(np.mean(1 - (1 - jaccard**rows) ** bands)) if jaccard.size else 1.0


def add_speed_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of the speed half (`benchmarks/copies.py` registers them too)."""
    group = parser.add_argument_group("near-duplicate speed (copies_speed.py)")
    group.add_argument("--docs", default="10000,30000,100000,300000", help="comma-separated corpus sizes")
    group.add_argument(
        "--datasketch-max-docs", type=int, default=100_000, help="run datasketch only up to this size (slower); extrapolate beyond"
    )
    group.add_argument("--speed-batch", type=int, default=2000, help="texts per minhash_many call")
    group.add_argument("--speed-repeat", type=int, default=1, help="runs of each system at each size; the fastest is shown")
    group.add_argument("--speed-seed", type=int, default=7)
    group.add_argument("--speed-threshold", type=float, default=0.5, help="Jaccard from which a pair is a true near-duplicate")
    group.add_argument("--speed-cache", type=Path, default=None, help="where the generated corpus is kept (default: a temp folder)")
    group.add_argument("--speed-json", type=Path, default=None, help="also write the figures to this JSON file")


def _fmt(value: float, digits: int = 0) -> str:
    return f"{value:,.{digits}f}"


def _with_defaults(args: argparse.Namespace) -> argparse.Namespace:
    """`args` with this file's defaults for any speed option its parser did not register."""
    parser = argparse.ArgumentParser(add_help=False)
    add_speed_arguments(parser)
    for name, value in vars(parser.parse_args([])).items():
        if not hasattr(args, name):
            setattr(args, name, value)
    return args


def run_speed(args: argparse.Namespace) -> str:
    """Run the speed comparison for every size in `args.docs`; return the markdown report.

    Options missing from `args` (a caller that did not call `add_speed_arguments`) take their defaults.
    """
    from newsloom.config import Config

    args = _with_defaults(args)

    config = Config()
    rows_per_band = config.minhash_permutations // config.lsh_bands
    sizes = sorted({int(x) for x in str(args.docs).split(",") if x.strip()})
    cache = args.speed_cache or default_cache()
    started = time.perf_counter()
    print(f"copies_speed: corpus of {max(sizes):,} documents in {cache} ...", file=sys.stderr)
    corpus = corpus_path(Path(cache), max(sizes), args.speed_seed)
    table_all = truth(corpus, max(sizes), config.shingle_size)
    results: list[dict[str, Any]] = []
    for size in sizes:
        table = table_all[table_all[:, 1] < size]
        systems = ["read", "newsloom"] + (["datasketch"] if size <= args.datasketch_max_docs else [])
        for system in systems:
            print(f"copies_speed: {system} on {size:,} documents ...", file=sys.stderr)
            runs = [_run_worker(system, corpus, size, args.speed_batch) for _ in range(args.speed_repeat)]
            figures, pairs = min(runs, key=lambda run: run[0]["cpu_s"])
            row: dict[str, Any] = {"system": system, **figures, "repeats": len(runs)}
            row["peak_mib"] = max(run[0]["peak_mib"] for run in runs)
            row["cpu_all_s"] = [run[0]["cpu_s"] for run in runs]
            if system != "read":
                row.update(_recall(pairs, table, args.speed_threshold))
            row["expected_recall"] = _expected_recall(table, args.speed_threshold, config.lsh_bands, rows_per_band)
            results.append(row)
    if args.speed_json:
        Path(args.speed_json).write_text(json.dumps(results, indent=1))
    return _markdown(results, sizes, args, config, time.perf_counter() - started)


def _markdown(results: list[dict[str, Any]], sizes: list[int], args: argparse.Namespace, config: object, seconds: float) -> str:
    by = {(str(r["system"]), int(r["docs"])): r for r in results}
    lines = [
        f"`python benchmarks/copies_speed.py --docs {args.docs} --datasketch-max-docs {args.datasketch_max_docs} "
        f"--speed-repeat {args.speed_repeat}`, "
        f"{date.today().isoformat()}, {platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} cores (one used), {seconds:.0f} s in all. 128 permutations, 32 bands x 4 rows, "
        f"5-word shingles; true near-duplicates: pairs of one family with shingle Jaccard >= {args.speed_threshold}. "
        "Times are CPU seconds of the worker process (user + system; wall seconds beside them), the fastest of "
        f"{args.speed_repeat} run(s); "
        "peak is the worker's peak resident memory (VmHWM), 'above imports' subtracts its peak after the imports.",
        "",
        "| documents | system | CPU s | docs/s | wall s | peak MiB | above imports MiB | candidate pairs "
        "| true pairs found | recall | expected recall |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size in sizes:
        for system in ("newsloom", "datasketch", "read"):
            r = by.get((system, size))
            if r is None:
                continue
            cpu, wall = float(r["cpu_s"]), float(r["wall_s"])
            peak, base = float(r["peak_mib"]), float(r["baseline_mib"])
            name = "reading the corpus alone" if system == "read" else system
            found = "" if system == "read" else f"{r['found']:,} / {r['true']:,}"
            recall = "" if system == "read" else f"{float(r['recall']):.4f}"
            candidates = "" if system == "read" else f"{r['candidates']:,}"
            expected = "" if system == "read" else f"{float(r['expected_recall']):.4f}"
            lines.append(
                f"| {size:,} | {name} | {cpu:.2f} | {_fmt(size / cpu)} | {wall:.2f} | {peak:.0f} | {peak - base:.0f} "
                f"| {candidates} | {found} | {recall} | {expected} |"
            )
    lines += [
        "",
        "| documents | newsloom docs/s | datasketch docs/s | speed ratio (CPU) | speed ratio (wall) |",
        "|---:|---:|---:|---:|---:|",
    ]
    last_ds = None
    for size in sizes:
        n, d = by.get(("newsloom", size)), by.get(("datasketch", size))
        if n is None:
            continue
        if d is not None:
            last_ds = d
            ratio = float(d["cpu_s"]) / float(n["cpu_s"])
            wall_ratio = float(d["wall_s"]) / float(n["wall_s"])
            lines.append(
                f"| {size:,} | {_fmt(size / float(n['cpu_s']))} | {_fmt(size / float(d['cpu_s']))} | {ratio:.1f}x | {wall_ratio:.1f}x |"
            )
        elif last_ds is not None:
            per_doc = float(last_ds["cpu_s"]) / int(last_ds["docs"])
            above = (float(last_ds["peak_mib"]) - float(last_ds["baseline_mib"])) / int(last_ds["docs"]) * size
            lines.append(
                f"| {size:,} | {_fmt(size / float(n['cpu_s']))} | not run: {_fmt(1 / per_doc)} extrapolated from "
                f"{int(last_ds['docs']):,} (and about {above:,.0f} MiB above imports, linearly) "
                f"| about {per_doc * size / float(n['cpu_s']):.0f}x | |"
            )
    lines += ["", "Growth with size (newsloom; linear time means constant microseconds per document):", ""]
    lines += [
        "| documents | CPU us/doc | CPU s / CPU s at the smallest size (linear: size ratio) | peak MiB above imports "
        "| added MiB per 1,000 added docs |",
        "|---:|---:|---:|---:|---:|",
    ]
    previous = None
    for size in sizes:
        n = by.get(("newsloom", size))
        if n is None:
            continue
        cpu, above = float(n["cpu_s"]), float(n["peak_mib"]) - float(n["baseline_mib"])
        first = by[("newsloom", sizes[0])]
        growth = f"{cpu / float(first['cpu_s']):.1f} ({size / sizes[0]:.1f})"
        added = "" if previous is None else f"{(above - previous[1]) / (size - previous[0]) * 1000:.2f}"
        lines.append(f"| {size:,} | {cpu / size * 1e6:.1f} | {growth} | {above:.0f} | {added} |")
        previous = (size, above)
    largest = max(s for s in sizes if ("newsloom", s) in by)
    both = [s for s in sizes if ("newsloom", s) in by and ("datasketch", s) in by]
    shown = [("newsloom", both[-1]), ("datasketch", both[-1])] if both else []
    if not both or largest != both[-1]:
        shown.append(("newsloom", largest))
    bands = by[("newsloom", largest)]["bands"]
    lines += ["", "Recall by shingle-Jaccard band (found / pairs):", ""]
    lines += ["| system | documents | " + " | ".join(bands) + " |", "|---|---:|" + "---:|" * len(bands)]
    for system, size in shown:
        cells = " | ".join(f"{f:,} / {t:,}" for f, t in by[(system, size)]["bands"].values())
        lines.append(f"| {system} | {size:,} | {cells} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    add_speed_arguments(parser)
    parser.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--worker-out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        _worker(args.worker, args.corpus, args.limit, args.speed_batch, args.worker_out)
        return 0
    print(run_speed(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
