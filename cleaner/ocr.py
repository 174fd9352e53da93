"""OCR post-correction, as suggestions. Pure: text in, suggestions out.

What it repairs, and how it decides (a noisy channel: language model x error model):

* words that are not words ("tbe", "shaU", "qnite", "wou1d"): candidates are the real words that
  OCR confusions (rn/m, h/b, e/o, u/n, U/ll, 1/l ...; data/ocr_confusions.tsv) or, for long words,
  one plain edit turn into the token;
* rare real words that one confusion makes out of a very common word ("tho", "aud", "bo", "iu"):
  questioned only there, and changed only when the bigram context prefers the common word;
* lost spaces ("ofthe") and split words ("govern ment");
* end-of-line hyphenation ("infor-\\nmation"): the word is joined on the first line and the line
  break follows it, so every other line keeps its place;
* long s and ligatures (always expanded).

Each option (keep the token, or a candidate) is scored over the same window of words, so the
scores compare; the confidence is the best option's share of the probability mass. What the
engine applies by default is only what clears the safe threshold. Left alone by design: words in
capitals, capitalised words inside a sentence (names), numbers, words with digits that do not look
like misread letters, anything next to URL or code punctuation, and words the lexicon knows
(including old spellings the lexicon lacks but that no cheap confusion turns into a commoner word).
"""
from __future__ import annotations

import bisect
import math
import re
import string
import unicodedata
from collections import Counter
from functools import lru_cache

from .casing import transfer_case
from .ocr_model import BIGRAMS, CONFUSIONS, LEXICON, Model, model
from .suggestion import Suggestion, tier_for

WORD = re.compile(r"[A-Za-z0-9\u017f\ufb00-\ufb06]+(?:['’][A-Za-z]+)*")
HYPHEN = re.compile(
    r"([A-Za-z\u017f\ufb00-\ufb06]+)-[ \t]*(\r?\n)([ \t]*)([a-z\u017f\ufb00-\ufb06][A-Za-z\u017f\ufb00-\ufb06]*)"
    r"([.,;:!?)\]\"'’”]*)([ \t]*)(\r?\n|$)?"
)
SPECIAL = re.compile("[\u017f\ufb00-\ufb06]")
NUMBER_UNIT = re.compile(r"\d+[A-Za-z]{1,2}|[A-Za-z]{1,3}\d+|.*\d.*\d.*")
CODE_BEFORE = set("/@_\\#$%&=+<>~^*`|")
CODE_AFTER = set("/@_\\(=<>~^*`|[{")
OPENERS = set(" \t\r\n\"“‘'([")

SPLIT_COST = 3.0  # a lost space
JOIN_COST = 3.5  # a space OCR inserted inside a word
REALWORD_PENALTY = 2.5  # a real word needs stronger evidence than a non-word
PRIOR_MIN, PRIOR_MAX = 2.0, 7.0  # bounds of -ln(per-word error rate) estimated from the document
ALTERNATIVE_FLOOR = 0.05

ORIGIN_WORDS = f"{CONFUSIONS} + {LEXICON} + {BIGRAMS}"
ORIGIN_SPACES = f"{LEXICON} + {BIGRAMS}"


