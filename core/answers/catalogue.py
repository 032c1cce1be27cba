"""Browsing and searching the catalogue: categories as choices, pages, tag filters, search.

Choice values stay short for Telegram's 64-byte callback data: `cat:<category>:<page>:<tag>`
for a listing, `res:<id>` for one entry.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from core.answers.listing import ALL, CATEGORIES, Listing
from core.answers.matcher import Matcher
from core.answers.replies import Speaker, entry_links, entry_text
from core.answers.terms import fold
from core.content.model import Catalogue, Resource
from core.kernel.assistant import Actions, Registry, Turn
from core.kernel.commands import Prefix
from core.kernel.messages import Choice, Reply

PAGE_SIZE = 5
MAX_FILTERS = 4
SEARCH_LIMIT = 5


def entries_reply(turn: Speaker, header: str, resources: Sequence[Resource]) -> Reply:
    """Several entries under a header, with their links."""
    body = "\n\n".join(entry_text(turn, r) for r in resources)
    return Reply(turn.chat, f"{header}\n\n{body}", links=entry_links(resources))


def categories_reply(turn: Speaker, key: str = "catalogue.choose_category", **params: str) -> Reply:
    """The categories as choices."""
    choices = tuple(
        Choice(category.title.get(turn.lang), Listing(category.id).value())
        for category in turn.content.catalogue.categories
    )
    return Reply(turn.chat, turn.t(key, **params), choices=choices)


class CatalogueService:
    """`resources`, `search` and the `cat`/`res` choices."""

    def __init__(self, matcher_for: Callable[[Turn], Awaitable[Matcher]]) -> None:
        self.matcher_for = matcher_for

    def install(self, registry: Registry) -> None:
        """Register the commands and choices."""
        registry.command("resources", self.resources)
        registry.command("search", self.search)
        registry.choice(Prefix.CATALOGUE, self.listing_choice)
        registry.choice(Prefix.RESOURCE, self.entry_choice)

    async def resources(self, turn: Turn, args: str) -> Actions:
        words = args.split()
        if not words:
            return [categories_reply(turn)]
        catalogue = turn.content.catalogue
        category, tag, rest = ALL, "", []
        for word in words:
            found_category = _category_for(catalogue, word)
            found_tag = _tag_for(catalogue, word)
            if found_category and category == ALL:
                category = found_category
            elif found_tag and not tag:
                tag = found_tag
            else:
                rest.append(word)
        if rest or (category == ALL and not tag):
            return await self.search(turn, args)
        return [listing_reply(turn, Listing(category, 0, tag))]

    async def listing_choice(self, turn: Turn, value: str) -> Actions:
        if value == CATEGORIES:
            return [categories_reply(turn)]
        listing = Listing.parse(value)
        if listing is None:
            return [turn.reply("common.choice_expired")]
        return [listing_reply(turn, listing)]

    async def entry_choice(self, turn: Turn, value: str) -> Actions:
        resource = turn.content.resource(value.partition(":")[2])
        if resource is None:
            return [turn.reply("common.choice_expired")]
        return [Reply(turn.chat, entry_text(turn, resource), links=entry_links([resource]))]

    async def search(self, turn: Turn, args: str) -> Actions:
        query = args.strip()
        if not query:
            return [turn.reply("catalogue.search_usage")]
        catalogue = turn.content.catalogue
        tags = [t for t in (_tag_for(catalogue, w) for w in query.split()) if t]
        matches = (await self.matcher_for(turn)).search(query, limit=len(catalogue.entries))
        found = [turn.content.resource(m.id) for m in matches]
        resources = [r for r in found if r is not None]
        if tags:
            filtered = [r for r in resources if all(t in r.tags for t in tags)]
            if not filtered:
                filtered = [r for r in catalogue.entries if all(t in r.tags for t in tags)]
            resources = filtered
        if not resources:
            return [categories_reply(turn, "catalogue.search_none", query=query)]
        header = turn.t("catalogue.search_results", query=query)
        return [entries_reply(turn, header, resources[:SEARCH_LIMIT])]


def listing_reply(turn: Speaker, listing: Listing) -> Reply:
    """One page of a category (or of everything), filtered by at most one tag; also the
    answer to a question a category answers (core/answers/matcher.py, Kind.CATEGORY)."""
    catalogue = turn.content.catalogue
    titles = {c.id: c.title.get(turn.lang) for c in catalogue.categories}
    if listing.category != ALL and listing.category not in titles:
        return categories_reply(turn)
    if listing.tag and listing.tag not in catalogue.tags:
        listing = Listing(listing.category, 0, "")
    unfiltered = [r for r in catalogue.entries if listing.category in (ALL, r.category)]
    chosen = [r for r in unfiltered if not listing.tag or listing.tag in r.tags]
    pages = max(1, -(-len(chosen) // PAGE_SIZE))
    page = min(listing.page, pages - 1)
    shown = chosen[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    title = titles.get(listing.category) or turn.t("catalogue.everything")
    header = title
    if listing.tag:
        header = turn.t(
            "catalogue.filtered", title=title, tag=catalogue.tags[listing.tag].get(turn.lang)
        )
    if pages > 1:
        header += " " + turn.t("catalogue.page", page=page + 1, pages=pages)
    if not shown:
        reply = Reply(turn.chat, f"{header}\n\n{turn.t('catalogue.empty')}")
    else:
        reply = entries_reply(turn, header, shown)
    choices: list[Choice] = []
    if page + 1 < pages:
        more = Listing(listing.category, page + 1, listing.tag)
        choices.append(Choice(turn.t("catalogue.more"), more.value()))
    if listing.tag:
        cleared = Listing(listing.category, 0, "")
        choices.append(Choice(turn.t("catalogue.clear_filter"), cleared.value()))
    else:
        for tag in _useful_tags(catalogue, unfiltered)[:MAX_FILTERS]:
            label = turn.t("catalogue.only", tag=catalogue.tags[tag].get(turn.lang))
            choices.append(Choice(label, Listing(listing.category, 0, tag).value()))
    choices.append(Choice(turn.t("catalogue.back"), CATEGORIES))
    return Reply(reply.chat, reply.text, choices=tuple(choices), links=reply.links)


def _category_for(catalogue: Catalogue, word: str) -> str | None:
    wanted = fold(word)
    for category in catalogue.categories:
        if wanted in (category.id, fold(category.title.de), fold(category.title.en)):
            return category.id
    return None


def _tag_for(catalogue: Catalogue, word: str) -> str | None:
    wanted = fold(word)
    for tag, label in catalogue.tags.items():
        if wanted in (tag, fold(label.de), fold(label.en)):
            return tag
    return None


def _useful_tags(catalogue: Catalogue, resources: Sequence[Resource]) -> list[str]:
    """Tags that split the listing (on some entries, not all), one per kind of tag first.

    The kind is the id's first part (`audience-staff` -> `audience`), so the first buttons
    offer different filters (an audience, in person, a language) rather than three audiences.
    """
    splitting = [
        tag for tag in catalogue.tags if 0 < sum(tag in r.tags for r in resources) < len(resources)
    ]
    first: list[str] = []
    seen: set[str] = set()
    for tag in splitting:
        kind = tag.split("-", 1)[0]
        if kind not in seen:
            seen.add(kind)
            first.append(tag)
    return first + [tag for tag in splitting if tag not in first]
