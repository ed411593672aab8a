"""Direct and indirect quotes with their speakers.

Direct quotes are found in every quote style ("", “”, «», „“, ‚‘, and the two apostrophes of some newspaper
archives). The speaker is the subject of the reporting verb next to the quote in spaCy's dependency parse ('"...,"
said Tatiana Stanovaya', 'Biden later responded, "..."'); a remark split by its cue ('"A," she said. "B."') is one
quote. A pronoun subject ("she told AFP") is resolved to the person the paragraph is about, or else
to the last named speaker; a quote paragraph with no reporting verb continues the last speaker. Indirect speech
is a reporting verb with what it reports: its clause, before, after or around it ("Kortunov said their positions
were unlikely to be reconciled", "the talks had failed, Carter said", "the plan, she said, will fail"), its
infinitive ("vowed to fight on"), the object of a verb of stance ("criticised the decision", "voted for Clinton",
"talked about the economy"), or "according to X" with the rest of its clause; so does an adjective of attitude
("is confident that ...", "critical of ...") and a reporting noun with its owner ("his criticism of ...", "voiced
concern about ..."). A cue without a subject ("..., saying ...") takes its head verb's, or the noun it describes
("a statement saying ..."); a quoted fragment inside a reported clause belongs to that clause. "NAME: ..." lines
(transcripts, headlines) quote NAME. A verb of appearance or an adverb of hearsay attributes its clause to nobody
("it appears that ...", "the team seemed paralyzed", "he was reportedly there"), and so does a passive cue without an
agent ("the ad, which is expected to draw ..."): a quote with no speaker. What any verb is "about" is its subject's
report ("lied about the cost").
`speaker_start/end` mark the speaker's whole noun phrase.
A surname is expanded to the full name the article uses elsewhere. Articles not in English use the same quote
finder with a rule for the speaker (a capitalised name next to a reporting verb).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from newsloom.extract.entities import CAPITALISED_NAME
from newsloom.model import Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

QUOTE_SPAN = re.compile(
    r"\"([^\"\n]{3,}?)\"|“([^”\n]{3,}?)”|„([^“”\n]{3,}?)[“”]|«([^»\n]{3,}?)»|»([^«\n]{3,}?)«|‚([^‘\n]{3,}?)‘"
    r"|''((?:(?!'')[^\n]){3,}?)''"  # two apostrophes, as some newspaper archives write quote marks
)
SENTENCE_START = re.compile(r"(?:^|[.!?][\"”’]?\s+|\n\s*)$")
"""What may stand right before a quote that opens a sentence (see `_short_remark`)."""
MIN_QUOTE_WORDS = 4
"""Shorter quoted phrases are scare quotes or titles ("red lines", “hysteria”), not remarks."""
CUE_LEMMAS = {
    "say", "tell", "write", "add", "ask", "respond", "reply", "warn", "insist", "explain", "note", "declare",
    "state", "claim", "argue", "comment", "announce", "continue", "conclude", "admit", "acknowledge",
    "suggest", "predict", "vow", "stress", "emphasise", "emphasize", "caution", "urge", "describe", "recall",
    "report", "show", "find", "reveal", "confirm", "deny", "indicate", "estimate", "believe", "think", "know",
    "expect", "hope", "fear", "worry", "agree", "maintain", "contend", "allege", "assert", "boast", "complain",
    "concede", "joke", "tweet", "testify", "recommend", "propose", "demand", "promise", "pledge", "threaten",
    "mention", "observe", "remark", "point", "charge", "signal", "hint", "repeat", "reiterate",
    "feel", "figure", "assume", "doubt", "realize", "realise", "decide", "want", "plan", "refuse",
    "intend", "seek", "criticize", "criticise", "praise", "endorse", "support", "oppose", "condemn", "accuse",
    "reject", "welcome", "defend", "blame", "dismiss", "call", "question", "dispute", "challenge", "slam",
    "decline", "imply", "name", "nominate", "accept",
}  # fmt: skip
CUE_LEMMAS |= {
    "assure", "reassure", "remind", "inform", "advise", "convince", "persuade", "guarantee", "swear", "bet",
    "understand", "remember", "recognize", "recognise", "learn", "guess", "imagine", "wonder", "forget", "lament",
    "muse", "quip", "counter", "retort", "scoff", "speculate", "forecast", "opine", "posit", "proclaim", "exclaim",
    "shout", "yell", "underscore", "plead", "beg", "affirm", "reaffirm", "attest", "demonstrate", "prove", "consider",
    "brag", "concur", "acknowledge", "notice", "hear", "read", "insinuate", "pronounce", "advertise", "trumpet",
}  # fmt: skip
INFINITIVE_CUES = {
    "want", "plan", "refuse", "intend", "seek", "vow", "promise", "pledge", "threaten", "claim", "hope", "decide",
    "urge", "ask", "tell", "agree", "expect", "decline", "vote", "like", "love", "prefer", "offer", "hate",
}  # fmt: skip
"""Reporting verbs whose report can be an infinitive ("vowed to fight on", "urged voters to stay home")."""
OBJECT_CUES = {
    "criticize", "criticise", "praise", "endorse", "support", "oppose", "condemn", "accuse", "reject", "welcome",
    "defend", "blame", "dismiss", "call", "question", "dispute", "challenge", "slam", "deny", "demand", "propose",
    "recommend", "announce", "describe", "ask", "mention", "confirm", "name", "accept",
}  # fmt: skip
"""Verbs of stance whose object is what they report ("criticised the decision", "called for an inquiry")."""
OBJECT_CUES |= {
    "say", "offer", "cast", "brand", "label", "portray", "depict", "characterize", "characterise", "paint", "congratulate",
    "thank", "compare", "contrast", "list", "reference", "articulate", "clarify", "lambast", "protest", "resist",
    "debate", "boo", "cheer", "interpret", "coin", "consider", "emphasize", "emphasise", "stress", "underscore",
    "tell", "explain", "outline", "detail", "lay", "rule", "reaffirm", "affirm", "concede", "claim", "want",
    "regard", "deem", "dub", "credit", "warn", "assure", "remind", "forgive", "excuse", "trust", "distrust",
}  # fmt: skip
OBJECT_CUES |= {
    "back", "show", "see", "discuss", "cite", "write", "attack", "mock", "prefer", "express", "encourage",
    "share", "view", "ignore", "highlight", "denounce", "answer", "tweet", "note", "recognize",
    "recognise", "acknowledge", "echo", "recall", "decry", "blast", "lambaste", "tout", "promote",
    "favor", "favour", "like", "love", "hate", "dislike", "fear", "predict", "reiterate", "repeat", "urge",
    "admit", "applaud", "hail", "deride", "ridicule", "insult", "disparage", "advocate",
    "fault", "rebuke", "scold", "chide", "laud", "demand", "suggest", "pledge", "promise", "vow",
}  # fmt: skip
THING_OBJECT_CUES = {"find", "add", "maintain", "read", "advise", "demonstrate", "figure", "convince", "assume", "hint"}
"""Reporting verbs whose object is mostly a thing found, added or kept, not what is said ("added 200,000 jobs")."""
OBJECT_CUES |= {
    "disclose", "assail", "quote", "disavow", "unveil", "rebuff", "recite", "liken", "repudiate", "recount",
    "envision", "utter", "trash", "email", "approve", "request", "rule", "single", "brush", "shrug", "revisit",
}  # fmt: skip
OBJECT_CUES |= {"downplay", "herald", "savage", "document", "embrace", "rebut", "promote"}  # fmt: skip
TAKEN_AT = {
    "shot": "at", "swipe": "at", "aim": "at", "jab": "at", "dig": "at", "potshot": "at", "slam": "at", "issue": "with",
    "exception": "to", "offense": "at", "offence": "at",
}  # fmt: skip
"""Nouns of "take a swipe at", "take issue with": the idiom reports its preposition's object, as a verb of stance."""
APPOINTING_CUES = {"name", "deem", "favor", "favour"}
"""Object cues whose complement without an object is mostly a post or a rating ("was named chair"), not a report."""
SHORT_ANSWERS = {"so", "yes", "no"}
"""Words that stand for a whole answer after a reporting verb ("72 percent said yes", "she thinks so")."""
HEARER_CUES = {"tell", "assure", "reassure", "remind", "warn", "inform", "advise", "convince", "persuade"}
"""Verbs whose object is who was told, unless something completes it ("told [the tale of ...]")."""
PREP_CUES = {
    "vote": {"for", "against"}, "refer": {"to"}, "point": {"to"}, "respond": {"to"}, "reply": {"to"},
    "talk": {"about", "of"}, "speak": {"about", "of", "on", "against"}, "ask": {"about"}, "focus": {"on"},
    "push": {"for"}, "agree": {"with", "on"}, "comment": {"on"}, "touch": {"on"}, "apologize": {"for"},
    "apologise": {"for"}, "complain": {"about", "of"}, "worry": {"about"}, "argue": {"for", "against", "about"},
    "campaign": {"for", "against", "on"}, "advocate": {"for"}, "rail": {"against"}, "lash": {"at"},
    "warn": {"about", "of", "against"}, "weigh": {"on"}, "joke": {"about"}, "boast": {"about", "of"},
    "brag": {"about"}, "insist": {"on"}, "testify": {"about", "on"}, "write": {"about", "of"}, "think": {"about", "of"},
    "hear": {"about", "of"}, "learn": {"of", "about"}, "care": {"about"}, "believe": {"in"}, "object": {"to"},
    "stand": {"by", "with", "behind"}, "side": {"with"}, "disagree": {"with", "on"},
    "tweet": {"about"}, "post": {"about"}, "blog": {"about"}, "report": {"on"}, "elaborate": {"on"},
    "reflect": {"on"}, "express": {"for"}, "criticize": {"for"}, "criticise": {"for"}, "praise": {"for"},
    "blame": {"for"}, "thank": {"for"}, "attack": {"for", "over"}, "hit": {"on", "over"},
    "allude": {"to"}, "dwell": {"on"}, "balk": {"at"}, "spar": {"with", "over"}, "pivot": {"to"}, "distance": {"from"},
}  # fmt: skip
"""Verbs that report through a preposition's object ("voted for Clinton", "talked about the economy")."""
ADJ_CUES = {
    "sure", "certain", "confident", "convinced", "aware", "unaware", "doubtful", "skeptical", "sceptical", "critical",
    "supportive", "opposed", "optimistic", "pessimistic", "hopeful", "worried", "concerned", "afraid", "fearful",
    "proud", "happy", "glad", "pleased", "unhappy", "upset", "angry", "furious", "frustrated", "disappointed",
    "tired", "wary", "open", "adamant", "clear", "upbeat", "enthusiastic", "eager", "determined", "reluctant",
    "willing", "unwilling", "keen", "fond", "dismissive", "mindful", "suspicious", "nervous", "excited", "grateful",
    "sorry", "unsure", "uncertain", "committed", "bullish", "bearish", "insistent", "vocal", "outspoken", "silent",
    "appreciative", "intent", "bent", "dedicated", "loyal", "assured", "divided", "split", "focused", "mum",
}  # fmt: skip
"""Adjectives of attitude that report after a copula ("is sure (that) ...", "was critical of the plan")."""
NOUN_CUES = {
    "statement", "comment", "remark", "claim", "argument", "assertion", "warning", "promise", "pledge", "vow",
    "criticism", "attack", "endorsement", "support", "opposition", "call", "demand", "proposal", "plan", "decision",
    "suggestion", "view", "belief", "idea", "doubt", "hope", "fear", "concern", "worry",
    "question", "answer", "complaint", "accusation", "allegation", "prediction", "assessment",
    "announcement", "admission", "denial", "praise", "defense", "defence", "opinion", "message", "insistence",
    "contention", "charge", "suspicion", "desire", "wish", "intention", "objection", "rejection", "preference",
    "plea", "appeal", "request", "invitation", "threat", "supporter", "critic", "opponent", "proponent", "advocate",
    "champion", "backer", "foe", "skeptic", "sceptic", "fan", "defender", "admirer", "detractor", "ally",
}  # fmt: skip
"""Nouns that report: "his criticism of the plan", "concerns that ...", "made comments about the wall"."""
NOUN_CUES |= {
    "case", "mention", "reference", "point", "thought", "congratulation", "review", "feeling", "tale", "account",
    "explanation", "pitch", "rhetoric", "vision", "epiphany", "impression", "sense", "verdict", "judgment",
    "judgement", "conclusion", "recommendation", "endorsement", "assurance", "guarantee", "commitment", "reminder",
    "acknowledgment", "acknowledgement", "confession", "boast", "insult", "tribute", "thanks", "apology",
}  # fmt: skip
NOUN_CUES |= {
    "chant", "swipe", "dig", "jab", "tirade", "rant", "critique", "condemnation", "denunciation", "rebuke",
    "disagreement", "assumption", "hostility", "understanding",
}  # fmt: skip
COPULAR_NOUNS = (NOUN_CUES - {"question", "sense"}) | {
    "refrain", "idea", "notion", "theory", "premise", "assumption", "hunch", "consensus", "message", "joke",
    "argument", "point", "reasoning", "expectation", "bet", "thinking", "line",
}  # fmt: skip
"""Nouns of what is said or thought that a copula equates with a clause ("the hope is that ..."); "the question
is whether ..." and "the sense is ..." mostly ask or feel for the writer."""
NOUN_PREPS = {"about", "on", "of", "for", "against", "to", "over", "regarding", "toward", "towards"}
LIGHT_VERBS = {
    "make", "take", "have", "express", "voice", "offer", "issue", "raise", "give", "share", "hold", "reiterate",
    "repeat", "renew", "deliver", "lodge", "file", "launch", "mount", "announce", "outline", "lay", "put", "throw",
}  # fmt: skip
"""Verbs whose subject is the source of the reporting noun they take ("has taken a firm stance against ...")."""
SEEM_CUES = {"seem", "appear"}
"""Verbs of appearance: an attribution with no source ("Trump's supporters seemed unperturbed", "it appears that
..."); the whole clause is what is attributed, to nobody in particular."""
HEARSAY_ADVERBS = {"reportedly", "seemingly", "allegedly", "purportedly", "supposedly", "ostensibly"}
"""Adverbs that attribute their clause to an unnamed source ("Khoga was reportedly on that trip")."""
PASSIVE_HEARSAY = {
    "expect", "believe", "say", "think", "report", "rumor", "rumour", "know", "estimate", "project", "predict",
    "suppose", "presume", "allege", "forecast",
}  # fmt: skip
"""Passive cues without an agent, which attribute to nobody in particular ("[the ad], which is expected [to draw a
large audience]", "it is believed [that ...]"): the subject with its infinitive or clause is what is attributed."""
OCCASION_PREPS = {"at", "during", "after", "before", "by", "amid", "since", "until", "despite"}
"""Prepositions of the occasion ("thanked [supporters] at a rally", "backed [her] by a wide margin"), which say
where and when a verb of stance was used, not what it reports."""
TOPIC_EXCLUDED = {"interview", "do", "make", "teach", "ask", "question"}
"""Verbs whose "about" phrase is what someone else is asked or taught, not what their subject says."""
NAMING_CUES = {"know", "call", "dub", "label", "brand", "nickname", "bill", "refer", "term"}
"""Participles that give a name ("the contests known as Super Tuesday"): a name that nobody in particular gave."""
SOURCELESS_CUES = SEEM_CUES | HEARSAY_ADVERBS | PASSIVE_HEARSAY | NAMING_CUES
DIRECT_ONLY_CUES = {"continue"}
"""Cues of direct quotes only: '"...," he continued', but "continued to battle" reports nothing."""
PRONOUNS = {"he", "she", "they", "i", "we"}
FOREIGN_CUES = r"sagte|sagt|erklärte|schrieb|betonte|meinte|warnte|fügte|so|a déclaré|a dit|dit|explique|said|says|told"
FOREIGN_AFTER = re.compile(
    rf"^[\s,]*(?:{FOREIGN_CUES})\s+(?:der|die|the|le|la)?\s*(?:[a-zäöüß]+\s+)*?([A-ZÄÖÜ][\wäöüß-]+(?:\s+[A-ZÄÖÜ][\wäöüß-]+)*)"
)
FOREIGN_AFTER_NAME_FIRST = re.compile(rf"^[\s,]*([A-ZÄÖÜ][\wäöüß-]+(?:\s+[A-ZÄÖÜ][\wäöüß-]+)*)\s+(?:{FOREIGN_CUES})\b")
FOREIGN_PRONOUN_AFTER = re.compile(rf"^[\s,]*(?:{FOREIGN_CUES})\s+(?:er|sie|il|elle|he|she)\b")
FOREIGN_BEFORE = re.compile(rf"([A-ZÄÖÜ][\wäöüß-]+(?:\s+[A-ZÄÖÜ][\wäöüß-]+)*)\s+(?:{FOREIGN_CUES})[^.!?]*[:,]\s*$")