def suggest(text: str) -> list[Suggestion]:
    """OCR corrections for ``text``, non-overlapping, sorted by offset."""
    m = model()
    found: list[Suggestion] = []
    taken: list[tuple[int, int]] = []
    if "-\n" in text or "-\r\n" in text:
        found += _hyphenation(text, m, taken)
    if "\u2018" in text:
        found += _stray_quotes(text)
    found_tokens = WORD.findall(text)
    tokens = Counter(found_tokens)
    suspects = {t for t in tokens if _suspect(t, m)}
    if suspects:
        prior = _error_prior(tokens, m)
        long_s = _printed_with_long_s(suspects, m)
        if long_s:  # real words printed with long s ("fee" for see, "fame" for same) are suspects too
            suspects |= {t for t in tokens if t not in suspects and t[:1].islower() and _real_long_s(_key(t), m)}
        blocks = sorted(taken)
        bi = 0
        pos = 0
        for tok in found_tokens:
            if tok not in suspects:
                continue
            s = _locate(text, tok, pos)
            if s < 0:
                continue
            e = s + len(tok)
            pos = e
            while bi < len(blocks) and blocks[bi][1] <= s:
                bi += 1
            if bi < len(blocks) and blocks[bi][0] < e:
                continue
            if "'" in tok or "’" in tok:  # correct the word before a possessive or contraction
                core = re.split("['’]", tok, maxsplit=1)[0]
                if not _suspect(core, m):
                    continue
                tok, e = core, s + len(core)
            sug = _word(text, s, e, tok, m, prior, long_s)
            if sug is not None:
                found.append(sug)
    return _resolve(found)


def clear_caches() -> None:
    """Forget per-word results (benchmarks time a cold start with this)."""
    model().clear_caches()
    for f in (_derived, _historical, _long_s, _token, _settled, _options):
        f.cache_clear()


# ---------------------------------------------------------------------- what to look at

_WORDCHAR = re.compile(r"[A-Za-z0-9\u017f\ufb00-\ufb06]")


def _locate(text: str, tok: str, pos: int) -> int:
    """Start of the next occurrence of ``tok`` at or after ``pos`` that WORD would match as a whole.

    Tokens come from WORD.findall in order, and every token between ``pos`` and this one differs
    from ``tok``, so the first whole-token occurrence is this one.
    """
    while True:
        s = text.find(tok, pos)
        if s < 0:  # WORD split the text where the whole-token test does not ("a'ſb"): leave it alone
            return -1
        e = s + len(tok)
        before = text[s - 1] if s > 0 else " "
        after = text[e] if e < len(text) else " "
        ok_before = not _WORDCHAR.match(before) and not (
            before in "'’" and s > 1 and _WORDCHAR.match(text[s - 2]) and tok[0].isalpha())
        ok_after = not _WORDCHAR.match(after) and not (
            after in "'’" and e + 1 < len(text) and text[e + 1].isascii() and text[e + 1].isalpha())
        if ok_before and ok_after:
            return s
        pos = s + 1


def _key(word: str) -> str:
    return word.lower().replace("’", "'")


def _expand(word: str) -> str:
    """Long s and ligatures as plain letters."""
    return SPECIAL.sub(lambda c: unicodedata.normalize("NFKC", c.group()), word)


def _known(key: str, m: Model) -> bool:
    if key in m.valid:
        return True
    base, apos, _ = key.partition("'")
    return bool(apos) and base in m.valid


def _suspect(tok: str, m: Model) -> bool:
    if SPECIAL.search(tok):
        return True
    if not tok.replace("'", "").replace("’", "").isalpha():
        if tok.isdigit() or NUMBER_UNIT.fullmatch(tok) or not any(d in tok for d in "015"):
            return False
        return sum(c.isalpha() for c in tok) >= 2
    if len(tok) > 1 and tok.isupper():
        return False
    key = _key(tok)
    return key in m.realword or not _known(key, m)


def _error_prior(tokens: Counter, m: Model) -> float:
    """-ln of the share of words that look damaged: clean text earns a high bar, bad OCR a low one."""
    n = unknown = 0
    for t, c in tokens.items():
        n += c
        if t[:1].islower() and _key(t) not in m.freq and "'" not in t:
            unknown += c
    rate = (unknown + 1) / (n + 50)
    return min(PRIOR_MAX, max(PRIOR_MIN, -math.log(rate)))


def _sentence_start(text: str, s: int) -> bool:
    j = s - 1
    while j >= 0 and text[j] in OPENERS:
        j -= 1
    if j < 0 or text[j] in ".!?:":
        return True
    gap = text[j + 1:s]
    return gap.count("\n") >= 2


