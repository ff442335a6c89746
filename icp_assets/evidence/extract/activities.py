"""What a company does, read from its own words: its statement of activities ranked
against SSIC 2020 with TF-IDF (scikit-learn).

Each 5-digit SSIC code is a document: its title (twice: it is the most specific text),
what its detailed definition says the sub-class includes (its exclusions and cross
references are left out: they name other codes' activities), and the lines of the
official activity index classified under it. A company's text is read the way a person
reads an annual report or an About page:

- **Boilerplate is dropped**: sentences about the financial statements, accounting
  policies and standards, notes, the registered office, the listing, the board, going
  concern and the like say nothing about what the company does.
- **Corporate structure is set aside**: "investment holding", "holding company",
  "management services to its subsidiaries" describe how a group is organised, not its
  market. They become the holding code (``HOLDING_CODE``) only when nothing else is said.
- **The company's own name is removed**, so "Orchid Retail" is not floristry.
- **Clauses are ranked apiece**: "trading of chemicals, printing and water treatment"
  names three activities; each clause is matched on its own, and the company's codes are
  the best of each clause, one code a division, at most ``MAX_CODES``.

The confidence of a code is its cosine similarity to the company's clauses, scaled so
that a clause which restates the code's title scores near ``MAX_CONFIDENCE``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import TfidfVectorizer

from icp_assets.crawl.personal_data import NAME_PLACEHOLDER
from icp_assets.evidence.extract.titles import classify_title
from icp_assets.normalize import normalize_company_name
from icp_assets.reference.ssic import HOLDING_CODES, read_ssic_activities, read_ssic_codes

#: At most this many codes are read for one company.
MAX_CODES = 3
#: How much a text's likeness to one line of a code (its title, one activity of the
#: index) counts against its likeness to the code's whole document.
LINE_WEIGHT = 0.6
#: How much of a code's score is left when a text has none of its title's words.
TITLE_FLOOR = 0.5
#: The weight of the divisions a clause's kind of activity points to (trading: 46).
PREFERRED_DIVISION_BOOST = 1.8
#: Below this cosine similarity a clause names no SSIC activity.
MIN_SIMILARITY = 0.07
#: Similarity at which a code's confidence reaches ``MAX_CONFIDENCE``.
FULL_SIMILARITY = 0.55
MAX_CONFIDENCE = 0.85
#: A code whose score is below this share of the best code's is not kept.
MIN_SHARE_OF_BEST = 0.35
#: The code a company gets when all it says is that it holds investments.
HOLDING_CODE = "64202"
HOLDING_CONFIDENCE = 0.45
#: What the subsidiaries or the group do counts, a little less than the company itself.
GROUP_SENTENCE_WEIGHT = 0.8
#: Each later clause of a sentence counts this much less than the one before.
CLAUSE_DECAY = 0.95
#: A line this short that reads as a job title is about a person, not the business.
MAX_PERSON_LINE_WORDS = 8
#: A listed part with this few content words and no "of" is a bare verb ("design").
MAX_BARE_VERB_STEMS = 2

# Sentences that are about the accounts, the listing or the company's paperwork.
_BOILERPLATE_RE = re.compile(
    r"financial statements?|accounting (?:policies|standards|policy)|financial reporting"
    r"|\bsfrs\b|\bifrs|\bfrs\b|basis of (?:preparation|measurement|consolidation)"
    r"|historical cost|functional currency|presentation currency|authori[sz]ed for issue"
    r"|board of directors|registered office|principal place of business|\bdomiciled\b"
    r"|listed on|\bsgx\b|stock exchange|securities trading|listing (?:manual|rules)"
    r"|(?:set out|disclosed|described|stated|listed|shown|given) (?:in|under) (?:the )?notes?\b"
    r"|going concern|subsequent (?:developments|events)|material uncertaint|cash company"
    r"|\brule \d|ultimate holding|immediate holding|holding company (?:is|was)"
    r"|incorporated (?:in|and)|statement of (?:financial position|changes|compliance)"
    r"|reporting (?:year|period)|there (?:have|has) been no (?:significant )?changes?"
    r"|war in|economic conditions|interpretations|companies act|rounded to|judgements"
    r"|disposed of|shareholding|share capital|waiver|mainboard|catalist|branch office"
    r"|\bcall us\b|\bcall \+?\d|\bwrite to\b|\bcontact us\b|\be-?mail us\b",
    re.IGNORECASE,
)
# Headings after which an annual report's notes are all accounting.
_NOTES_START_RE = re.compile(
    r"\b(?:\d+(?:\.\d+)?\s+)?(?:summary of )?significant accounting policies\b"
    r"|\b\d+(?:\(a\))?\s+basis of preparation\b",
    re.IGNORECASE,
)
# "(Note 6)", "(see notes 16 and 17)": references, not words about the business.
_NOTE_REFERENCE_RE = re.compile(r"\((?:see )?notes? [^)]{0,30}\)", re.IGNORECASE)
# Where a statement of activities says what they are: what follows is the activities.
_ACTIVITY_CUE_RE = re.compile(
    r"\bprincipal activit(?:y|ies)\b[^.;]*?\b(?:is|are|was|were|consists?|comprises?|"
    r"includes?|relates?|involves?)\b(?:\s+(?:of|in|to)\b)?"
    r"(?:\s+(?:those|that)(?:\s+(?:of|relating to|related to)\b)?)?"
    r"|\b(?:is|are)\s+(?:primarily |principally |mainly |chiefly )?(?:engaged|involved)\s+in\b"
    r"|\bin the business of\b|\bcore business(?:es)? (?:is|are|includes?)\b",
    re.IGNORECASE,
)
# Corporate structure, not a market: set aside, remembered.
_HOLDING_RE = re.compile(
    r"\binvestment[- ]holdings?\b|\bholding compan(?:y|ies)\b|\binvestment compan(?:y|ies)\b"
    r"|\b(?:(?:the )?(?:provision of|providing)\s+(?:corporate |group )?|(?:corporate|group) )"
    r"management services\b(?! to (?:clients|customers))"
    r"|\bmanagement services to (?:its |the )?(?:subsidiar\w+|group companies|related compan\w+)"
    r"|\binvestments? in (?:subsidiar\w+|associates?)\b",
    re.IGNORECASE,
)
# Where a sentence turns to whom the company serves, not what it does.
_SERVING_RE = re.compile(
    r"\b(?:serv(?:e|es|ing)|clients?|customers?|industries|sectors?|trusted by|helps?|"
    r"helping|built for|designed for|made for|solutions? for|partners?|integrat\w*)\b",
    re.IGNORECASE,
)
_GROUP_RE = re.compile(r"\bsubsidiar\w+|\bthe group\b|\bassociated compan|\bjoint venture", re.I)
# Sentence ends: a stop and a space, except after the abbreviations of company names.
_SENTENCE_RE = re.compile(
    r"(?<!\bpte)(?<!\bltd)(?<!\bco)(?<!\bno)(?<!\binc)(?<!\bbhd)(?<!\bsdn)(?<!\be\.g)(?<!\bi\.e)"
    r"(?<=[.;!?])\s+|\n+",
    re.IGNORECASE,
)
# Clause breaks inside a sentence of activities: "X; Y", "X, Y", "X, as well as Y".
_CLAUSE_RE = re.compile(r";|,\s*(?:and\s+|as well as\s+)?|\s+as well as\s+")
_MANUFACTURING = frozenset(f"{n:02d}" for n in range(10, 34))
_SELLING = (frozenset({"46"}), frozenset({"47"}))
# The kinds of activity companies name in their own words: the classification's word for
# it, added to the clause, and the divisions the kind belongs to.
_ACTIVITY_KINDS: tuple[tuple[re.Pattern[str], str, frozenset[str]], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), words, divisions)
    for pattern, words, divisions in (
        (
            r"\btrad(?:e|ing|er|ers)\b|\bimport\w*|\bexport\w*|\bdistribut\w*"
            r"|\bsuppl(?:y|ier)\w*(?![- ]chain)",
            "wholesale",
            frozenset({"46"}),
        ),
        (r"\bretail\w*|\bshops?\b|\bstores?\b|\boutlets?\b", "retail sale", frozenset({"47"})),
        (
            r"\bmanufactur\w*|\bproduc(?:e|es|ing|tion)\b|\bfabricat\w*|\bmakers?\b",
            "manufacture",
            _MANUFACTURING,
        ),
        (r"\bmaintenance\b|\boverhaul\w*|\bservicing\b", "repair and maintenance", frozenset()),
        (
            r"\bcontractors?\b|\bbuilders?\b|\bbuilding works\b|\bconstruction\b",
            "construction",
            frozenset({"41", "42", "43"}),
        ),
        (
            r"\bproperty develop|\bdevelop\w* (?:of )?(?:residential|commercial|properties)",
            "real estate development",
            frozenset({"41", "68"}),
        ),
    )
)


_WORD_RE = re.compile(r"[a-z0-9]+")
_STOPWORD_TEXT = """
    a an and or of the for to in on by with from at as its their our we us is are be
    been was were this that these those it which who other others than not also such n e
    c nec eg e g i ie etc including include includes excluding except mainly related
    relating principal activity activities company companies group subsidiaries
    subsidiary business businesses consist consists consisting involved primarily
    engaged provide provides providing provision range wide various well like per sub
    class offer offers offering run runs running operate operates operating singapore
    asia southeast region regional global international worldwide local leading