OPENERS = {'"': '"', "“": "”", "«": "»", "„": "“"}


def _open_paragraph_quotes(text: str) -> list[tuple[int, int]]:
    """Quotes that run over paragraphs: a paragraph that opens a quote and does not close it goes on into the next
    one that opens a quote again (the convention of printed speeches), up to the paragraph that closes it."""
    runs: list[tuple[int, int]] = []
    start: int | None = None
    end = 0
    offset = 0
    for line in text.split("\n"):
        body = line.strip()
        at = offset + len(line) - len(line.lstrip())
        offset += len(line) + 1
        if not body:
            continue
        opener = OPENERS.get(body[0])
        closes = opener is not None and (body.count('"') % 2 == 0 if opener == '"' else opener in body[1:])
        if opener is not None and not closes:
            start = at if start is None else start
            end = at + len(body)
            continue
        if start is not None and opener is not None:  # the run's last paragraph: up to its closing mark
            last = body.rfind(opener) if opener != '"' else body.rfind('"')
            runs.append((start, at + last + 1))
        elif start is not None:
            runs.append((start, end))
        start = None
    if start is not None:
        runs.append((start, end))
    return runs


def find_direct_quotes(text: str) -> list[tuple[int, int, str]]:
    """(start, end, inner text) of every quoted remark of at least `MIN_QUOTE_WORDS` words."""
    found = []
    runs = _open_paragraph_quotes(text)
    for start, end in runs:
        inner = text[start + 1 : end - 1 if text[end - 1] in '"”»“' else end]
        found.append((start, end, " ".join(inner.split())))
    for match in QUOTE_SPAN.finditer(text):
        if any(s <= match.start() < e for s, e in runs):
            continue
        inner = next(g for g in match.groups() if g is not None)
        if len(inner.split()) >= MIN_QUOTE_WORDS or _short_remark(text, match.start(), inner):
            found.append((match.start(), match.end(), inner.strip()))
    return sorted(found)


