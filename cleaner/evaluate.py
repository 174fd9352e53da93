"""``cleaner eval``: measure ``Cleaner.fix`` on gold-annotated files or on (spun, original) pairs.

Gold markup: ``{{spun|original|other acceptable}}`` marks a spun stretch and what it should become;
``{{?spun|original}}`` marks an uncertain one (leaving it alone is fine too). A pair is turned into
the same segments by aligning the two texts word by word.

Everything is counted in words of the spun input, after aligning the cleaned output to it:

- a required segment is a hit (TP) when the output there equals one of its originals, else a miss (FN);
- a wrong edit (FP) is a segment changed to something that is not an original, or any change to text
  outside the segments (damage).

precision = TP / (TP + FP), recall = TP / (TP + FN), wrong edits per 1,000 input words, and word error
rate against the reference before and after, with the error reduction 1 - after / before.
"""
from __future__ import annotations

import difflib
import json
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import regex

from .apply import apply_suggestions
from .ocr_eval import cer_wer
from .suggestion import Applicability

WORD = regex.compile(r"\w+(?:['’´]\w+)*|[^\w\s]")
MARKUP = regex.compile(r"\{\{(\?)?([^{}|]*)\|([^{}]*)\}\}")


def words(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in WORD.finditer(text)]


def fold(w: str) -> str:
    return w.replace("’", "'").replace("‘", "'")


@dataclass
class Segment:
    """A stretch of input words [a, b) that should read as one of ``alts`` (token lists)."""

    a: int
    b: int
    spun: str
    alts: list[list[str]]
    alt_text: list[str]
    optional: bool = False


@dataclass
class Case:
    name: str
    spun: str
    segments: list[Segment]


@dataclass
class Score:
    words: int = 0
    tp: int = 0
    fn: int = 0
    wrong: int = 0
    partial: int = 0  # of the wrong edits: a segment left nearer its original than it was spun
    damage: int = 0
    errors_before: int = 0
    errors_after: int = 0
    ref_words: int = 0
    notes: list[str] = field(default_factory=list)

    def add(self, other: "Score") -> None:
        for k in ("words", "tp", "fn", "wrong", "partial", "damage", "errors_before", "errors_after", "ref_words"):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        self.notes.extend(other.notes)

    @property
    def fp(self) -> int:
        return self.wrong + self.damage

    def summary(self) -> dict:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        before = self.errors_before / max(1, self.ref_words)
        after = self.errors_after / max(1, self.ref_words)
        return {
            "words": self.words, "segments": self.tp + self.fn, "tp": self.tp, "fn": self.fn,
            "fp_wrong": self.wrong, "fp_damage": self.damage, "fp_partial": self.partial,
            "precision": round(p, 4), "recall": round(r, 4),
            "wrong_per_1000": round(1000 * self.fp / max(1, self.words), 2),
            "wer_before": round(before, 4), "wer_after": round(after, 4),
            "error_reduction": round(1 - after / before, 4) if before else 0.0,
        }


# --------------------------------------------------------------------------- reading cases

def parse_gold(name: str, text: str) -> Case:
    parts, spans, n, pos = [], [], 0, 0
    for m in MARKUP.finditer(text):
        before = text[pos:m.start()]
        parts.append(before)
        n += len(before)
        spun = m.group(2)
        spans.append((n, n + len(spun), spun, m.group(3).split("|"), bool(m.group(1))))
        parts.append(spun)
        n += len(spun)
        pos = m.end()
    parts.append(text[pos:])
    spun_text = "".join(parts)
    toks = words(spun_text)
    starts = [t[1] for t in toks]
    segs = []
    for s, e, sp, alts, opt in spans:
        import bisect

        a = bisect.bisect_left(starts, s)
        b = a
        while b < len(toks) and toks[b][2] <= e:
            b += 1
        if a == b:
            continue
        segs.append(Segment(a, b, sp, [[fold(w) for w, _, _ in words(x)] for x in alts], alts, opt))
    return Case(name, spun_text, segs)