def _code_like(text: str, s: int, e: int) -> bool:
    if s > 0 and (text[s - 1] in CODE_BEFORE or text[s - 1] == "." and s > 1 and text[s - 2].isalnum()):
        return True
    if e < len(text) and (text[e] in CODE_AFTER or text[e] == "." and e + 1 < len(text) and text[e + 1].isalnum()):
        return True
    if e < len(text) and text[e] == "-" or s > 0 and text[s - 1] == "-":
        return True  # parts of hyphenated compounds are the hyphenation pass's business
    if _OPTION_AFTER.match(text, e):
        return True  # a command with an option ("ls -l", "grep --count")
    return False


_OPTION_AFTER = re.compile(r"[ \t]+--?[A-Za-z]")


_NEIGHBOUR_BEFORE = re.compile(r"([A-Za-z]+(?:['’][A-Za-z]+)*)([ \t]+)$")
_NEIGHBOUR_AFTER = re.compile(r"([ \t]+)([A-Za-z]+(?:['’][A-Za-z]+)*)")
_ANY_BEFORE = re.compile(r"([A-Za-z]+(?:['’][A-Za-z]+)*)\s+$")
_ANY_AFTER = re.compile(r"\s+([A-Za-z]+(?:['’][A-Za-z]+)*)")


def _before(text: str, s: int):
    """(word, start, same line) of the word just before ``s`` across white space only, else None.

    What ``_ANY_BEFORE.search(text, max(0, s - 60), s)`` finds, read backwards from ``s``
    (the regex tries every start in the window; this looks at the few characters that matter)."""
    lo = max(0, s - 60)
    i = s
    while i > lo and text[i - 1].isspace():
        i -= 1
    if i == s or i == lo or text[i - 1] not in _ASCII_LETTERS:
        return None
    j = i - 1
    while j > lo:
        c = text[j - 1]
        if c in _ASCII_LETTERS or c in "'’" and j - 2 >= lo and text[j - 2] in _ASCII_LETTERS:
            j -= 1
        else:
            break
    return text[j:i], j, "\n" not in text[i:s]


_ASCII_LETTERS = frozenset(string.ascii_letters)


def _after(text: str, e: int):
    mt = _ANY_AFTER.match(text, e, min(len(text), e + 60))
    return (mt.group(1), mt.end(1), "\n" not in mt.group(0)) if mt else None


# ---------------------------------------------------------------------- decide one word