def _short_remark(text: str, start: int, inner: str) -> bool:
    """A short quote is a remark, not a scare quote, when it opens a sentence and its sentence ends inside the quote
    marks ('“It’s fine,” Trump said.', '“No way!”')."""
    return bool(inner.rstrip()[-1:] in (",", ".", "!", "?") and SENTENCE_START.search(text[max(0, start - 3) : start]))


def find_quotes(text: str, doc: Doc | None) -> list[Quote]:
    direct = find_direct_quotes(text)
    if doc is None:
        return _foreign_quotes(text, direct)
    return _english_quotes(text, doc, direct)


def _english_quotes(text: str, doc: Doc, direct: list[tuple[int, int, str]]) -> list[Quote]:
    inside = [(s, e) for s, e, _ in direct]
    full_names = _full_names(doc)
    events = _colon_quotes(text, doc, inside)
    events.extend(_indirect_quotes(doc, inside + [(q.start, q.end) for _, q in events]))
    events.extend(_headline_quotes(text, doc, inside + [(q.start, q.end) for _, q in events]))
    previous: tuple[Token | None, Quote] | None = None
    said_after: set[int] = set()  # direct quotes with a cue of their own after them ('"...," she said')
    for start, end, inner in direct:
        cue, subject = _cue_near(doc, start, end, inside)
        if previous is not None and _continues(text, previous, cue, start):
            # one remark split by its cue: '"A," she said. "B."' (the cue between the parts serves both)
            joined = previous[1]
            joined.text, joined.end = f"{joined.text} {inner}", end
            if joined.speaker is None and subject is not None and cue is not None:  # '"A." "B," she said': hers
                joined.speaker, joined.cue = _name(subject), cue.lemma_
                joined.speaker_start, joined.speaker_end = _speaker_span(subject)
                previous = (cue, joined)
            continue
        quote = Quote(inner, _name(subject) if subject is not None else None, cue.lemma_ if cue else None, start, end)
        quote.speaker_start, quote.speaker_end = _speaker_span(subject)
        events.append((start, quote))
        previous = (cue, quote)
        if cue is not None and cue.idx >= end:
            said_after.add(start)
    reports = [(q.start, q.end) for _, q in events if not q.direct]
    # a quoted fragment inside a reported clause ('Ms. Varga said the plan "was never costed"') is part of that report
    events = [(p, q) for p, q in events if not (q.direct and any(_absorbed(text, q, q.start in said_after, s, e) for s, e in reports))]
    events.sort(key=lambda item: item[0])
    events = _run_on_reports(text, events)
    _resolve_speakers(text, doc, [q for _, q in events])
    for _, quote in events:
        if quote.speaker:
            quote.speaker = full_names.get(quote.speaker.split()[-1], quote.speaker) if len(quote.speaker.split()) == 1 else quote.speaker
    return [q for _, q in events if _kept(q)]


def _run_on_reports(text: str, events: list[tuple[int, Quote]]) -> list[tuple[int, Quote]]:
    """A report that ends in quoted words, followed right away by a quote without a cue of its own ('saying he has
    “made a lot of money.” “Frankly, ...”'): the quote goes on with the report, one span."""
    kept: list[tuple[int, Quote]] = []
    for position, quote in events:
        last = kept[-1][1] if kept else None
        if last is not None and _runs_on(text, last, quote):
            last.text, last.end = text[last.start : quote.end], quote.end
            continue
        kept.append((position, quote))
    return kept


def _runs_on(text: str, report: Quote, quote: Quote) -> bool:
    """Whether a direct quote without a cue starts inside a report, or right after its closing marks, and goes on."""
    if report.direct or not quote.direct or quote.cue is not None or not report.start < quote.start or quote.end <= report.end:
        return False
    return quote.start < report.end or not text[report.end : quote.start].strip(' .,”"’')


def _absorbed(text: str, quote: Quote, said_after: bool, start: int, end: int) -> bool:
    """Whether a direct quote lies inside the report from `start` to `end`, but for the closing marks after it ('...
    will “blow away people’s expectations.”'); a quote with a cue of its own after it ('"A," she said') must end
    by the report's end."""
    if not start < quote.start:
        return False
    return quote.end <= end + 1 or (not said_after and not text[end : quote.end].strip(' .,;:!?"”’»“'))


def _kept(quote: Quote) -> bool:
    """A direct quote unless it is a title nobody is said to have spoken; reported speech with a named speaker."""
    if quote.direct:
        return not (quote.speaker is None and _is_title(quote.text))
    if quote.speaker is None and (quote.cue in SOURCELESS_CUES or quote.cue in OBJECT_CUES or quote.cue in COPULAR_NOUNS):
        return True  # attributed to nobody in particular
    return quote.speaker is not None and quote.speaker != "" and quote.speaker.lower() not in PRONOUNS


