"""Stage 9, summarise: a short extractive summary in which every sentence cites its supporting articles.

Sentences are scored by how many independent sources say something close to them (coverage; copies count
once), how much of their wording the other sources share (lexical support), how informative they are (numbers,
quotes) and how early in the body they come (news puts the gist first). They are then chosen greedily for what
they add to the summary: each sentence also earns the weight of the concepts (content words) it brings that the
sentences already chosen do not have, a concept weighing the share of the other independent sources that use
it plus the share of the sources' headlines that hold it (the classic key-word and title-word cues of
extraction: what several outlets report, and what the editors put in their headlines). A sentence that restates
one already chosen, in meaning or in its facts and words, is skipped (novelty), and only clean, self-contained
ones are eligible (no dangling "He said", no fragments, no headline: a title repeated as the first lines of the
text is a label, not a sentence). Each chosen sentence cites every article holding a sentence at least
`citation_similarity` close to it, and every copy the copy stage aligned that very sentence with: a translation's
counterpart says the same thing yet sits below that bar, since embeddings of two languages lie further apart.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsloom.config import Config
from newsloom.model import Article, Relation, SummarySentence

DANGLING_START = re.compile(r"^(?:he|she|it|they|this|that|these|those|but|and|or|so|also|however|his|her|their|its)\b", re.IGNORECASE)
LEXICAL_REDUNDANCY = 0.5
"""Share of the shorter sentence's content words (and numbers) found in another: the same facts restated."""
SUPPORT_SIMILARITY = 0.6
"""A source supports a sentence when one of its sentences is at least this close (a looser bar than citing)."""
COVERAGE_WEIGHT = 0.3
"""What the concepts a sentence adds to the summary count beside its own score (chosen on NeuS/AllSides train)."""
SUPPORT_WEIGHT = 0.25
"""What each other independent source with a sentence close in meaning adds to a sentence's score. Low beside
LEXICAL_WEIGHT: on NeuS/AllSides train, shared wording told the sentences an editor would write apart from the
ones merely on the same subject better than embedding closeness (every lead of a story is close to every other)."""
LEXICAL_WEIGHT = 1.15
"""What the share of a sentence's content words found in each other independent source adds (chosen on train)."""
HEADLINE_WEIGHT = 2.0
"""A concept in every source's headline weighs this much more than one shared by every source's text (chosen on
NeuS/AllSides train)."""
PLACE_DATELINE = re.compile(
    r"^(?:[A-ZÄÖÜ]{3,}[A-ZÄÖÜ.'’-]*(?:[ ,]+[A-ZÄÖÜ][\w.'’-]*){0,3}\s*(?:\([^()]{1,30}\))?\s*[-–—]+"  # PLACE, ST. (AP) —
    r"|\((?:[A-Z]{2,6}|Reuters|Bloomberg)\)\s*[-–—]*)\s*"  # (CNN), (Reuters) -
)
"""A wire dateline opening the first paragraph ("HOLLERAU – ", "NEW YORK (AP) — ", "(Reuters) - "): where the story
was filed, not what happened."""
OPENING = "\"“‘'("
"""Marks that may open a sentence before its first word (a quote, a bracket)."""


@dataclass
class _Candidate:
    article: Article
    index: int
    text: str
    vector: np.ndarray
    position: int
    """Place among the article's body sentences (its headline, when the text repeats it, not counted)."""
    lexical: float = 0.0
    """Summed over the other independent sources: the share of this sentence's content words found in them."""


def summarise(articles: list[Article], groups: dict[int, int], config: Config, relations: Sequence[Relation] = ()) -> list[SummarySentence]:
    language = Counter(a.language for a in articles).most_common(1)[0][0]
    candidates = [c for a in articles if a.language == language for c in _candidates(a)]
    if not candidates:
        return []
    _lexical_support(candidates, articles, groups)
    everything = [(a, i) for a in articles if a.sentence_vectors is not None for i in range(len(a.sentences))]
    all_vectors = np.stack([a.sentence_vectors[i] for a, i in everything])  # type: ignore[index]
    owners = np.array([groups[a.id] for a, _ in everything])  # type: ignore[index]
    scores = {id(c): _score(c, all_vectors, owners, groups) for c in candidates}
    weights = _concept_weights(articles, groups)
    concepts = {id(c): _concepts(c.text) for c in candidates}
    covered: set[str] = set()
    chosen: list[_Candidate] = []
    pool = list(candidates)
    while pool and len(chosen) < config.summary_sentences:
        gains = [scores[id(c)] + COVERAGE_WEIGHT * sum(weights.get(w, 0.0) for w in concepts[id(c)] - covered) for c in pool]
        candidate = pool.pop(int(np.argmax(gains)))
        if any(_redundant(candidate, c, config) for c in chosen):
            continue
        chosen.append(candidate)
        covered |= concepts[id(candidate)]
    chosen.sort(key=lambda c: (c.index, c.article.id or 0))
    counterparts = aligned_counterparts(relations)
    return [_cite(c, everything, all_vectors, counterparts, config) for c in chosen]


def _redundant(a: _Candidate, b: _Candidate, config: Config) -> bool:
    """Same meaning (embedding) or the same facts in other words (most content words and numbers shared)."""
    if float(a.vector @ b.vector) > config.redundancy_similarity:
        return True
    words_a, words_b = _content_words(a.text), _content_words(b.text)
    shared = len(words_a & words_b) / max(min(len(words_a), len(words_b)), 1)
    return shared >= LEXICAL_REDUNDANCY