def _word(text: str, s: int, e: int, tok: str, m: Model, prior: float, long_s_print: bool = False) -> Suggestion | None:
    if _code_like(text, s, e):
        return None
    norm, special, key, capitalised, name_may_be_long_s, long_s = _token(tok, m, long_s_print)
    named = capitalised and not _sentence_start(text, s)
    if named and not name_may_be_long_s:
        # a capitalised word inside a sentence is a name, unless it is a common word printed
        # with long s ("the Houfe of Commons", "Mifs Woodhoufe": 18th-century capitalised nouns)
        return _special_only(s, e, tok, norm) if special else None
    if _settled(key, m, bool(long_s)):
        return _special_only(s, e, tok, norm) if special else None
    cands, splits, open_word = _options(tok, m, long_s_print, named)

    before = _before(text, s)
    after = _after(text, e)
    prev = _key(before[0]) if before else None
    nxt = _key(after[0]) if after else None
    pp_ = _before(text, before[1]) if before else None
    nn_ = _after(text, after[1]) if after else None
    pp = _key(pp_[0]) if pp_ else None
    nn = _key(nn_[0]) if nn_ else None

    # Every option is scored over the window [prev] mid [nxt], between pp and nn (``m.chain``). The
    # terms that do not involve ``mid`` are the same for every option: they are worked out once,
    # and added in chain's order, so each score is the float chain would return.
    logp = m.logp
    head = 0.0 + logp(prev, pp) if prev else 0.0  # chain's total after [prev]
    tail = logp(nn, nxt) if nxt and nn is not None else None  # chain's last term

    # option -> (score, kind, span start, span end, replacement words)
    keep = head + logp(key, prev)
    if nxt:
        keep += logp(nxt, key)
    if tail is not None:
        keep += tail
    options: list[tuple[float, str, int, int, str]] = [(keep, "keep", s, e, tok)]

    for c, cost in cands:
        score = head + logp(c, prev)
        if nxt:
            score += logp(nxt, c)
        if tail is not None:
            score += tail
        options.append((score - cost - prior, "confusion", s, e, c))

    if open_word:
        for a, b in splits:
            score = head + logp(a, prev) + logp(b, a)
            if nxt:
                score += logp(nxt, b)
            if tail is not None:
                score += tail
            options.append((score - SPLIT_COST - prior, "split", s, e, a + " " + b))
        if after and after[2] and after[0].islower():
            j = key + _key(after[0])
            if j in m.valid:
                mid = [j]
                words = ([prev] if prev else []) + mid
                # the same window as ``keep`` ([prev] key nxt, between pp and nn), so scores compare
                score = m.chain(words, pp if prev else None, nn) - JOIN_COST - prior
                options.append((score, "join", s, after[1], j))
        if before and before[2]:
            j = prev + key
            if j in m.valid:
                pp2 = pp if prev else None
                score = m.chain([j] + ([nxt] if nxt else []), pp2, nn if nxt else None) - JOIN_COST - prior
                options.append((score, "join", before[1], e, j))

    if len(options) == 1:
        return _special_only(s, e, tok, norm) if special else None
    top = max(o[0] for o in options)
    weights = [math.exp(o[0] - top) for o in options]
    total = sum(weights)
    ranked = sorted(zip(weights, options), key=lambda x: -x[0])
    best_w, best = ranked[0]
    if best[1] == "keep":
        return _special_only(s, e, tok, norm) if special else None
    confidence = best_w / total
    _, kind, a, b, words = best
    original = text[a:b]
    replacement = transfer_case(_expand(original), words)
    alternatives = tuple(
        transfer_case(_expand(text[o[2]:o[3]]), o[4])
        for w, o in ranked[1:]
        if o[1] != "keep" and (o[2], o[3]) == (a, b) and w / total >= ALTERNATIVE_FLOOR
    )
    what = {"confusion": "mis-read letters", "split": "a lost space", "join": "a word split in two"}[kind]
    message = f"“{original}” looks like OCR damage ({what}) of “{replacement}”"
    if special:
        message += "; long s / ligature expanded"
    return Suggestion(
        start=a, end=b, original=original, replacement=replacement, confidence=confidence,
        applicability=tier_for(confidence), rule=f"ocr:{kind}",
        origin=ORIGIN_WORDS if kind == "confusion" else ORIGIN_SPACES, message=message,
        alternatives=alternatives,
    )


@lru_cache(maxsize=50_000)
def _token(tok: str, m: Model, long_s_print: bool):
    """What :func:`_word` knows of ``tok`` before looking at its neighbours.

    (plain-letter form, whether that differs, key, capitalised, whether a capitalised one may still
    be a common word printed with long s, the long-s readings and their costs)."""
    norm = _expand(tok)
    key = _key(norm)
    long_s = _long_s(key, m) if long_s_print and "f" in key else None
    if long_s and key in m.valid:
        long_s = {c: cost + REALWORD_PENALTY for c, cost in long_s.items()}
    return norm, norm != tok, key, norm[:1].isupper(), bool(long_s and norm[1:].islower()), long_s


@lru_cache(maxsize=50_000)
def _settled(key: str, m: Model, long_s: bool) -> bool:
    """Whether ``key`` (with no long-s reading when ``long_s`` is false) is left as it is anywhere:
    a word the lexicon knows that no confusion questions, or one it lacks that is a derived form
    or an old spelling."""
    return _known(key, m) and not m.realword.get(key) and not long_s or key not in m.freq and not long_s \
        and (_derived(key, m) or _historical(key, m))