MINOR_WORDS = {"a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "but", "with", "by", "from", "is", "as", "vs"}


def _is_title(text: str) -> bool:
    """Whether quoted words are a title ("Orange Is the New Black", “Meet the Press”): every word but the small
    ones capitalised, and no sentence punctuation; a remark that nobody is said to have made is then a name."""
    words = [w for w in re.findall(r"[\w'’-]+", text) if w.lower() not in MINOR_WORDS]
    return bool(words) and not re.search(r"[.!?,;]", text) and all(w[0].isupper() or w[0].isdigit() for w in words)


def _continues(text: str, previous: tuple[Token | None, Quote], cue: Token | None, start: int) -> bool:
    """Whether a quote is the second part of the one before, split by that one's cue: the cue sits between them and
    serves both ('"A," she said. "B."', also when "B." opens the next paragraph without a cue of its own), or the
    first part breaks off mid-sentence ('"A," she said, "b ..."')."""
    first_cue, first = previous
    gap = text[first.end : start]
    if not gap.strip() and (cue is None or (cue.idx > start and (first_cue is None or _same_speaker(cue, first_cue)))):
        return True  # a run of quotes with nothing between them, one speaker's: '"A." "B." "C," he said'
    if first_cue is None or not first.end < first_cue.idx < start or _more_than_cue(first_cue, first.end, start):
        return False
    if cue == first_cue or (cue is None and _starts_paragraph(text, start) and "\n" in gap and len(gap) < 200):
        return True  # '"A," she said.' and a paragraph that opens with her quote and has no cue of its own: '"B."'
    return first.text.rstrip().endswith(",") and len(gap) < 80 and not any(c in gap for c in ".!?\n")


def _more_than_cue(cue: Token, start: int, end: int) -> bool:
    """Whether the words between two quotes say more than their cue: another reporting verb ('"A," Anderson said,
    adding that Sanders is "b"') makes the second quote a report of its own, not the first one's continuation."""
    return any(_is_cue(t) and t != cue and start <= t.idx < end for t in cue.doc)


def _same_speaker(cue: Token, other: Token) -> bool:
    """Whether two cues have subjects of one name ("Trump said" and "Trump added")."""
    a, b = _subject(cue), _subject(other)
    return a is not None and b is not None and _name(a).split()[-1].lower() == _name(b).split()[-1].lower()


def _indirect_quotes(doc: Doc, inside: list[tuple[int, int]]) -> list[tuple[int, Quote]]:
    """Reported speech outside direct quotes: a reporting verb with what it reports (`_reported`), whose speaker
    is the verb's subject, or the subject of the verb it hangs from ("..., saying the deal was dead"); and
    "according to X" with the rest of its clause."""
    found: list[tuple[int, Quote]] = []
    taken: list[tuple[int, int]] = list(inside)
    for token in doc:
        if _within(token.idx, taken):
            continue
        if token.lower_ == "according" and (to := next((c for c in token.children if c.lower_ == "to"), None)) is not None:
            found.extend(_according_to(doc, token, to, taken))
            continue
        if (sourceless := _sourceless(token)) is not None:
            if not _within(sourceless.start_char, inside):
                quote = Quote(sourceless.text, None, token.lemma_.lower(), sourceless.start_char, sourceless.end_char, direct=False)
                found.append((token.idx, quote))
                taken.append((sourceless.start_char, sourceless.end_char))
            continue
        if (copular := _copular_report(token)) is not None:
            if not _within(copular[0].start_char, inside):
                found.append((token.idx, _copular_quote(*copular)))
                taken.append((copular[0].start_char, copular[0].end_char))
            continue
        if token.pos_ == "ADJ" and token.lemma_.lower() in ADJ_CUES and token.dep_ == "acomp":
            reported, subject = _complement(token, {"about", "of", "on", "to", "with", "that", "in", "for"}), _subject(token.head)
        elif token.pos_ == "NOUN" and token.lemma_.lower() in NOUN_CUES:
            reported, subject = _complement(token, NOUN_PREPS), _noun_source(token)
        elif token.lemma_.lower() in DIRECT_ONLY_CUES:
            continue
        elif _is_cue(token) and (passive := _passive_report(token)) is not None:
            reported, subject = passive
        elif _is_cue(token):
            reported = _relative_report(token, _reported(token))
            subject = _subject(token) or _inherited_subject(token) or _stray_subject(token, inside)
        elif token.lemma_ == "take" and (target := _taken_at(token)) is not None:
            reported, subject = target, _subject(token) or _inherited_subject(token)
        elif token.pos_ == "VERB" and token.lemma_.lower() not in TOPIC_EXCLUDED and (about := _topic(token)) is not None:
            reported, subject = about, _subject(token) or _inherited_subject(token)
        else:
            continue
        if reported is None or subject is None or _within(reported.start_char, inside):
            continue
        if subject.i in range(reported.start, reported.end) and not token.left_edge.i <= subject.i <= token.right_edge.i:
            continue
        quote = Quote(_report_text(reported, token), _name(subject), token.lemma_, reported.start_char, reported.end_char, direct=False)
        quote.speaker_start, quote.speaker_end = _speaker_span(subject)
        found.append((token.idx, quote))
        taken.append((reported.start_char, reported.end_char))
    return found


SPEAKER_LINE = re.compile(r"^([A-Z][\w.'’-]*(?:,? (?:[A-Z][\w.'’()-]*|of|at|the|for|on|to))*?):[ \t]+(\S[^\n]*)", re.MULTILINE)
"""A line that gives its speaker first: a transcript's 'TAPPER: ...', a headline's 'Graham: Trump Is Wrong' (or 'Clinton
to Planned Parenthood: ...', to whom)."""
PAGE_LABELS = {
    "update", "updated", "note", "editor", "editors", "abstract", "related", "watch", "photo", "photos", "video",
    "correction", "source", "sources", "read", "more", "see", "also", "listen", "credit", "image", "subscribe", "follow",
    "contact", "email", "tags", "topics", "filed", "posted", "published", "by", "q", "a", "full", "text", "caption",
}  # fmt: skip
"""Words that head a labelled line of the page, not a speaker ("Photo: ...", "Related: ...")."""


def _colon_quotes(text: str, doc: Doc, taken: list[tuple[int, int]]) -> list[tuple[int, Quote]]:
    """'Name: what they said' lines. The speaker is a proper name or a capitalised transcript label."""
    found: list[tuple[int, Quote]] = []
    for match in SPEAKER_LINE.finditer(text):
        name = match.group(1)
        words = re.findall(r"[\w'’]+", name)
        if not words or len(words) > 6 or any(w.lower() in PAGE_LABELS for w in words):
            continue
        span = doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
        if span is None or not (name.isupper() or span[-1].pos_ in ("PROPN", "NOUN") or span.root.ent_type_ in ("PERSON", "ORG")):
            continue
        start, end = match.start(2), match.end(2)
        while end > start and text[end - 1].isspace():
            end -= 1
        if _within(start, taken) or len(text[start:end].split()) < 3:
            continue
        speaker = name.split(" to ")[0].strip()  # 'Clinton to Planned Parenthood: ...': Clinton spoke
        quote = Quote(text[start:end], speaker, None, start, end, direct=False)
        quote.speaker_start, quote.speaker_end = match.start(1), match.start(1) + len(speaker)
        found.append((start, quote))
    return found


HEADLINE_CUES = (CUE_LEMMAS | OBJECT_CUES | INFINITIVE_CUES) - THING_OBJECT_CUES - {"call", "name", "show", "know", "see"}
"""Reporting verbs read off a title-case headline's capitalised words: those whose report follows them."""
HEADLINE_WORDS = (4, 25)
HEADLINE_STOPS = {
    ",", ";", ":", "—", "–", ".", "?", "!",
    "when", "after", "while", "because", "amid", "despite", "before", "but", "though", "although", "since", "until",
}  # fmt: skip
"""Where a headline's report ends: at the next clause, another claim ("Beck Blasts Drudge, Quotes ...") or the
occasion ("Embraces X When He ...")."""


def _headline_quotes(text: str, doc: Doc, taken: list[tuple[int, int]]) -> list[tuple[int, Quote]]:
    """Reports of title-case headlines ('Conservative Icon Morton Blackwell Endorses Ted Cruz'). The parser reads
    a capitalised verb there as part of a name, so its cue goes unseen; the verb is found by its form instead, a
    capitalised word in -s or -ed whose stem is a reporting verb, with capitalised words (the speaker) before it."""
    found: list[tuple[int, Quote]] = []
    for line in re.finditer(r"[^\n]+", text):
        span = doc.char_span(line.start(), line.end(), alignment_mode="expand")
        if span is None or not _title_case(line.group()):
            continue
        for k in range(1, len(span) - 1):
            quote = _headline_report(text, span, k)
            if quote is not None and not any(quote.start < e and s < quote.end for s, e in taken):
                found.append((quote.start, quote))
                break
    return found


def _title_case(line: str) -> bool:
    """A headline in title case: a headline's length, four in five of its longer words capitalised (the short
    ones, "of", "to", "and", often are not)."""
    words = re.findall(r"[A-Za-z][\w'’-]*", line)
    if not HEADLINE_WORDS[0] <= len(words) <= HEADLINE_WORDS[1]:
        return False
    long_words = [w for w in words if len(w) > 3]
    return len(long_words) >= 3 and sum(w[0].isupper() for w in long_words) >= 0.8 * len(long_words)


def _headline_report(text: str, line: Span, k: int) -> Quote | None:
    """The report of `line`'s k-th token read as a headline's verb, or None."""
    verb, before, after = line[k], line[k - 1], line[k + 1]
    lemma = _headline_lemma(verb.text)
    if lemma is None or not before.text[:1].isupper() or after.lower_ == "by" or not after.text[:1].isalnum():
        return None
    if lemma in INFINITIVE_CUES and lemma not in OBJECT_CUES and after.lower_ != "to":
        return None
    if ":" in text[line.start_char : verb.idx] or (after.lower_ == "to" and lemma not in INFINITIVE_CUES):
        return None  # a speaker's colon line is `_colon_quotes`'s; "Responds To ..." names what it answers
    end = next((t.i for t in line[k + 2 :] if t.lower_ in HEADLINE_STOPS), line.end)
    last = line.doc[end - 1]
    while last.i > after.i and (last.is_punct or last.is_quote):
        last = line.doc[last.i - 1]
    start, stop = after.idx, last.idx + len(last.text)
    speaker_start = line[0].idx
    quote = Quote(text[start:stop], text[speaker_start : before.idx + len(before.text)], lemma, start, stop, direct=False)
    quote.speaker_start, quote.speaker_end = speaker_start, before.idx + len(before.text)
    return quote


def _headline_lemma(word: str) -> str | None:
    """The reporting verb a capitalised headline word is a form of ('Endorses' endorse, 'Decries' decry)."""
    if not word[:1].isupper():
        return None
    low = word.lower()
    if low.endswith("ies"):
        stems = [low[:-3] + "y"]
    elif low.endswith(("es", "ed")):  # 'Praises' praise, 'Blasted' blast
        stems = [low[:-1], low[:-2]]
    elif low.endswith("s") and not low.endswith("ss"):
        stems = [low[:-1]]
    else:
        return None
    return next((stem for stem in stems if stem in HEADLINE_CUES), None)


def _copular_report(verb: Token) -> tuple[Span, Token] | None:
    """A reporting noun that a copula equates with a clause: "[the idea] is [that donors can still give]", "one of
    his talking [points] is [that ...]"; the clause is the report, the noun (its owner the source) the cue."""
    if verb.lemma_ != "be":
        return None
    clause = next((c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i), None)
    noun = _subject(verb)
    if noun is not None and noun.lemma_.lower() in ("one", "some", "part") and (of := _child(noun, "prep", "of")) is not None:
        noun = _child(of, "pobj")
    if clause is None or noun is None or noun.lemma_.lower() not in COPULAR_NOUNS:
        return None
    return verb.doc[clause.left_edge.i : _clause_end(verb, clause) + 1], noun


def _copular_quote(reported: Span, noun: Token) -> Quote:
    """The report of `_copular_report`, said by the noun's owner ("the mayor's argument") or by nobody in particular."""
    owner = _noun_source(noun)
    speaker = _name(owner) if owner is not None else None
    quote = Quote(reported.text, speaker, noun.lemma_.lower(), reported.start_char, reported.end_char, direct=False)
    quote.speaker_start, quote.speaker_end = _speaker_span(owner)
    return quote


def _child(token: Token, dep: str, lower: str | None = None) -> Token | None:
    return next((c for c in token.children if c.dep_ == dep and (lower is None or c.lower_ == lower)), None)


def _sourceless(token: Token) -> Span | None:
    """What a verb of appearance or an adverb of hearsay attributes to nobody: "it appears [that ...]", "it seems
    [like ...]", "[the team appeared paralyzed]", "[Khoga was reportedly on that trip]"."""
    doc = token.doc
    if token.pos_ == "ADV" and token.lower_ in HEARSAY_ADVERBS and token.dep_ == "advmod" and token.head.pos_ in ("VERB", "AUX"):
        head = token.head
        subject = _subject(head)
    elif token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in SEEM_CUES:
        head = token
        subject = _subject(token)
        clause = next((c for c in token.children if c.dep_ in ("ccomp", "advcl") and c.i > token.i), None)
        if subject is not None and subject.lower_ == "it" and clause is not None:
            return _trimmed(doc[clause.left_edge.i : clause.right_edge.i + 1], clause)  # "it appears that ...", "it seems like ..."
        if subject is None or not any(c.dep_ in ("xcomp", "acomp", "oprd") and c.i > token.i for c in token.children):
            return None  # "appeared on Fox News" is being there, not seeming
    elif token.tag_ == "VBN" and token.lemma_.lower() in NAMING_CUES and token.dep_ == "acl" and token.head.i < token.i:
        return _so_named(token)
    elif token.tag_ == "VBN" and token.lemma_.lower() in PASSIVE_HEARSAY:
        return _passive_hearsay(token)
    elif token.tag_ == "VBN" and token.lemma_.lower() in OBJECT_CUES:
        return _passive_stance(token)
    else:
        return None
    if subject is None or subject.tag_ in ("WDT", "WP") or subject.lower_ == "it":
        return None
    return _trimmed(doc[subject.left_edge.i : head.right_edge.i + 1], head)


def _so_named(verb: Token) -> Span | None:
    """A name given by nobody in particular: "[the contests known as Super Tuesday]", "[a group called the Patriots]"
    (the noun with its participle, as attribution corpora mark it)."""
    if not any(
        c.dep_ in ("oprd", "attr", "dobj", "xcomp") or (c.dep_ == "prep" and c.lower_ == "as") for c in verb.children if c.i > verb.i
    ):
        return None
    doc = verb.doc
    return _trimmed(doc[verb.head.left_edge.i : verb.right_edge.i + 1], verb)


def _passive_hearsay(verb: Token) -> Span | None:
    """What an agentless passive cue attributes to nobody: its subject with the infinitive or clause ("[Trump] is
    expected [to win]", "[which] is believed [to be safe]"), or only the clause after "it" ("it is said [that ...]")."""
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    clause = next((c for c in verb.children if c.dep_ in ("xcomp", "ccomp") and c.i > verb.i), None)
    if subject is None or clause is None or any(c.dep_ == "agent" for c in verb.children):
        return None
    doc = verb.doc
    start = clause.left_edge.i if subject.lower_ == "it" else subject.left_edge.i
    return _trimmed(doc[start : clause.right_edge.i + 1], verb)


def _passive_stance(verb: Token) -> Span | None:
    """An agentless passive verb of stance judges its subject for nobody in particular: "[Clinton was booed]",
    "[the plan was widely criticised]" (the subject with its verb, as attribution corpora mark it)."""
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if subject is None or subject.lower_ == "it" or any(c.dep_ in ("agent", "ccomp", "xcomp") for c in verb.children):
        return None
    return _trimmed(verb.doc[subject.left_edge.i : verb.right_edge.i + 1], verb)


def _trimmed(span: Span, head: Token) -> Span | None:
    """A clause without a coordinated clause of its own after it (", but they had returned") or a closing mark."""
    doc = span.doc
    clauses = any(c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") for c in head.children)
    end = min((c.i for c in head.children if clauses and c.dep_ == "cc" and c.i > head.i), default=span.end)
    span = doc[span.start : end]
    while len(span) and (span[-1].is_punct or span[-1].is_space or span[-1].dep_ == "cc"):
        span = span[:-1]
    return span if len(span) >= 3 else None


def _passive_report(verb: Token) -> tuple[Span, Token] | None:
    """A passive verb of stance reports its subject, said by its agent: "[the plan] was criticised by [the mayor]"."""
    lemma = verb.lemma_.lower()
    patient = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if patient is None or not (lemma in OBJECT_CUES or lemma in PREP_CUES) or any(c.dep_ in ("ccomp", "xcomp") for c in verb.children):
        return None
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    source = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    if source is None:
        return None
    doc = verb.doc
    return doc[patient.left_edge.i : patient.right_edge.i + 1], source


def _reported(verb: Token) -> Span | None:
    """What a reporting verb reports: its clause ("said [that the talks had failed]"), its infinitive ("vowed [to
    fight on]"), its gerund ("proposed [barring them]", any cue's), or for a verb of stance its object ("criticised
    [the decision]", "called for [an inquiry]"); a parenthetical cue ("the talks, he said, had failed") reports the
    clause it interrupts, up to the cue."""
    doc = verb.doc
    clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if clause is None:
        infinitive = verb.lemma_.lower() in INFINITIVE_CUES
        clause = next((c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i and (infinitive or c.tag_ == "VBG")), None)
    if clause is None and _names_without_object(verb):
        clause = next((c for c in verb.children if c.dep_ in ("xcomp", "oprd") and c.i > verb.i), None)
    if clause is not None:
        return doc[clause.left_edge.i : _clause_end(verb, clause) + 1]
    short = next((c for c in verb.children if c.lower_ in SHORT_ANSWERS and c.i == verb.i + 1), None)
    if short is not None and verb.lemma_.lower() in CUE_LEMMAS:
        return doc[short.i : short.i + 1]  # "said yes", "thinks so": the answer is the report
    as_phrase = verb.head.head if verb.dep_ == "acl" and verb.head.dep_ == "pobj" and verb.head.head.lower_ == "as" else None
    if verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children):
        as_phrase = verb  # "as the Post reported, ..." (a clause, or as the small model often reads it, "as [the Post reported]")
    if as_phrase is not None and as_phrase.head.i > verb.i and as_phrase.head.pos_ in ("VERB", "AUX"):
        # "as the Post reported, [the inspector issued subpoenas]": the clause the cue introduces
        span = doc[as_phrase.right_edge.i + 1 : as_phrase.head.right_edge.i + 1]
        while len(span) and (span[0].is_punct or span[0].is_space):
            span = span[1:]
        while len(span) and (span[-1].is_punct or span[-1].is_space):
            span = span[:-1]
        return span if len(span) >= 3 else None
    lemma = verb.lemma_.lower()
    if lemma in OBJECT_CUES or lemma in PREP_CUES or lemma in CUE_LEMMAS:
        # any reporting verb's object is what it reports ("declared [victory]", "understood [the risk]"), but for the
        # few whose object is mostly a thing handled ("found [a job]", "added [jobs]", "maintained [a lead]")
        objects = lemma in OBJECT_CUES or lemma not in THING_OBJECT_CUES
        first = next((c for c in verb.children if c.dep_ in ("dobj", "obj") and c.i > verb.i), None) if objects else None
        pronoun = next((c for c in verb.children if c.dep_ in ("dobj", "obj") and c.tag_ in ("WDT", "WP")), None)
        if first is None and pronoun is not None and verb.dep_ == "relcl" and lemma in OBJECT_CUES:
            # "the plan, [which] the mayor defended": attribution corpora mark the pronoun, with what completes it
            # ("[who he dubbed “the little senator”]")
            completing = [c for c in verb.children if c.i > verb.i and _completes(c)]
            last = max(completing, key=lambda c: c.i, default=pronoun)
            return doc[pronoun.i : last.right_edge.i + 1]
        if first is None:
            preps = PREP_CUES.get(lemma, set()) | ({"for", "on"} if lemma in OBJECT_CUES else set())
            particle = [c.i for c in verb.children if c.dep_ == "prt"]
            prep = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ in preps and c.i > verb.i), None)
            if prep is None and particle:  # "lashed out at", "weighed in on"
                prep = next((c for c in verb.children if c.dep_ == "prep" and c.i > max(particle)), None)
            first = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None) if prep is not None else None
            if first is None and (marked := _marked_clause(verb, preps)) is not None:
                return marked  # "is calling for [the United States to step up its efforts]", parsed as a clause
            if first is None and (lemma in CUE_LEMMAS or verb.dep_ == "parataxis"):
                return _clause_around(verb)  # "the plan, she said, will fail"
            if first is None or first.ent_type_ in ("DATE", "TIME"):
                return None  # "spoke on Tuesday" says when
            # and what completes it: "called on [the United States to attack the oil]", "pushed for [X to be hit]"
            completing = [c for c in verb.children if c.i > first.i and c.dep_ in ("xcomp", "ccomp", "oprd")]
            last = max(completing, key=lambda c: c.i, default=first)
            return _object_span(first, last)
        # the object and what completes it: "accused [Grassley of stalling]", "called [the report a rush to judgment]"
        completing = [c for c in verb.children if c.i > first.i and _completes(c)]
        if lemma in ("call", "cast", "paint") and not completing:
            return None  # "called voters" is a telephone call, "cast a ballot" a vote; "called the report [a rush to judgment]" names it
        if lemma in HEARER_CUES and not completing and (first.pos_ == "PRON" or first.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")):
            return None  # "told reporters", "warned Trump": who heard it, not what was said
        last = max(completing, key=lambda c: c.i, default=first)
        return _object_span(first, last)
    return _clause_around(verb)


def _names_without_object(verb: Token) -> bool:
    """Whether a verb of stance has no object, so that its complement holds the object too, as the parser reads
    "called [her “third-rate”]" and "calling [Trump a fascist]"; an appointment ("was named [chair]") is no report."""
    lemma = verb.lemma_.lower()
    return lemma in OBJECT_CUES and lemma not in APPOINTING_CUES and not any(c.dep_ in ("dobj", "obj") for c in verb.children)


def _relative_report(verb: Token, reported: Span | None) -> Span | None:
    """A cue in a relative clause reports from its relative pronoun on ("[which he declared “a total disaster”]",
    "[that he said defied expectations]"): the pronoun stands for what was said, as attribution corpora mark it."""
    if verb.dep_ != "relcl" or reported is None or reported.start <= verb.i:
        return reported
    doc = verb.doc
    pronoun = next((t for t in doc[verb.left_edge.i : verb.i] if t.tag_ in ("WDT", "WP")), None)
    if pronoun is None or pronoun == _subject(verb):
        return reported  # "the senator, [who] said ...": the pronoun is the speaker
    return doc[pronoun.i : reported.end]


def _completes(child: Token) -> bool:
    """Whether a verb's dependent after its object completes what it reports ("accused [Grassley of stalling]",
    "described [him as a liar]"), unlike a phrase of the occasion ("thanked [supporters] at a rally")."""
    return child.dep_ in ("oprd", "xcomp", "ccomp") or (child.dep_ == "prep" and child.lower_ not in OCCASION_PREPS)


def _taken_at(verb: Token) -> Span | None:
    """The target of "take a swipe at", "take aim at", "take issue with": the idiom's preposition's object, whether
    the parser hangs the preposition on the verb or on the noun."""
    noun = _child(verb, "dobj")
    if noun is None or noun.lemma_.lower() not in TAKEN_AT:
        return None
    preps = [c for c in (*verb.children, *noun.children) if c.dep_ == "prep" and c.lower_ == TAKEN_AT[noun.lemma_.lower()] and c.i > noun.i]
    target = _child(preps[0], "pobj") if preps else None
    return None if target is None else _object_span(target, target)


def _topic(verb: Token) -> Span | None:
    """What any verb is about: "[lied] about [his signature issue]", "[kept mum] about [the timing]"; the topic of a
    verb is what its subject says or thinks of, even when the verb itself is no reporting verb."""
    prep = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "about" and c.i > verb.i), None)
    target = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None) if prep is not None else None
    return None if target is None else _object_span(target, target)


