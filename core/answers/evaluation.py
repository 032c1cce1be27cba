"""Scoring the matcher on a question file: the figures of docs/eval.md and every miss."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from core.answers.catalogue import PAGE_SIZE
from core.answers.decision import Decision, Kind, Outcome
from core.answers.matcher import Matcher
from core.answers.replies import CLOSE, MAX_ALTERNATIVES, MAX_RELATED, about_entry, runners_up
from core.content.examples import Question


@dataclass(frozen=True, slots=True)
class Miss:
    """A question the matcher got wrong, with what it did instead."""

    question: Question
    got: str
    score: float


@dataclass
class Report:
    """Counts behind the figures; `rate` turns them into fractions."""

    in_scope: int = 0
    top1: int = 0
    top3: int = 0
    one_tap: int = 0
    """The right entry on top, or among the first choices the reply offers (one tap away)."""
    out_of_scope: int = 0
    declined: int = 0
    room_negatives: int = 0
    false_positives: int = 0
    room_positives: int = 0
    recalled: int = 0
    misses: list[Miss] = field(default_factory=list)

    @staticmethod
    def rate(part: int, whole: int) -> float:
        """part / whole, 1.0 for an empty whole (nothing to get wrong)."""
        return part / whole if whole else 1.0

    @property
    def top1_rate(self) -> float:
        return self.rate(self.top1, self.in_scope)

    @property
    def top3_rate(self) -> float:
        return self.rate(self.top3, self.in_scope)

    @property
    def one_tap_rate(self) -> float:
        return self.rate(self.one_tap, self.in_scope)

    @property
    def declined_rate(self) -> float:
        return self.rate(self.declined, self.out_of_scope)

    @property
    def private_rate(self) -> float:
        """Top-1 over every private question, out-of-scope ones counted when declined."""
        return self.rate(self.top1 + self.declined, self.in_scope + self.out_of_scope)

    @property
    def false_positive_rate(self) -> float:
        return self.rate(self.false_positives, self.room_negatives) if self.room_negatives else 0.0

    @property
    def recall(self) -> float:
        return self.rate(self.recalled, self.room_positives)

    def lines(self, t: Callable[..., str]) -> list[str]:
        """The figures and misses as printable lines, in the words `t` gives a text key
        (content/texts/cli.yaml)."""

        def share(key: str, hits: int, total: int, rate: float) -> str:
            return t(key, rate=f"{rate:.1%}", hits=hits, total=total)

        out = [
            t("cli.eval.private", count=self.in_scope + self.out_of_scope),
            share("cli.eval.top1", self.top1, self.in_scope, self.top1_rate),
            share("cli.eval.top3", self.top3, self.in_scope, self.top3_rate),
            share("cli.eval.one_tap", self.one_tap, self.in_scope, self.one_tap_rate),
            share("cli.eval.declined", self.declined, self.out_of_scope, self.declined_rate),
            t("cli.eval.overall", rate=f"{self.private_rate:.1%}"),
            t("cli.eval.room", count=self.room_negatives + self.room_positives),
            share(
                "cli.eval.false_positives",
                self.false_positives,
                self.room_negatives,
                self.false_positive_rate,
            ),
            share("cli.eval.recall", self.recalled, self.room_positives, self.recall),
            t("cli.eval.misses", count=len(self.misses)),
        ]
        nothing = t("cli.eval.nothing")
        for miss in self.misses:
            q = miss.question
            out.append(
                t(
                    "cli.eval.miss",
                    where=t("cli.eval.where.room" if q.room else "cli.eval.where.private"),
                    language=q.lang,
                    text=repr(q.text),
                    expected=", ".join(q.expect) or nothing,
                    got=miss.got or nothing,
                    score=f"{miss.score:.2f}",
                )
            )
        return out


def _got(decision: Decision) -> tuple[str, float]:
    best = decision.best
    if not decision.answered or best is None:
        return "", best.score if best else 0.0  # no answer: shown as cli.eval.nothing
    return best.id, best.score


def offered(matcher: Matcher, decision: Decision) -> list[str]:
    """The ids a reply puts one tap away: its answer, then the choices shown under it (the
    "did you mean" candidates, an FAQ answer's related entries, close catalogue entries); an
    "I don't know" shows the entry the question names, if any (core/answers/respond.py)."""
    matches = decision.matches
    if decision.outcome is Outcome.UNKNOWN and decision.about is not None:
        return [decision.about.id]
    if not decision.answered or not matches:
        return []
    top = matches[0]
    if decision.outcome is Outcome.UNSURE:
        return [m.id for m in matches[:MAX_ALTERNATIVES]]
    if top.kind is Kind.FAQ:
        entry = matcher.content.faq_entry(top.id)
        shown = [top.id, *(entry.related[:MAX_RELATED] if entry else [])]
        return [*shown, *(m.id for m in runners_up(matches, shown))]
    if top.kind is Kind.RESOURCE:
        close = [m for m in matches[1:] if m.kind is Kind.RESOURCE and m.score >= top.score - CLOSE]
        about = about_entry(matcher.content, top.id)
        return [top.id, *(m.id for m in close[:MAX_ALTERNATIVES]), *([about.id] if about else [])]
    if top.kind is Kind.CATEGORY:  # the listing shows its first page of entries in full
        entries = matcher.content.catalogue.entries
        return [top.id, *[r.id for r in entries if r.category == top.id][:PAGE_SIZE]]
    return [top.id]


def accepted(matcher: Matcher, expect: list[str]) -> frozenset[str]:
    """The ids that count as right: those expected, and the flow an expected FAQ entry
    starts (the matcher names that entry by its flow, and the person sees the same reply)."""
    flows = (matcher.content.faq_entry(ident) for ident in expect)
    return frozenset(expect) | {entry.start_flow for entry in flows if entry and entry.start_flow}


def evaluate(
    matcher: Matcher, questions: list[Question], decide: Callable[[str], Decision] | None = None
) -> Report:
    """Run every question through the private or the room policy and count. `decide` makes
    the private decision where more than the matcher decides (`lagerfeuer eval`: small talk
    and a crisis first, as in a chat); by default the matcher alone."""
    private = decide or matcher.decide
    report = Report()
    for question in questions:
        right = accepted(matcher, question.expect)
        if question.room:
            decision = matcher.decide_room(question.text)
            best = decision.best
            if question.expect:
                report.room_positives += 1
                ok = decision.answered and best is not None and best.id in right
                report.recalled += ok
            else:
                report.room_negatives += 1
                ok = not decision.answered
                report.false_positives += not ok
        else:
            decision = private(question.text)
            if question.expect:
                report.in_scope += 1
                ids = [m.id for m in decision.matches]
                ok = decision.answered and bool(ids) and ids[0] in right
                report.top1 += ok
                report.top3 += decision.answered and any(i in right for i in ids[:3])
                report.one_tap += any(i in right for i in offered(matcher, decision))
            else:
                report.out_of_scope += 1
                ok = not decision.answered
                report.declined += ok
        if not ok:
            got, score = _got(decision)
            report.misses.append(Miss(question, got, score))
    return report