"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_SUFFIXES = (
    ("ations", ""),
    ("ation", ""),
    ("ments", ""),
    ("ment", ""),
    ("ings", ""),
    ("ing", ""),
    ("ies", "y"),
    ("ers", ""),
    ("er", ""),
    ("es", ""),
    ("s", ""),
    ("ed", ""),
)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def stem(word: str) -> str:
    """A crude, consistent stem: the same on both sides is what matching needs."""
    word = word.removesuffix("'s")
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + replacement
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def analyze(text: str) -> list[str]:
    """The stems of the content words of ``text``, in order."""
    words = _WORD_RE.findall(_fold(text).replace("e-commerce", "ecommerce"))
    return [stem(w) for w in words if w not in _STOPWORDS and not w.isdigit() and len(w) > 1]


def _stems_and_bigrams(text: str) -> list[str]:
    stems = analyze(text)
    return stems + [f"{a} {b}" for a, b in zip(stems, stems[1:], strict=False)]


_DEFINITION_EXCLUDES_RE = re.compile(
    r"\b(?:this (?:sub-?class|class|group) )?(?:also )?excludes?\b.*", re.IGNORECASE | re.DOTALL
)


def _included_part(definition: str) -> str:
    """What a definition says its sub-class includes, without what it excludes."""
    return _DEFINITION_EXCLUDES_RE.sub(" ", definition or "")