def _object_span(first: Token, last: Token) -> Span:
    """An object with what completes it, without a relative clause set off by a comma ("[Jeb Bush], who announced
    ...": the clause says more about him, not what was said of him)."""
    doc = first.doc
    end = last.right_edge.i + 1
    if last == first:
        aside = [c for c in first.children if c.dep_ in ("relcl", "acl") and c.i > first.i and doc[c.left_edge.i - 1].text == ","]
        if aside:
            end = doc[aside[0].left_edge.i - 1].i
    return doc[first.left_edge.i : end]


def _clause_end(verb: Token, clause: Token) -> int:
    """Where a reported clause ends: with a second clause the parser hung on the cue too ("said [the Iranians
    released by the United States were close to completing their sentences]")."""
    end = clause.right_edge.i
    if clause.i < verb.i:
        return end
    for child in verb.children:
        if child.i > end and child.dep_ == "ccomp":
            end = child.right_edge.i
    while end > clause.i and (verb.doc[end].is_punct or verb.doc[end].is_space):
        end -= 1
    return end


def _marked_clause(verb: Token, preps: set[str]) -> Span | None:
    """The clause a verb's preposition introduces when the parser reads it as a clause's marker ("called for [X to
    be hit]"), without the marker."""
    for child in verb.children:
        if child.dep_ in ("advcl", "ccomp") and child.i > verb.i:
            mark = next((m for m in child.children if m.dep_ == "mark" and m.lower_ in preps and m.i < child.i), None)
            if mark is not None and mark.i > verb.i:
                return verb.doc[mark.i + 1 : child.right_edge.i + 1]
    return None


