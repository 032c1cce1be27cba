"""Choosing a starter plan's entries: scored by the chosen tags, within the limits that the plan
step's rules in content set for the answers given (what to avoid, how many, how many alike)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from core.content.model import Catalogue, Kind, Resource

SAME_CATEGORY_PENALTY = 0.25
"""Each entry already picked from a category lowers the next one's score by this much."""

COVERED_FACTOR = 0.5
"""A chosen tag that an entry already in the plan has counts this much for the next entries,
so that every channel someone picked shows up before a second entry of the same sort."""

KEEP_ABOVE = 1 / 3
"""Past the minimum, entries join the plan while they score at least this share of the best."""


@dataclass(frozen=True, slots=True)
class Limits:
    """What the answers rule out of a plan: entries with an avoided tag or kind, more than
    `most` entries, more than `per_kind` entries of one kind (None: no limit)."""

    avoid_tags: frozenset[str] = frozenset()
    avoid_kinds: frozenset[Kind] = frozenset()
    most: int | None = None
    per_kind: int | None = None

    def allows(self, entry: Resource) -> bool:
        """Whether `entry` may be in the plan at all."""
        return entry.kind not in self.avoid_kinds and not self.avoid_tags.intersection(entry.tags)

    @staticmethod
    def combine(parts: Iterable[Limits]) -> Limits:
        """Every avoided tag and kind of `parts`, and the smallest of their sizes."""
        tags: set[str] = set()
        kinds: set[Kind] = set()
        most: int | None = None
        per_kind: int | None = None
        for part in parts:
            tags |= part.avoid_tags
            kinds |= part.avoid_kinds
            most = _smaller(most, part.most)
            per_kind = _smaller(per_kind, part.per_kind)
        return Limits(frozenset(tags), frozenset(kinds), most, per_kind)


def _smaller(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else min(a, b)


def recommend(
    catalogue: Catalogue,
    weights: Mapping[str, int],
    low: int,
    high: int,
    limits: Limits = Limits(),
) -> list[Resource]:
    """Best entries first, `low` to `high` of them (fewer where `limits` say so), one at a time.

    An entry scores the weights of its tags; tags already covered by the plan count less
    and each category already in the plan costs a little, so the plan covers what was
    chosen. Never empty while an allowed entry exists: with no tag matching at all it
    still offers `low` entries, from different categories where it can.
    """
    if limits.most is not None:
        high = min(high, limits.most)
    low = min(low, high)
    # entries alike score alike: each group competes through its first remaining entry
    groups = {
        key: list(members)
        for key, members in _alike(catalogue).items()
        if key[2] not in limits.avoid_kinds and not limits.avoid_tags.intersection(key[0])
    }
    picked: list[Resource] = []
    covered: set[str] = set()
    per_category: dict[str, int] = {}
    per_kind: dict[Kind, int] = {}
    top: float | None = None

    def gain(tags: frozenset[str], category: str, _: Kind) -> float:
        score = sum(weights.get(t, 0) * (COVERED_FACTOR if t in covered else 1.0) for t in tags)
        return score - SAME_CATEGORY_PENALTY * per_category.get(category, 0)

    while groups and len(picked) < high:
        # ties go to the entry matching more in itself, then to the catalogue's order
        score, _, _, key = max(
            (gain(*key), sum(weights.get(t, 0) for t in key[0]), -members[0][0], key)
            for key, members in groups.items()
        )
        if top is None:
            top = score
        if len(picked) >= low and (score <= 0 or score < top * KEEP_ABOVE):
            break
        best = groups[key].pop(0)[1]
        picked.append(best)
        covered.update(best.tags)
        per_category[best.category] = per_category.get(best.category, 0) + 1
        per_kind[best.kind] = per_kind.get(best.kind, 0) + 1
        if limits.per_kind is not None and per_kind[best.kind] >= limits.per_kind:
            groups = {k: members for k, members in groups.items() if k[2] is not best.kind}
        groups = {k: members for k, members in groups.items() if members}
    return picked


_Alike = tuple[frozenset[str], str, Kind]
_last_grouped: list[tuple[Catalogue, dict[_Alike, list[tuple[int, Resource]]]]] = []


def _alike(catalogue: Catalogue) -> dict[_Alike, list[tuple[int, Resource]]]:
    """The catalogue's entries grouped by tags, category and kind (which decide an entry's
    score and whether limits allow it), each with its position; kept for the last catalogue,
    so a plan costs its picks times the groups, not the entries."""
    if _last_grouped:
        last, groups = _last_grouped[0]
        if last is catalogue and sum(map(len, groups.values())) == len(catalogue.entries):
            return groups
    groups = {}
    for position, entry in enumerate(catalogue.entries):
        key = (frozenset(entry.tags), entry.category, entry.kind)
        groups.setdefault(key, []).append((position, entry))
    _last_grouped[:] = [(catalogue, groups)]
    return groups


def only_in_other_languages(entry: Resource, lang: str, languages: Mapping[str, str]) -> list[str]:
    """The language tags of `entry` when none of them is `lang`'s (`languages`: language ->
    its tag); empty when the entry is in `lang` or says nothing about its language."""
    own = languages.get(lang)
    tags = [tag for tag in languages.values() if tag in entry.tags]
    if own is None or not tags or own in tags:
        return []
    return tags