def _lexical_support(candidates: list[_Candidate], articles: list[Article], groups: dict[int, int]) -> None:
    words: dict[int, set[str]] = {}
    for article in articles:
        words.setdefault(groups[article.id], set()).update(_content_words(article.text))  # type: ignore[index]
    for candidate in candidates:
        own = groups[candidate.article.id]  # type: ignore[index]
        mine = _content_words(candidate.text)
        candidate.lexical = sum(len(mine & theirs) / max(len(mine), 1) for group, theirs in words.items() if group != own)


def _concept_weights(articles: list[Article], groups: dict[int, int]) -> dict[str, float]:
    """Each concept's weight: the share of the other independent sources whose text holds it (0 for a word only
    one source uses) plus HEADLINE_WEIGHT times the share of the sources whose headline holds it."""
    texts: dict[int, set[str]] = {}
    headlines: dict[int, set[str]] = {}
    for article in articles:
        group = groups[article.id]  # type: ignore[index]
        texts.setdefault(group, set()).update(_concepts(article.text))
        headlines.setdefault(group, set()).update(_concepts(article.title))
    sources = len(texts)
    in_texts = Counter(w for words in texts.values() for w in words)
    in_headlines = Counter(w for words in headlines.values() for w in words)
    return {
        w: (count - 1) / max(sources - 1, 1) + HEADLINE_WEIGHT * in_headlines[w] / sources
        for w, count in in_texts.items()
        if count > 1 or in_headlines[w]
    }


def _concepts(text: str) -> set[str]:
    """Content words (four letters or more) and numbers, lower-cased, a possessive 's and a plural s taken off (a
    concept is the word, not its inflection: "passenger" and "passengers" are one)."""
    words = re.findall(r"\w+(?:['’]s)?(?:[.,]\d+)?", text.lower())
    words = [w[:-2] if w.endswith(("'s", "’s")) else w for w in words if len(w) >= 4 or w[0].isdigit()]
    return {w[:-1] if len(w) > 4 and w.endswith("s") and not w.endswith("ss") else w for w in words}


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+(?:[.,]\d+)?", text.lower()) if len(w) >= 4 or w[0].isdigit()}


def _candidates(article: Article) -> list[_Candidate]:
    if article.sentence_vectors is None:
        return []
    out = []
    headline = _words(article.title)
    position = 0
    for sentence in article.sentences:
        if headline and _headline_part(_words(sentence.text), headline):
            continue
        position += 1
        words = sentence.text.split()
        opened = sentence.text.lstrip(OPENING + " ")
        if not 8 <= len(words) <= 60 or DANGLING_START.match(opened) or not opened[:1].isupper():
            continue
        if sentence.text.count('"') % 2 or sentence.text.count("“") != sentence.text.count("”"):
            continue
        text = without_dateline(sentence.text)
        out.append(_Candidate(article, sentence.index, text, article.sentence_vectors[sentence.index], position - 1))
    return out


def without_dateline(sentence: str) -> str:
    """The sentence without a wire dateline in front, when what is left is still a sentence."""
    rest = PLACE_DATELINE.sub("", sentence, count=1)
    return rest if rest != sentence and rest[:1].isupper() and len(rest.split()) >= 6 else sentence


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _headline_part(words: list[str], headline: list[str]) -> bool:
    """The words are the headline or a run of it: a two-sentence headline is split into two "sentences"."""
    n = len(words)
    return n > 0 and any(headline[k : k + n] == words for k in range(len(headline) - n + 1))


def _score(candidate: _Candidate, vectors: np.ndarray, owners: np.ndarray, groups: dict[int, int]) -> float:
    sims = vectors @ candidate.vector
    own = groups[candidate.article.id]  # type: ignore[index]
    support = {int(o) for o, s in zip(owners, sims, strict=True) if s >= SUPPORT_SIMILARITY and o != own}
    informative = 0.3 * bool(re.search(r"\d", candidate.text)) + 0.2 * bool(re.search(r"[\"“„«]", candidate.text))
    position = 1.0 / (1.0 + candidate.position)
    return SUPPORT_WEIGHT * len(support) + LEXICAL_WEIGHT * candidate.lexical + informative + position


def aligned_counterparts(relations: Sequence[Relation]) -> dict[tuple[int, int], set[int]]:
    """(article id, sentence index) -> the articles whose copy relation aligned that sentence with one of theirs."""
    counterparts: dict[tuple[int, int], set[int]] = defaultdict(set)
    for relation in relations:
        if relation.kind == "independent":
            continue
        for first, second, _ in relation.evidence:
            counterparts[(relation.a, first)].add(relation.b)
            counterparts[(relation.b, second)].add(relation.a)
    return counterparts


def _cite(
    candidate: _Candidate,
    everything: list[tuple[Article, int]],
    vectors: np.ndarray,
    counterparts: dict[tuple[int, int], set[int]],
    config: Config,
) -> SummarySentence:
    sims = vectors @ candidate.vector
    cited = {a.id for (a, _), s in zip(everything, sims, strict=True) if s >= config.citation_similarity}
    cited.add(candidate.article.id)
    cited |= counterparts.get((candidate.article.id or 0, candidate.index), set())
    return SummarySentence(candidate.text, candidate.article.id or 0, sorted(i for i in cited if i is not None))