# "(excluding online marketplaces)", "(except games and cybersecurity)", "n.e.c.": words
# of a title or an activity line that name what its code is not, or nothing at all.
_TITLE_EXCLUDES_RE = re.compile(
    r"\(\s*(?:excluding|except)\b[^)]*\)|\bexcept\b.*$|\bn\.e\.c\.(?!\w)", re.IGNORECASE
)


def matched_title(title: str) -> str:
    """The words of a code's title or activity line that say what the code is."""
    return " ".join(_TITLE_EXCLUDES_RE.sub(" ", title).split())


@dataclass(frozen=True)
class RankedCode:
    code: str
    title: str
    score: float
    #: The clause of the company's text that this code was read from.
    clause: str


class ActivityRanker:
    """5-digit SSIC codes ranked against a text by TF-IDF cosine similarity."""

    def __init__(
        self,
        documents: dict[str, str],
        titles: dict[str, str],
        lines: dict[str, Sequence[str]] | None = None,
    ) -> None:
        self.codes = list(documents)
        self.titles = titles
        self._vectorizer = TfidfVectorizer(
            analyzer=_stems_and_bigrams, sublinear_tf=True, norm="l2", dtype=np.float32
        )
        self._matrix = self._vectorizer.fit_transform([documents[c] for c in self.codes])
        # Each code's own lines (its title, its activity-index lines), so that a code
        # with many activities is found by the one that matches, not diluted by the rest.
        lines = lines or {code: [titles[code]] for code in self.codes}
        row_of = {code: row for row, code in enumerate(self.codes)}
        owned = [(row_of[code], line) for code in self.codes for line in lines.get(code, ())]
        self._line_rows = np.array([row for row, _ in owned], dtype=np.int64)
        self._lines = self._vectorizer.transform([line for _, line in owned])
        self._division_of = np.array([code[:2] for code in self.codes])
        # Each code's title words, weighted by how rare they are: a text that lacks the
        # rare words of a title ("online marketplaces for health services") is less of it.
        vocabulary = self._vectorizer.vocabulary_
        idf = self._vectorizer.idf_
        rows, cols, weights = [], [], []
        for row, code in enumerate(self.codes):
            stems = {s for s in analyze(matched_title(titles[code])) if s in vocabulary}
            total = sum(idf[vocabulary[s]] for s in stems) or 1.0
            for s in stems:
                rows.append(row)
                cols.append(vocabulary[s])
                weights.append(idf[vocabulary[s]] / total)
        self._titles = csr_matrix((weights, (rows, cols)), shape=(len(self.codes), len(idf)))

    @classmethod
    def from_reference(cls) -> ActivityRanker:
        subclasses = [c for c in read_ssic_codes() if c.level == "subclass"]
        titles = {c.code: c.title for c in subclasses}
        definitions = {c.code: _included_part(c.definition or "") for c in subclasses}
        activities: dict[str, list[str]] = {code: [] for code in titles}
        for code, activity in read_ssic_activities():
            if code in activities:
                activities[code].append(matched_title(activity))
        documents = {
            code: "\n".join(
                [matched_title(title)] * 2 + [definitions.get(code, ""), *activities[code]]
            )
            for code, title in titles.items()
        }
        lines = {code: [matched_title(title), *activities[code]] for code, title in titles.items()}
        return cls(documents, titles, lines)

    def similarities(self, text: str) -> np.ndarray:
        """How much ``text`` reads like each code, in ``self.codes`` order: the cosine
        similarity to its document, lowered by the share of its title's (idf-weighted)
        words that ``text`` lacks."""
        vector = self._vectorizer.transform([text])
        cosine = (self._matrix @ vector.T).toarray().ravel()
        line_cosine = (self._lines @ vector.T).toarray().ravel()
        best_line = np.zeros(len(self.codes), dtype=np.float32)
        np.maximum.at(best_line, self._line_rows, line_cosine)
        cosine = np.maximum(cosine, LINE_WEIGHT * best_line)
        present = (vector > 0).astype(np.float32)
        coverage = (self._titles @ present.T).toarray().ravel()
        return cosine * (TITLE_FLOOR + (1.0 - TITLE_FLOOR) * coverage)

    def rank(
        self, text: str, limit: int = MAX_CODES, prefer: frozenset[str] = frozenset()
    ) -> list[RankedCode]:
        """The codes most like ``text``, best first, one a division; codes of the
        ``prefer`` divisions count ``PREFERRED_DIVISION_BOOST`` times more."""
        scores = self.similarities(text)
        if prefer:
            scores = scores * np.where(
                np.isin(self._division_of, list(prefer)), PREFERRED_DIVISION_BOOST, 1.0
            )
        ranked: list[RankedCode] = []
        seen_divisions: set[str] = set()
        for index in np.argsort(-scores):
            score = float(scores[index])
            if score < MIN_SIMILARITY or len(ranked) >= limit:
                break
            code = self.codes[index]
            if code[:2] in seen_divisions or code in HOLDING_CODES:
                # Corporate structure is read from the wording (``HOLDING_CODE``).
                continue
            seen_divisions.add(code[:2])
            ranked.append(RankedCode(code, self.titles[code], score, text))
        return ranked


