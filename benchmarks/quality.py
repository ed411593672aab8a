"""End-to-end quality on the seeds (../shared/tools/eval_seeds.py) and on the demo corpus (its gold file).

    python benchmarks/quality.py

Both corpora go through `Loom` into temporary databases and out through the JSON export, as a user would
run them; the seeds are scored by the shared evaluator, the demo corpus against examples/corpus-gold.json.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from newsloom import Loom
from newsloom.export import story_to_dict

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def export(folder: Path, db: Path) -> list[dict[str, Any]]:
    with Loom(db) as loom:
        loom.add_paths([folder])
        return [story_to_dict(s) for s in loom.stories()]


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def demo_scores(stories: list[dict[str, Any]], gold: dict[str, Any]) -> dict[str, str]:
    predicted = sorted(sorted(a["id"] for a in s["articles"]) for s in stories)
    wanted = sorted(sorted(s["articles"]) for s in gold["stories"])
    copies = {frozenset((r["a"], r["b"])): r["kind"] for s in stories for r in s["relations"] if r["kind"] != "independent"}
    right = sum(copies.get(frozenset((r["a"], r["b"]))) == r["kind"] for r in gold["relations"])
    false = sum(frozenset(p) in copies for p in gold["independent_pairs"])
    quotes = [(q["article"], _norm(q["text"]), (q["speaker"] or "").lower()) for s in stories for q in s["quotes"]]
    found = sum(
        any(d == g["doc"] and _norm(g["starts"])[:30] in t and g["speaker"].split()[-1].lower() in who for d, t, who in quotes)
        for g in gold["quotes"]
    )
    return {
        "stories exactly as gold": f"{sum(p in wanted for p in predicted)}/{len(wanted)} ({len(predicted)} predicted)",
        "copy relations with the right kind": f"{right}/{len(gold['relations'])}",
        "false copies among independent pairs": f"{false}/{len(gold['independent_pairs'])}",
        "quotes with the right speaker": f"{found}/{len(gold['quotes'])}",
    }


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        seeds = SHARED / "seeds"
        if (seeds / "gold.json").exists():
            path = Path(tmp) / "seeds.json"
            path.write_text(json.dumps({"stories": export(seeds, Path(tmp) / "seeds.db")}), encoding="utf-8")
            print("## seeds (../shared/tools/eval_seeds.py)\n")
            checked = subprocess.run(
                [sys.executable, str(SHARED / "tools" / "eval_seeds.py"), str(path), str(seeds / "gold.json")],
                capture_output=True,
                text=True,
            )
            print(checked.stdout)
        else:
            print(f"seeds: skipped, {seeds} is absent\n")
        gold = json.loads((ROOT / "examples" / "corpus-gold.json").read_text(encoding="utf-8"))
        print("## demo corpus (examples/corpus-gold.json)\n")
        for name, value in demo_scores(export(ROOT / "examples" / "corpus", Path(tmp) / "demo.db"), gold).items():
            print(f"- {name}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