def _clause_around(verb: Token) -> Span | None:
    """What a cue without a clause of its own reports: the clause before it ("the talks had failed, Carter said"), or
    the clause it interrupts ("the question, she said, is not so simple")."""
    doc = verb.doc
    head = verb.head
    if verb.dep_ in ("parataxis", "ccomp", "advcl") and head.i < verb.i and head.pos_ in ("VERB", "AUX"):
        left = verb.left_edge.i
        start = head.left_edge.i
        span = doc[start:left]
        while len(span) and span[-1].is_punct:
            span = span[:-1]
        return span if len(span) >= 3 else None
    if verb.dep_ == "parataxis" and head.i > verb.i and head.pos_ in ("VERB", "AUX") and verb.left_edge.i > head.left_edge.i:
        # "the question, she said, is not so simple": the clause around the cue, which `_report_text` leaves out
        span = doc[head.left_edge.i : head.right_edge.i + 1]
        while len(span) > 1 and (span[-1].is_punct or span[-1].is_space):
            span = span[:-1]
        return span
    return None


def _report_text(reported: Span, cue: Token) -> str:
    """The reported words, without the cue when it interrupts them ("the question[, she said,] is not so simple")."""
    if not reported.start <= cue.i < reported.end or reported.start == cue.left_edge.i:
        return reported.text  # a relative clause's cue is part of its report ("which he declared ...")
    doc = cue.doc
    before = doc.text[reported.start_char : doc[cue.left_edge.i].idx].rstrip(" ,")
    after_start = doc[cue.right_edge.i].idx + len(doc[cue.right_edge.i])
    return f"{before} {doc.text[after_start : reported.end_char].lstrip(' ,')}"