@lru_cache(maxsize=50_000)
def _options(tok: str, m: Model, long_s_print: bool, named: bool):
    """The candidates :func:`_word` scores for ``tok``, whatever its neighbours.

    (candidate words with their error costs, in the order they are scored; lost-space splits
    (head, tail); whether ``tok`` is open to splits and joins: a lower-case or sentence-initial
    word the lexicon lacks)."""
    norm, _, key, _, _, long_s = _token(tok, m, long_s_print)
    realword = m.realword.get(key)
    cands: dict[str, float] = {}
    if named:
        # only the long-s reading, and dearer than for a lower-case word: names stay unless the
        # context wants the common word
        cands = {c: cost + NAMED_COST for c, cost in long_s.items()}
    elif realword:
        for c, cost in realword.items():
            cands[c] = cost + (REALWORD_PENALTY if key in m.valid else 0.0)
    if long_s and not named:
        for c, cost in long_s.items():
            cands[c] = min(cost, cands.get(c, math.inf))
    if key not in m.valid and not named:
        cands_conf = m.confusion_candidates(norm)
        for c, cost in cands_conf.items():
            cands[c] = min(cost, cands.get(c, math.inf))
        if norm.isalpha():  # one unlisted edit too (long words only): "contol" has confusion candidates, none right
            for c, cost in m.edit_candidates(key).items():
                cands.setdefault(c, cost)
    cands.pop(key, None)
    open_word = key not in m.valid and norm.isalpha() and not named
    splits = []
    if open_word:
        for i in range(1, len(key)):
            a, b = key[:i], key[i:]
            if (a in FUNCTION_WORDS or b in FUNCTION_WORDS) and _splittable(a, m) and _splittable(b, m):
                splits.append((a, b))
    return tuple(cands.items()), tuple(splits), open_word


# A word the lexicon lacks but that is a known stem plus a productive suffix ("formatters",
# "accessors", "executables") is a valid word, not a lost space or a misreading.
_SUFFIXES = ("s", "es", "ed", "d", "ing", "er", "ers", "or", "ors", "ly", "ness", "able", "ably", "ment", "ments",
             "ation", "ations", "ist", "ists", "ism", "ize", "izes", "ized", "ise", "ises", "ised", "ity", "al",
             "ful", "less", "ship", "like", "wise")
_PREFIXES = ("un", "re", "non", "pre", "sub", "co", "de", "dis", "mis", "over", "under", "anti", "inter", "multi", "self")
# the same, by last (first) letter: a key is only tried against the affixes it can end (start) with
_SUFFIXES_BY_LAST: dict[str, tuple[str, ...]] = {
    ch: tuple(x for x in _SUFFIXES if x[-1] == ch) for ch in {x[-1] for x in _SUFFIXES}}
_PREFIXES_BY_FIRST: dict[str, tuple[str, ...]] = {
    ch: tuple(x for x in _PREFIXES if x[0] == ch) for ch in {x[0] for x in _PREFIXES}}


@lru_cache(maxsize=50_000)
def _derived(key: str, m: Model) -> bool:
    valid = m.valid
    for suf in _SUFFIXES_BY_LAST.get(key[-1:], ()):
        if key.endswith(suf) and len(key) - len(suf) >= 4:
            stem = key[: -len(suf)]
            if stem in valid or stem + "e" in valid or stem[-1] == stem[-2] and stem[:-1] in valid \
                    or stem.endswith("i") and stem[:-1] + "y" in valid:
                return True
    for pre in _PREFIXES_BY_FIRST.get(key[:1], ()):
        if key.startswith(pre) and len(key) - len(pre) >= 4 and key[len(pre):] in valid:
            return True
    return False


# Early modern English spellings: u/v and i/j used by position, y for i, a final e,
# doubled consonants, -ck, -'d. A word that one or two of these make into a real word is an old
# spelling, not OCR damage ("iudgement", "beene", "vpon", "haue", "lov'd").
_HISTORICAL = (("u", "v"), ("v", "u"), ("i", "j"), ("y", "i"), ("i", "y"), ("ie", "y"), ("ck", "c"),
               ("ck", "k"), ("'d", "ed"), ("'d", "d"))


