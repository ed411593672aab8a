"""Generative summaries (opt-in) that cannot invent facts: a chat model rewrites extracted sentences, and every
sentence it writes is checked against the sentences it cites before a reader sees it.

Any OpenAI-compatible chat endpoint works (llama.cpp's `llama-server`, vLLM, a hosted API): `Endpoint` holds its
URL, model and key, from `Config.llm_*` or from `NEWSLOOM_LLM_URL`, `NEWSLOOM_LLM_MODEL`, `NEWSLOOM_LLM_KEY`.

The prompt numbers the source sentences `[S1]`, `[S2]`, ... and asks for short sentences that each end with the
ids they rest on. An output sentence is kept only if:

1. it cites at least one id that exists;
2. every number in it appears in its cited sentences (after removing thousands separators);
3. every name in it (a capitalised word that does not open the sentence) appears in its cited sentences;
4. most of its content words are in its cited sentences, or its embedding is close to one of them.

Anything else is dropped with the reason, so a weak or wandering model gives a shorter summary, never a wrong
one. The kept sentences cite the articles their source sentences came from.
"""

from __future__ import annotations

import json
import os
import re
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from newsloom.config import Config
from newsloom.fingerprint import embed
from newsloom.model import Article, SummarySentence

CONTENT_OVERLAP = 0.7
"""Share of an output sentence's content words that its cited sentences must hold (or `EMBEDDING_SUPPORT`)."""
EMBEDDING_SUPPORT = 0.85
"""Cosine to a cited sentence that counts as support when the words were changed more than `CONTENT_OVERLAP`.
Both are strict on purpose: a small model keeps the facts and adds a judgement ("a significant financial
burden") that no source made; such a sentence shares half its words with its source, not seven tenths."""
MIN_WORDS = 6
"""Shorter pieces are fragments of a sentence the model broke off, not sentences."""
MAX_SOURCE_SENTENCES = 24
"""Source sentences in one prompt: enough for a story's main facts, short enough for a small model's context."""
LEAD_SENTENCES = 3
"""Sentences each article contributes from its top, beside the extractive summary's own."""

_CITATION = re.compile(r"\[\s*S?\d+(?:\s*[,;]\s*S?\d+)*\s*\]")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


class GenerationError(Exception):
    """The endpoint could not be reached or gave no usable answer."""