def _complement(word: Token, preps: set[str]) -> Span | None:
    """What an adjective or noun of attitude reports: its clause ("sure [that ...]", "concerns [that ...]", "no idea
    [who ...]"), or its preposition's object ("critical of [the plan]", "criticism of [the plan]")."""
    doc = word.doc
    for child in word.children:
        if child.i < word.i:
            continue
        if child.dep_ in ("ccomp", "acl", "xcomp") and child.pos_ in ("VERB", "AUX") and child.i > word.i:
            if child.dep_ == "acl" and not any(c.dep_ in ("mark", "nsubj", "nsubjpass", "aux") for c in child.children if c.i < child.i):
                continue  # "a plan backed by ..." is a participle, not what the plan says
            return doc[child.left_edge.i : child.right_edge.i + 1]
        if child.dep_ == "prep" and child.lower_ in preps:
            target = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
            if target is not None:
                return doc[target.left_edge.i : target.right_edge.i + 1]
    return None


def _noun_source(noun: Token) -> Token | None:
    """Whose the reporting noun is: its possessive ("[Trump's] call for ..."), its "by" agent, the subject of the
    light verb that takes it ("[Sanders] voiced concern about ..."), or of the verb whose preposition holds it
    ("[Graham] came out in support of ...")."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is not None:
        return owner
    head = noun.head
    if noun.dep_ in ("dobj", "obj") and head.lemma_.lower() in LIGHT_VERBS | CUE_LEMMAS | OBJECT_CUES:
        return _subject(head) or _inherited_subject(head)
    if noun.dep_ == "attr" and head.lemma_ == "be":  # "[she] is a longtime critic of the plan"
        return _subject(head)
    if noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
        return _subject(head.head) or _inherited_subject(head.head)  # "[Graham] came out in support of Cruz"
    return None


def _stray_subject(verb: Token, inside: list[tuple[int, int]]) -> Token | None:
    """The speaker of a finite cue with a clause that the parser left without a subject ("Majorities of voters
    going to the polls say [they ...]", where "going" took the subject): the last subject before it in its
    sentence, outside quotes."""
    clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if verb.tag_ not in ("VBD", "VBZ", "VBP") or clause is None or clause.i < verb.i or _subject(clause) is None:
        return None
    before = [t for t in verb.doc[verb.sent.start : verb.i] if t.dep_ in ("nsubj", "nsubjpass") and not _within(t.idx, inside)]
    return before[-1] if before else None


def _inherited_subject(verb: Token) -> Token | None:
    """The speaker of a subjectless cue: '..., saying ...', 'and added ...' take the subject of their head verb, and
    'voters are more likely to say ...' that of the copula its adjective hangs from."""
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN") and verb.head.i < verb.i:
        return verb.head  # "a statement saying ...", "with most voters saying ..."
    head = verb
    while head.dep_ in ("pcomp", "prep", "advcl", "conj", "xcomp", "acomp") and head.head != head:
        head = head.head
        if head.pos_ in ("VERB", "AUX") and (subject := _subject(head)) is not None:
            return subject
    return None


def _according_to(doc: Doc, according: Token, to: Token, taken: list[tuple[int, int]]) -> list[tuple[int, Quote]]:
    """'according to X' reports its clause, minus the phrase itself; X is the source."""
    source = next((c for c in to.children if c.dep_ == "pobj"), None)
    if source is None:
        return []
    head = according.head
    while head.dep_ not in ("ROOT", "ccomp", "conj", "advcl") and head.head != head:
        head = head.head
    phrase = (according.left_edge.i, max(according.right_edge.i, source.right_edge.i))
    before = doc[head.left_edge.i : phrase[0]]
    after = doc[phrase[1] + 1 : head.right_edge.i + 1]
    content = max((before, after), key=lambda span: len([t for t in span if not t.is_punct]))
    while len(content) and content[-1].is_punct:
        content = content[:-1]
    while len(content) and content[0].is_punct:
        content = content[1:]
    if len(content) < 3 or any(_within(content.start_char, [t]) for t in taken):
        return []
    name = doc[source.left_edge.i : source.right_edge.i + 1]
    quote = Quote(content.text, name.text, "according to", content.start_char, content.end_char, direct=False)
    quote.speaker_start, quote.speaker_end = name.start_char, name.end_char
    taken.append((content.start_char, content.end_char))
    return [(content.start_char, quote)]


def _is_cue(token: Token) -> bool:
    lemma = token.lemma_.lower()
    return token.pos_ in ("VERB", "AUX") and (lemma in CUE_LEMMAS or lemma in OBJECT_CUES or lemma in PREP_CUES)


def _within(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= position < e for s, e in spans)


def _subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _name(token: Token) -> str:
    """The subject's name: a proper noun with its compounds, or a short noun phrase ("the official")."""
    if token.tag_ in ("WP", "WDT") and token.head.dep_ == "relcl" and token.head.head != token.head:
        return _name(token.head.head)  # "the senator, who said ...": the relative pronoun stands for the senator
    if token.pos_ == "PRON":
        return token.lower_
    return _name_span(token).text.strip() or token.text


def _name_span(token: Token) -> Span:
    """The tokens `_name` reads the subject's name from."""
    if token.pos_ == "PRON":
        return token.doc[token.i : token.i + 1]
    parts = [t for t in token.subtree if t.dep_ in ("compound", "flat", "det", "amod") or t == token]
    parts = [t for t in parts if t.i <= token.i and token.i - t.i <= 3]
    if token.pos_ == "PROPN":
        parts = [t for t in parts if t.pos_ == "PROPN"]
    first = min((t.i for t in parts), default=token.i)
    return token.doc[first : token.i + 1]


def _speaker_span(token: Token | None) -> tuple[int | None, int | None]:
    """Where the speaker is mentioned: the subject's whole noun phrase ("Michael Mukasey, the former attorney
    general,"), as attribution corpora mark the source; `_name` keeps only the name."""
    if token is None:
        return None, None
    doc = token.doc
    end = min((c.left_edge.i for c in token.children if c.dep_ == "acl" and c.i > token.i and _is_cue(c)), default=token.right_edge.i + 1)
    span = doc[token.left_edge.i : end]  # "voters [saying ...]": the clause is what they said
    while len(span) > 1 and (span[-1].is_punct or span[-1].dep_ == "cc"):
        span = span[:-1]
    return span.start_char, span.end_char


def _cue_near(doc: Doc, start: int, end: int, inside: list[tuple[int, int]]) -> tuple[Token | None, Token | None]:
    """The reporting verb just after the quote, or else just before it, in the same paragraph."""
    paragraph_end = doc.text.find("\n", end)
    paragraph_end = len(doc.text) if paragraph_end < 0 else paragraph_end
    paragraph_start = doc.text.rfind("\n", 0, start) + 1
    after = doc.char_span(end, min(paragraph_end, end + 120), alignment_mode="expand")
    before = doc.char_span(max(paragraph_start, start - 200), start, alignment_mode="expand")
    for window, reverse in ((after, False), (before, True)):
        if window is None:
            continue
        tokens = list(window)
        for token in reversed(tokens) if reverse else tokens:
            if _within(token.idx, inside):
                break
            if _is_cue(token):
                subject = _subject(token)
                if subject is not None:
                    return token, subject
        if not reverse and any(t.text in ".!?" for t in tokens[:2]):
            continue
    return None, None


def _resolve_speakers(text: str, doc: Doc, quotes: list[Quote]) -> None:
    """Pronouns to the paragraph's named subject or the last named speaker; bare quote paragraphs continue it."""
    last_named: str | None = None
    for quote in quotes:
        speaker = quote.speaker
        if speaker is None and quote.direct and _starts_paragraph(text, quote.start):
            quote.speaker = last_named
        elif speaker is not None and speaker.lower() in PRONOUNS:
            quote.speaker = _paragraph_subject(text, doc, quote.start) or last_named
        if quote.speaker and quote.speaker.lower() not in PRONOUNS and quote.speaker[0].isupper():
            last_named = quote.speaker


def _starts_paragraph(text: str, position: int) -> bool:
    return position == 0 or text[position - 1] == "\n"


def _paragraph_subject(text: str, doc: Doc, position: int) -> str | None:
    """Who a pronoun most likely means: the last named subject earlier in its paragraph, or else the first named
    subject of the paragraph before (the person that paragraph introduced). Quoted words are not subjects."""
    start = text.rfind("\n", 0, position) + 1
    here = _named_subjects(doc, start, position)
    if here:
        return _name(here[-1])
    people = [e for e in doc.ents if e.label_ == "PERSON" and start <= e.start_char and e.end_char <= position]
    if people:
        return people[-1].text
    previous_end = text.rfind("\n", 0, max(start - 1, 0))
    previous_start = text.rfind("\n", 0, max(previous_end, 0)) + 1 if previous_end > 0 else 0
    before = _named_subjects(doc, previous_start, max(start - 1, previous_start))
    return _name(before[0]) if before else None


def _named_subjects(doc: Doc, start: int, end: int) -> list[Token]:
    span: Span | None = doc.char_span(start, end, alignment_mode="contract")
    if span is None:
        return []
    quoted = [(m.start() + start, m.end() + start) for m in QUOTE_SPAN.finditer(span.text)]
    excluded = ("GPE", "LOC", "NORP")
    return [
        t
        for t in span
        if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ == "PROPN" and t.ent_type_ not in excluded and not _within(t.idx, quoted)
    ]


def _full_names(doc: Doc) -> dict[str, str]:
    """Surname -> the longest person name ending in it in this article."""
    names: dict[str, str] = {}
    for ent in doc.ents:
        if ent.label_ in ("PERSON", "ORG") and len(ent) >= 2 and all(t.pos_ == "PROPN" for t in ent):
            last = ent[-1].text
            if len(ent.text) > len(names.get(last, "")):
                names[last] = ent.text
    return names


def _foreign_quotes(text: str, direct: list[tuple[int, int, str]]) -> list[Quote]:
    quotes: list[Quote] = []
    last_named: str | None = None
    for start, end, inner in direct:
        after = text[end : end + 100]
        paragraph = text[text.rfind("\n", 0, start) + 1 : start]
        match = FOREIGN_AFTER_NAME_FIRST.match(after) or FOREIGN_AFTER.match(after) or FOREIGN_BEFORE.search(paragraph[-200:])
        speaker = match.group(1) if match else None
        quote = Quote(inner, speaker, None, start, end)
        if match:
            offset = end if match.re is not FOREIGN_BEFORE else start - len(paragraph[-200:])
            quote.speaker_start, quote.speaker_end = offset + match.start(1), offset + match.end(1)
        pronoun = FOREIGN_PRONOUN_AFTER.match(after)
        if speaker is None and pronoun:
            named = CAPITALISED_NAME.search(paragraph)
            quote.speaker = named.group(1) if named else last_named
            quote.speaker_start, quote.speaker_end = end + pronoun.end() - len(pronoun.group(0).split()[-1]), end + pronoun.end()
        quotes.append(quote)
        speaker = quote.speaker
        last_named = speaker or last_named
    return quotes