HISTORICAL_MIN_FREQ = 2e-6  # the modern word an old spelling stands for is a common one


@lru_cache(maxsize=50_000)
def _historical(key: str, m: Model) -> bool:
    valid, freq = m.valid, m.freq
    frontier = {key}
    if key.endswith("e"):
        frontier.add(key[:-1])
    for _ in range(2):
        nxt: set[str] = set()
        add = nxt.add
        for w in frontier:
            for a, b in _HISTORICAL:
                if a in w:
                    i = w.find(a)
                    while i >= 0:
                        add(w[:i] + b + w[i + len(a):])
                        i = w.find(a, i + 1)
            last = ""
            for i, c in enumerate(w):
                if c == last and c.isalpha():
                    add(w[:i] + w[i + 1:])
                last = c
        if any(v in valid and len(v) > 2 and freq[v] >= HISTORICAL_MIN_FREQ for v in nxt | frontier - {key}):
            return True
        frontier = nxt
    return False


# Long s (ſ), which printers used for s except at the end of a word until about 1800, is read by
# OCR as "f": "moft", "fuch", "Houfe", "Commiffion". A word the lexicon lacks that turns into a
# common word when some of its inner f's are s is read that way first.
LONG_S_COST = 2.0  # per f read back as s
LONG_S_MIN_FREQ = 1e-6
NAMED_COST = 2.0  # a capitalised word inside a sentence may be a name
LONG_S_EVIDENCE = 3  # distinct such words a text must hold before any is read that way


def _printed_with_long_s(suspects: set[str], m: Model) -> bool:
    """Whether the text shows long-s printing: several distinct words the lexicon lacks that read as
    common words with f as s. Modern text has next to none (2 in 1.8 million words of clean prose,
    "liftings" and "Fing"), so there the reading is never tried."""
    seen = 0
    for t in suspects:
        key = _key(t)
        if "f" in key and key not in m.valid and _long_s(key, m):
            seen += 1
            if seen >= LONG_S_EVIDENCE:
                return True
    return False


def _real_long_s(key: str, m: Model) -> bool:
    return "f" in key[:-1] and key in m.valid and bool(_long_s(key, m))


@lru_cache(maxsize=50_000)
def _long_s(key: str, m: Model) -> dict[str, float]:
    """The common words that ``key`` is with some of its non-final f's read as s, and their cost."""
    where = [i for i, ch in enumerate(key[:-1]) if ch == "f"]
    if not where or len(where) > 4:
        return {}
    out: dict[str, float] = {}
    for mask in range(1, 1 << len(where)):
        chars = list(key)
        n = 0
        for bit, i in enumerate(where):
            if mask >> bit & 1:
                chars[i] = "s"
                n += 1
        cand = "".join(chars)
        if cand in m.valid and m.freq.get(cand, 0.0) >= LONG_S_MIN_FREQ:
            out[cand] = LONG_S_COST * n
    return out


def _splittable(part: str, m: Model) -> bool:
    return part in m.valid and (len(part) > 1 or part in ("a", "i"))


# OCR loses the space next to a short function word ("ofthe", "inthe", "tobe"); two content words
# run together are far more often a real compound ("webserver", "hostname", "bugfixes") than a lost space.
FUNCTION_WORDS = frozenset("""a an the of in on at to by for from with as and or but nor if so than that this these those
is are was were be been am it its he she we they you i his her our their my me him us them not no do does did
has have had will would can could shall should may might must there here which who whom whose what when where""".split())


def _special_only(s: int, e: int, tok: str, norm: str) -> Suggestion:
    rule = "ocr:long-s" if "\u017f" in tok else "ocr:ligature"
    return Suggestion(
        start=s, end=e, original=tok, replacement=norm, confidence=0.99,
        applicability=tier_for(0.99), rule=rule, origin="unicodedata (NFKC of the character)",
        message=f"“{tok}”: {'long s' if rule == 'ocr:long-s' else 'ligature'} written as plain letters",
    )