@dataclass(frozen=True)
class Endpoint:
    """An OpenAI-compatible chat completions endpoint."""

    url: str
    model: str = "local"
    key: str | None = None
    timeout: float = 120.0

    @classmethod
    def from_config(cls, config: Config) -> Endpoint | None:
        """The configured endpoint, or the one NEWSLOOM_LLM_URL (NEWSLOOM_LLM_MODEL, NEWSLOOM_LLM_KEY) names;
        None when neither is set: the summary stays extractive."""
        url = config.llm_url or os.environ.get("NEWSLOOM_LLM_URL")
        if not url:
            return None
        model = config.llm_model if config.llm_url else os.environ.get("NEWSLOOM_LLM_MODEL", config.llm_model)
        return cls(url, model, config.llm_key or os.environ.get("NEWSLOOM_LLM_KEY"), config.llm_timeout)

    def chat(self, system: str, user: str, max_tokens: int = 400) -> str:
        """One deterministic chat completion (temperature 0), as text."""
        body = {
            "model": self.model,
            "messages": [{"role": "system", "content": system}, {"role": "user", "content": user}],
            "temperature": 0,
            "seed": 1,
            "max_tokens": max_tokens,
        }
        headers = {"Content-Type": "application/json"}
        if self.key:
            headers["Authorization"] = f"Bearer {self.key}"
        request = urllib.request.Request(
            self.url.rstrip("/") + "/v1/chat/completions", json.dumps(body).encode("utf-8"), headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                answer = json.loads(response.read().decode("utf-8"))
        except (urllib.error.URLError, TimeoutError, OSError, json.JSONDecodeError) as exc:
            raise GenerationError(f"{self.url}: {exc}") from exc
        try:
            return str(answer["choices"][0]["message"]["content"])
        except (KeyError, IndexError, TypeError) as exc:
            raise GenerationError(f"{self.url}: unexpected answer {str(answer)[:200]}") from exc


@dataclass
class SourceSentence:
    """A sentence the model may use, with the article it came from."""

    ident: int
    text: str
    article: int


@dataclass
class Checked:
    """A generated sentence and the verdict of the checks: `reason` is None when it is kept."""

    text: str
    cited: list[int]
    reason: str | None = None


@dataclass
class GeneratedSummary:
    sentences: list[SummarySentence] = field(default_factory=list)
    dropped: list[Checked] = field(default_factory=list)
    raw: str = ""
    """The model's answer as it came, for inspection."""


SYSTEM_PROMPT = (
    "You summarise news. Use only the numbered source sentences you are given. Write short factual sentences. "
    "End every sentence with the ids of the source sentences it is based on, like [S2] or [S1, S4]. "
    "Do not add any fact, number or name that is not in the cited sentences."
)


def source_sentences(articles: Sequence[Article], extractive: Sequence[SummarySentence]) -> list[SourceSentence]:
    """The extractive summary's sentences first, then each article's lead, without repeats, numbered from 1."""
    seen: set[str] = set()
    sources: list[SourceSentence] = []

    def add(text: str, article: int | None) -> None:
        key = " ".join(text.lower().split())
        if article is not None and key not in seen and len(sources) < MAX_SOURCE_SENTENCES:
            seen.add(key)
            sources.append(SourceSentence(len(sources) + 1, text, article))

    for sentence in extractive:
        add(sentence.text, sentence.article)
    for article in articles:
        for lead in article.sentences[:LEAD_SENTENCES]:
            add(lead.text, article.id)
    return sources


def build_prompt(sources: Sequence[SourceSentence], sentences: int) -> str:
    numbered = "\n".join(f"[S{s.ident}] {s.text}" for s in sources)
    return f"Source sentences:\n{numbered}\n\nWrite a summary of {sentences} sentences. Cite source ids after each sentence."


def generate_summary(
    endpoint: Endpoint, articles: Sequence[Article], extractive: Sequence[SummarySentence], sentences: int
) -> GeneratedSummary:
    """Ask the endpoint for a summary of the story's sentences and keep only what the checks support."""
    sources = source_sentences(articles, extractive)
    if not sources:
        return GeneratedSummary()
    answer = endpoint.chat(SYSTEM_PROMPT, build_prompt(sources, sentences))
    summary = GeneratedSummary(raw=answer)
    by_id = {s.ident: s for s in sources}
    seen: set[str] = set()
    for checked in check_sentences(split_answer(answer), by_id):
        if checked.reason is None and checked.text in seen:
            checked.reason = "repeats an earlier sentence"
        if checked.reason is None:
            seen.add(checked.text)
            cited_articles = sorted({by_id[i].article for i in checked.cited})
            summary.sentences.append(SummarySentence(checked.text, cited_articles[0], cited_articles))
        else:
            summary.dropped.append(checked)
    return summary


def split_answer(answer: str) -> list[tuple[str, list[int]]]:
    """The model's sentences with the ids each cites. Citations usually close their sentence ("... [S2]"); an
    answer that opens with one puts them first ("[S2] ..."), and then each applies to the text after it."""
    matches = list(_CITATION.finditer(answer))
    if matches and not answer[: matches[0].start()].strip():
        return _cited_after(answer, matches)
    pieces: list[tuple[str, list[int]]] = []
    position = 0
    for match in matches:
        text = _clean(answer[position : match.start()])
        ids = _ids(match)
        if text:
            pieces.append((text, ids))
        elif pieces:  # "[S1] [S3]": a second citation for the same sentence
            pieces[-1][1].extend(ids)
        position = match.end()
    tail = _clean(answer[position:])
    if len(_WORD.findall(tail)) >= 4:
        pieces.append((tail, []))
    return pieces


def _cited_after(answer: str, matches: list[re.Match[str]]) -> list[tuple[str, list[int]]]:
    pieces: list[tuple[str, list[int]]] = []
    ids: list[int] = []
    for k, match in enumerate(matches):
        ids = ids + _ids(match)
        end = matches[k + 1].start() if k + 1 < len(matches) else len(answer)
        text = _clean(answer[match.end() : end])
        if text:
            pieces.append((text, ids))
            ids = []
    return pieces


def _ids(match: re.Match[str]) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", match.group(0))]


def _clean(text: str) -> str:
    """A sentence without list markers, labels or surrounding punctuation left over from the citation."""
    text = re.sub(r"^[\s.;:,)\]*-]*(?:\d+[.)]\s+)?(?:summary:\s*)?", "", text.strip(), flags=re.IGNORECASE)
    return text.strip().rstrip(" ,;:")


def check_sentences(pieces: Sequence[tuple[str, list[int]]], sources: dict[int, SourceSentence]) -> list[Checked]:
    """Each generated sentence with its verdict (see the module docstring for the four checks)."""
    checked = [Checked(text, [i for i in dict.fromkeys(ids) if i in sources]) for text, ids in pieces]
    for item in checked:
        item.reason = _unsupported(item, [sources[i].text for i in item.cited])
    pending = [c for c in checked if c.reason is None]
    if pending:
        _check_meaning(pending, sources)
    return checked


def _unsupported(item: Checked, cited: list[str]) -> str | None:
    if len(item.text.split()) < MIN_WORDS:
        return "a fragment, not a sentence"
    if not cited:
        return "cites no source sentence"
    evidence = " ".join(cited)
    numbers = {n.replace(",", "") for n in _NUMBER.findall(evidence)}
    for number in _NUMBER.findall(item.text):
        if number.replace(",", "") not in numbers:
            return f"number {number} is not in the cited sentences"
    lowered = evidence.lower()
    for name in _names(item.text):
        if name.lower() not in lowered:
            return f"name {name} is not in the cited sentences"
    return None


def _names(text: str) -> list[str]:
    """Capitalised words that do not open the sentence (or a clause after a colon or quote)."""
    names = []
    for match in _WORD.finditer(text):
        before = text[: match.start()].rstrip()
        if match.group(0)[0].isupper() and before and before[-1] not in '.:;!?"“(':
            names.append(re.sub(r"['’]s$", "", match.group(0)))
    return names


def _check_meaning(items: list[Checked], sources: dict[int, SourceSentence]) -> None:
    """Check 4: most content words found in the cited sentences, or an embedding close to one of them."""
    vectors = embed([i.text for i in items])
    cited_texts = sorted({sources[k].text for i in items for k in i.cited})
    cited_vectors = dict(zip(cited_texts, embed(cited_texts), strict=True))
    for item, vector in zip(items, vectors, strict=True):
        words = _content_words(item.text)
        evidence = set().union(*(_content_words(sources[k].text) for k in item.cited))
        overlap = len(words & evidence) / max(len(words), 1)
        closest = max(float(np.dot(vector, cited_vectors[sources[k].text])) for k in item.cited)
        if overlap < CONTENT_OVERLAP and closest < EMBEDDING_SUPPORT:
            item.reason = f"little support in the cited sentences (word overlap {overlap:.2f}, cosine {closest:.2f})"


def _content_words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text) if len(w) >= 4}