@functools.lru_cache(maxsize=1)
def activity_ranker() -> ActivityRanker:
    """The ranker over the project's SSIC 2020 files, built once per process."""
    return ActivityRanker.from_reference()


@dataclass(frozen=True)
class Clause:
    #: The company's words, as written.
    words: str
    #: What is ranked: the words with their kind of activity in the classification's terms.
    text: str
    weight: float
    #: The divisions its kind of activity points to.
    prefer: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Statement:
    """A company's text reduced to the clauses that say what it does."""

    clauses: tuple[Clause, ...]
    #: Whether the text says the company holds investments or manages a group.
    holding: bool


def _without_names(text: str, names: Iterable[str]) -> str:
    for name in sorted({n.strip() for n in names if n and len(n.strip()) >= 3}, key=len)[::-1]:
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", " ", text, flags=re.IGNORECASE)
    return text


def _name_variants(names: Iterable[str]) -> list[str]:
    """The names as written and normalized (legal form and punctuation dropped)."""
    variants: list[str] = []
    for name in names:
        if name and name.strip():
            variants += [name.strip(), normalize_company_name(name)]
    return variants


def _activity_clauses(sentence: str) -> list[str]:
    """The activities a sentence lists. A part that names no object of its own ("the
    design, manufacture and distribution of sound cards") joins the next one."""
    clauses: list[str] = []
    pending = ""
    for part in _CLAUSE_RE.split(sentence):
        part = part.strip(" .,:;()")
        part = part[4:] if part.lower().startswith("and ") else part
        if not analyze(part):
            continue
        part = f"{pending} {part}".strip()
        if len(analyze(part)) <= MAX_BARE_VERB_STEMS and " of " not in f" {part} ":
            pending = part
            continue
        clauses.append(part)
        pending = ""
    if pending:
        clauses.append(pending)
    return clauses