# ---------------------------------------------------------------------- hyphenation


_WORD_END = re.compile(r"[A-Za-z\u017f\ufb00-\ufb06]+$")


def _hyphen_matches(text: str):
    i = text.find("-")
    while i >= 0:
        j = i + 1
        while j < len(text) and text[j] in " \t\r":
            j += 1
        if j < len(text) and text[j] == "\n":
            w = _WORD_END.search(text, max(0, i - 60), i)
            if w:
                mt = HYPHEN.match(text, w.start())
                if mt:
                    yield mt
        i = text.find("-", i + 1)


def _hyphenation(text: str, m: Model, taken: list[tuple[int, int]]) -> list[Suggestion]:
    out = []
    for mt in _hyphen_matches(text):
        a, nl, indent, b, punct, spaces, eol = mt.groups()
        taken.append((mt.start(1), mt.end(4)))
        ka, kb = _key(_expand(a)), _key(_expand(b))
        joined = ka + kb
        if joined not in m.valid:
            continue
        if _known(ka, m) and _known(kb, m) and len(ka) > 1 and len(kb) > 1:
            # both halves are words: a real compound ("self-contained") unless the joined word is
            # far likelier than the pair
            pair = m.logp(ka, None) + m.logp(kb, ka)
            if m.logp(joined, None) < pair + math.log(20):
                continue
            confidence = 0.9
        else:
            confidence = 0.97
        word = _expand(a + b)
        if eol is not None:  # the second line held only the word's end: it is emptied
            end = mt.end(6)
            replacement = word + punct
        else:
            end = mt.end(6)
            replacement = word + punct + nl + indent
        start = mt.start(1)
        out.append(Suggestion(
            start=start, end=end, original=text[start:end], replacement=replacement,
            confidence=confidence, applicability=tier_for(confidence), rule="ocr:hyphenation",
            origin=LEXICON,
            message=f"“{a}-” + “{b}” at a line break joined as “{word}” (the line break follows it)",
        ))
    return out


# ---------------------------------------------------------------------- stray quote marks

# An opening single quote glued to the start of a word, where no closing quote follows in the
# paragraph: Tesseract reads specks and serifs before a word that way ("‘The", "‘240").
_OPENING = re.compile(r"(?:(?<=\s)|^)\u2018(?=[A-Za-z0-9])")
_CLOSING = re.compile(r"[\u2019'](?![A-Za-z])")
QUOTE_REACH = 400  # characters in which a real quotation closes


def _stray_quotes(text: str) -> list[Suggestion]:
    out = []
    for mt in _OPENING.finditer(text):
        s = mt.start()
        para = text.find("\n\n", s)
        stop = min(len(text) if para < 0 else para, s + QUOTE_REACH)
        if _CLOSING.search(text, s + 1, stop):
            continue  # a quotation (or a plural possessive; left alone either way)
        out.append(Suggestion(
            start=s, end=s + 1, original=text[s], replacement="", confidence=0.92,
            applicability=tier_for(0.92), rule="ocr:stray-quote", origin="ocr.py",
            message="“‘” before a word with no closing quote after it: a speck read as a quote mark",
        ))
    return out


# ---------------------------------------------------------------------- overlaps


def _resolve(found: list[Suggestion]) -> list[Suggestion]:
    """Keep the most confident of overlapping suggestions."""
    starts: list[int] = []
    ends: list[int] = []
    kept: list[Suggestion] = []
    for sug in sorted(found, key=lambda x: -x.confidence):
        i = bisect.bisect_right(starts, sug.start)
        if i and ends[i - 1] > sug.start or i < len(starts) and starts[i] < sug.end:
            continue
        starts.insert(i, sug.start)
        ends.insert(i, sug.end)
        kept.append(sug)
    return sorted(kept, key=lambda x: (x.start, x.end))