def pair_case(name: str, spun: str, original: str) -> Case:
    st, ot = words(spun), words(original)
    sw, ow = [fold(t[0]) for t in st], [fold(t[0]) for t in ot]
    blocks: list[list[int]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, sw, ow, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if i1 == i2:  # words only in the original: attach them to a neighbouring spun word
            if i1 > 0:
                i1, j1 = i1 - 1, j1 - 1
            elif i2 < len(st):
                i2, j2 = i2 + 1, j2 + 1
            else:
                continue
        if blocks and i1 <= blocks[-1][1]:
            blocks[-1][1], blocks[-1][3] = max(blocks[-1][1], i2), max(blocks[-1][3], j2)
        else:
            blocks.append([i1, i2, j1, j2])
    segs = []
    for i1, i2, j1, j2 in blocks:
        # n spun words against n original words: n one-word substitutions
        pieces = [(i1 + k, i1 + k + 1, j1 + k, j1 + k + 1) for k in range(i2 - i1)] if i2 - i1 == j2 - j1 > 1 else [(i1, i2, j1, j2)]
        for a, b, c, d in pieces:
            want = original[ot[c][1]:ot[d - 1][2]] if c < d else ""
            segs.append(Segment(a, b, spun[st[a][1]:st[b - 1][2]], [ow[c:d]], [want]))
    return Case(name, spun, segs)


# --------------------------------------------------------------------------- scoring

def _levenshtein(x: list[str], y: list[str]) -> int:
    row = list(range(len(y) + 1))
    for i, u in enumerate(x, 1):
        prev, row[0] = row[0], i
        for j, v in enumerate(y, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (u != v))
    return row[-1]


def _distance(a: list[str], b: list[str]) -> int:
    """Word edit distance: exact for texts up to a few thousand words; for longer ones, exact inside
    each block difflib could not match (an upper bound that is almost always the same number)."""
    if len(a) * len(b) <= 4_000_000:
        return _levenshtein(a, b)
    total = 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            x, y = a[i1:i2], b[j1:j2]
            total += max(len(x), len(y)) if len(x) * len(y) > 250_000 else _levenshtein(x, y)
    return total


def score_case(case: Case, output: str) -> Score:
    iw = [fold(t[0]) for t in words(case.spun)]
    ow = [fold(t[0]) for t in words(output)]
    ops = difflib.SequenceMatcher(None, iw, ow, autojunk=False).get_opcodes()
    changes = [(i1, i2, j1, j2) for tag, i1, i2, j1, j2 in ops if tag != "equal"]

    def touches(lo: int, hi: int, i1: int, i2: int) -> bool:
        return i1 < hi and i2 > lo if i1 < i2 else lo <= i1 <= hi

    # regions: each segment grown by every change that touches it, overlapping regions merged
    regions: list[list] = []
    for seg in case.segments:
        lo, hi = seg.a, seg.b
        grown = True
        while grown:
            grown = False
            for i1, i2, _, _ in changes:
                if touches(lo, hi, i1, i2) and (i1 < lo or i2 > hi):
                    lo, hi, grown = min(lo, i1), max(hi, i2), True
        if regions and (lo < regions[-1][1] or lo == regions[-1][1] and any(
                touches(regions[-1][0], regions[-1][1], c[0], c[1]) and touches(lo, hi, c[0], c[1]) for c in changes)):
            regions[-1][1] = max(regions[-1][1], hi)
            regions[-1][2].append(seg)
        else:
            regions.append([lo, hi, [seg]])

    def out_words(lo: int, hi: int) -> list[str]:
        got: list[str] = []
        for tag, i1, i2, j1, j2 in ops:
            if tag == "equal":
                a, b = max(lo, i1), min(hi, i2)
                if a < b:
                    got.extend(ow[j1 + a - i1: j1 + b - i1])
            elif (i1 < hi and i2 > lo) if i1 < i2 else lo <= i1 <= hi:
                got.extend(ow[j1:j2])
        return got

    sc = Score(words=len(iw))
    ref: list[str] = []
    covered = [False] * len(iw)
    pos = 0
    for lo, hi, segs in regions:
        ref.extend(iw[pos:lo])
        covered[lo:hi] = [True] * (hi - lo)
        got = out_words(lo, hi)
        # the region as a sequence of fixed gaps and segments
        pieces: list[tuple[str, object]] = []
        q = lo
        for s in segs:
            if s.a > q:
                pieces.append(("gap", iw[q:s.a]))
            pieces.append(("seg", s))
            q = s.b
        if hi > q:
            pieces.append(("gap", iw[q:hi]))
        outcome = _assign(tuple(range(len(pieces))), pieces, got, iw)
        for (kind, item), (what, text, start, end) in zip(pieces, outcome):
            if kind == "gap":
                ref.extend(item)
                if what == "changed":
                    sc.wrong += 1
                    sc.notes.append(f"{case.name}: wrong edit {' '.join(item)!r} -> {' '.join(got[start:end])!r}")
                continue
            seg = item
            if what == "correct":
                ref.extend(seg.alts[text])
                if not seg.optional:
                    sc.tp += 1
                continue
            ref.extend(iw[seg.a:seg.b] if seg.optional else seg.alts[0])
            if not seg.optional:
                sc.fn += 1
                sc.notes.append(f"{case.name}: miss {seg.spun!r} -> {' '.join(got[start:end])!r} (want {' | '.join(seg.alt_text)!r})")
            if what == "wrong":
                sc.wrong += 1
                out, spun = got[start:end], iw[seg.a:seg.b]
                if not seg.optional and min(_distance(out, a) for a in seg.alts) < min(_distance(spun, a) for a in seg.alts):
                    sc.partial += 1  # e.g. "well being chiefs stated" -> "health chiefs said" for "health leaders said"
                if seg.optional:
                    sc.notes.append(f"{case.name}: wrong edit {seg.spun!r} -> {' '.join(got[start:end])!r} (optional; want {' | '.join(seg.alt_text)!r})")
        pos = hi
    ref.extend(iw[pos:])
    for i1, i2, j1, j2 in changes:
        if i1 < i2:
            hit = any(covered[i1:i2])
        else:
            hit = (i1 < len(iw) and covered[i1]) or (i1 > 0 and covered[i1 - 1])
        if not hit:
            sc.damage += 1
            sc.notes.append(f"{case.name}: damage {' '.join(iw[i1:i2])!r} -> {' '.join(ow[j1:j2])!r}")
    sc.ref_words = len(ref)
    sc.errors_before = _distance(iw, ref)
    sc.errors_after = _distance(ow, ref)
    return sc


def _assign(order: tuple[int, ...], pieces, got: list[str], iw: list[str]):
    """Split the output words of a region among its pieces, scoring (hits, -wrong) best."""
    n = len(got)

    @lru_cache(maxsize=None)
    def best(i: int, j: int):
        if i == len(pieces):
            return ((0, 0), ()) if j == n else ((-10**9, 0), ())
        kind, item = pieces[i]
        options = []
        if kind == "gap":
            k = j + len(item)
            if got[j:k] == list(item):
                options.append(((0, 0), ("kept", None, j, k), k))
            for k in range(j, n + 1):
                options.append(((0, -1), ("changed", None, j, k), k))
        else:
            for idx, alt in enumerate(item.alts):
                k = j + len(alt)
                if got[j:k] == alt:
                    options.append((((0 if item.optional else 1), 0), ("correct", idx, j, k), k))
            k = j + (item.b - item.a)
            if got[j:k] == iw[item.a:item.b]:
                options.append(((0, 0), ("unchanged", None, j, k), k))
            for k in range(j, n + 1):
                options.append(((0, -1), ("wrong", None, j, k), k))
        top = None
        for gain, what, k in options:
            (h, w), rest = best(i + 1, k)
            total = (h + gain[0], w + gain[1])
            if top is None or total > top[0]:
                top = (total, (what,) + rest)
        return top

    return best(0, 0)[1]


# --------------------------------------------------------------------------- command

def _read(path: str) -> str:
    return Path(path).read_text(encoding="utf-8-sig")


def run_eval(args, cleaner) -> int:
    cases: list[Case] = []
    status = 0
    for path in args.gold:
        try:
            cases.append(parse_gold(path, _read(path)))
        except (OSError, UnicodeDecodeError) as e:
            print(f"{path}: cannot read ({getattr(e, 'strerror', None) or e})", file=sys.stderr)
            status = 2
    truths: dict[str, str] = {}  # pairs: the original, for character error rates
    for spun, original in args.pair:
        try:
            truth = _read(original)
            cases.append(pair_case(spun, _read(spun), truth))
            truths[cases[-1].name] = truth
        except (OSError, UnicodeDecodeError) as e:
            print(f"{spun} / {original}: cannot read ({getattr(e, 'strerror', None) or e})", file=sys.stderr)
            status = 2
    if not cases:
        if status == 0:
            print("cleaner eval: give gold files or --pair SPUN ORIGINAL", file=sys.stderr)
        return 2
    total = Score()
    per_file = {}
    tiers = {t.name.lower(): Score() for t in (Applicability.SAFE, Applicability.REVIEW, Applicability.DISPLAY)}
    rates: dict[str, dict] = {}
    for case in cases:
        fixed = cleaner.fix(case.spun, unsafe=args.unsafe)
        sc = score_case(case, fixed)
        per_file[case.name] = sc.summary()
        if case.name in truths:
            rates[case.name] = cer_wer(case.spun, truths[case.name], fixed)
        total.add(sc)
        if args.tiers:
            suggestions = cleaner.analyse(case.spun).suggestions
            for t in (Applicability.SAFE, Applicability.REVIEW, Applicability.DISPLAY):
                chosen = [s for s in suggestions if s.applicability is t and s.replacement is not None]
                tiers[t.name.lower()].add(score_case(case, apply_suggestions(case.spun, chosen)))
    result = {"total": total.summary(), "files": per_file}
    if rates:
        result["error_rates"] = {**rates, "total": _pooled(rates.values())}
    if args.tiers:
        result["tiers"] = {name: {"edits": s.tp + s.fp, "tp": s.tp, "fp": s.fp,
                                  "precision": s.summary()["precision"] if s.tp + s.fp else None}
                           for name, s in tiers.items()}
    if args.format == "json":
        if args.show:
            result["notes"] = total.notes
        print(json.dumps(result, indent=2))
        return status
    if args.show:
        for note in total.notes:
            print(note)
    for name, s in per_file.items():
        print(_line(name, s))
    if len(per_file) > 1:
        print(_line("total", result["total"]))
    for name, r in result.get("error_rates", {}).items():
        if name != "total" or len(rates) > 1:
            print(f"{name}: CER {r['cer_before']:.4f} -> {r['cer_after']:.4f} (reduction {100 * r['cer_reduction']:.1f}%), "
                  f"WER {r['wer_before']:.4f} -> {r['wer_after']:.4f} against the original")
    if args.tiers:
        for name, t in result["tiers"].items():
            p = "-" if t["precision"] is None else f"{t['precision']:.3f}"
            print(f"tier {name:7} edits {t['edits']:5}  correct {t['tp']:5}  wrong {t['fp']:5}  precision {p}")
    return status


def _pooled(rates) -> dict:
    """Character and word error rates over several pairs, each weighted by its length."""
    rates = list(rates)
    chars, words = sum(r["chars"] for r in rates), sum(r["words"] for r in rates)
    out = {"chars": chars, "words": words}
    for k, n in (("cer", chars), ("wer", words)):
        weight = "chars" if k == "cer" else "words"
        for when in ("before", "after"):
            out[f"{k}_{when}"] = sum(r[f"{k}_{when}"] * r[weight] for r in rates) / max(1, n)
        b, a = out[f"{k}_before"], out[f"{k}_after"]
        out[f"{k}_reduction"] = (b - a) / b if b else 0.0
    return out


def _partial(s: dict) -> str:
    n = s.get("fp_partial", 0)
    return f"; {n} of them partial repairs, nearer the original than before" if n else ""


def _line(name: str, s: dict) -> str:
    return (f"{name}: {s['words']} words, {s['segments']} spun segments; precision {s['precision']:.3f} "
            f"recall {s['recall']:.3f}; wrong edits {s['fp_wrong'] + s['fp_damage']} "
            f"({s['wrong_per_1000']:.2f} per 1,000 words{_partial(s)}); WER {s['wer_before']:.4f} -> {s['wer_after']:.4f} "
            f"(error reduction {100 * s['error_reduction']:.1f}%)")