def _kinds(clause: str) -> tuple[str, frozenset[str]]:
    """The clause in the classification's words, and the divisions its kind of activity
    points to (none when it names several kinds that point elsewhere). A maker that
    also sells what it makes is classified by what it makes: "design, manufacture and
    distribution of sound cards" is manufacturing. "Importers and exporters of timber"
    is wholesale of timber: the kind's own words are replaced, as they mean other things
    elsewhere ("import, export and credit insurance")."""
    kinds = []
    for pattern, word, divisions in _ACTIVITY_KINDS:
        if pattern.search(clause):
            clause = pattern.sub(" ", clause)
            kinds.append((word, divisions))
    if any(divisions == _MANUFACTURING for _, divisions in kinds):
        kinds = [(w, d) for w, d in kinds if d not in _SELLING]
    words = " ".join([clause, *(word for word, _ in kinds)])
    pointed = [divisions for _, divisions in kinds if divisions]
    return words, pointed[0] if len(pointed) == 1 else frozenset()


def _is_person_line(sentence: str) -> bool:
    """A line about a person ("[name], Head of Supply Chain", "Chief Financial Officer"):
    the role of someone at the company, never what the company does."""
    if NAME_PLACEHOLDER in sentence:
        return True
    return len(sentence.split()) <= MAX_PERSON_LINE_WORDS and classify_title(sentence) is not None


def read_statement(text: str, company_names: Sequence[str] = ()) -> Statement:
    """The clauses of ``text`` that describe activities, boilerplate and names removed.

    When the text states its principal activities (an annual report does), only those
    statements are read; otherwise every sentence that is not boilerplate."""
    notes = _NOTES_START_RE.search(text)
    if notes:
        text = text[: notes.start()]
    text = _NOTE_REFERENCE_RE.sub(" ", _without_names(text, _name_variants(company_names)))
    sentences = [" ".join(s.split()) for s in _SENTENCE_RE.split(text)]
    sentences = [
        s for s in sentences if s and not _BOILERPLATE_RE.search(s) and not _is_person_line(s)
    ]
    holding = any(_HOLDING_RE.search(s) for s in sentences)
    stated = [s for s in sentences if _ACTIVITY_CUE_RE.search(s)]
    clauses: list[Clause] = []
    for sentence in stated or sentences:
        if not stated and (serving := _SERVING_RE.search(sentence)):
            # What follows "we serve" / "for ... customers" is the customers' industry.
            sentence = sentence[: serving.start()]
        weight = GROUP_SENTENCE_WEIGHT if _GROUP_RE.search(sentence) else 1.0
        if cue := _ACTIVITY_CUE_RE.search(sentence):
            sentence = sentence[cue.end() :]
        sentence = _HOLDING_RE.sub(" ", sentence)
        for position, part in enumerate(_activity_clauses(sentence)):
            # The first activity a company names is most often its main one.
            ranked_text, prefer = _kinds(part)
            clauses.append(Clause(part, ranked_text, weight * CLAUSE_DECAY**position, prefer))
    return Statement(tuple(clauses), holding)


@dataclass(frozen=True)
class ActivityCode:
    code: str
    title: str
    confidence: float
    #: The company's words it was read from.
    words: str
    #: 1 for the company's strongest code, then 2, 3.
    rank: int = 1


def _confidence(score: float) -> float:
    return round(min(MAX_CONFIDENCE, MAX_CONFIDENCE * score / FULL_SIMILARITY), 3)


def read_activities(
    text: str,
    company_names: Sequence[str] = (),
    ranker: ActivityRanker | None = None,
    limit: int = MAX_CODES,
) -> list[ActivityCode]:
    """The SSIC codes of what a company says it does, best first, at most ``limit`` and
    one a division: ``HOLDING_CODE`` alone when it only says it holds investments."""
    ranker = ranker or activity_ranker()
    statement = read_statement(text, company_names)
    best: dict[str, tuple[float, RankedCode, Clause]] = {}
    for clause in statement.clauses:
        for ranked in ranker.rank(clause.text, limit, clause.prefer):
            division = ranked.code[:2]
            score = ranked.score * clause.weight
            if division not in best or score > best[division][0]:
                best[division] = (score, ranked, clause)
    ordered = sorted(best.values(), key=lambda found: (-found[0], found[1].code))
    if not ordered:
        if statement.holding:
            title = ranker.titles.get(HOLDING_CODE, "Other holding companies")
            return [ActivityCode(HOLDING_CODE, title, HOLDING_CONFIDENCE, "investment holding")]
        return []
    top = ordered[0][0]
    kept = [found for found in ordered[:limit] if found[0] >= MIN_SHARE_OF_BEST * top]
    return [
        ActivityCode(ranked.code, ranked.title, _confidence(score), clause.words, rank)
        for rank, (score, ranked, clause) in enumerate(kept, 1)
    ]
