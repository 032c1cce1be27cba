"""The commands every assistant has: start/help with the main menu, language, privacy, forget."""

from __future__ import annotations

from core.content.model import LANGUAGES
from core.kernel.assistant import Actions, Deps, Registry, Turn
from core.kernel.commands import Prefix
from core.kernel.messages import Choice, Reply
from core.kernel.ports import Conversation, Person
from core.kernel.typed import normalise

MENU_ITEMS: tuple[tuple[str, str], ...] = (
    ("onboarding", "menu.onboarding"),
    ("why", "menu.why"),
    ("resources", "menu.resources"),
    ("events", "menu.events"),
    ("language", "menu.language"),
    ("contact", "menu.contact"),
)
"""(choice, text key) of the main menu, in the order shown."""

EVENTS_CATEGORY = "events"


def install(registry: Registry, deps: Deps) -> None:
    """Register start/help, language, privacy and forget."""
    basics = _Basics(registry)
    registry.command("start", basics.start)
    registry.command("help", basics.start)
    registry.command("language", basics.language)
    registry.command("privacy", basics.privacy)
    registry.command("forget", basics.forget)
    registry.choice(Prefix.MENU, basics.menu_choice)
    registry.choice(Prefix.LANGUAGE, basics.language_choice)
    registry.choice(Prefix.FORGET, basics.forget_choice)


def main_menu(turn: Turn, registry: Registry, key: str = "menu.title") -> Reply:
    """The greeting with the main menu's choices (only those a service can serve)."""
    available = {
        "onboarding": "onboarding" in registry.commands,
        "why": turn.content.faq_entry("why-network") is not None,
        "resources": "resources" in registry.commands,
        "events": "resources" in registry.commands,
        "language": True,
        "contact": "contact" in registry.commands and turn.chat.is_private,
    }
    choices = tuple(
        Choice(turn.t(text_key), f"menu:{item}") for item, text_key in MENU_ITEMS if available[item]
    )
    return Reply(turn.chat, turn.t(key), choices=choices)


class _Basics:
    """Handlers of this module; kept together because they share the registry."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry

    async def start(self, turn: Turn, args: str) -> Actions:
        for prefix, handler in self.registry.start_payloads.items():
            if args.startswith(prefix) and turn.chat.is_private:
                return await handler(turn, args)
        onboarding = self.registry.commands.get("onboarding")
        if args and onboarding is not None and turn.chat.is_private:
            return await onboarding(turn, args)
        return [main_menu(turn, self.registry)]

    async def menu_choice(self, turn: Turn, value: str) -> Actions:
        item = value.partition(":")[2]
        commands = self.registry.commands
        if item == "onboarding" and "onboarding" in commands:
            return await commands["onboarding"](turn, "")
        if item == "resources" and "resources" in commands:
            return await commands["resources"](turn, "")
        if item == "events" and "resources" in commands:
            return await commands["resources"](turn, EVENTS_CATEGORY)
        if item == "why":
            entry = turn.content.faq_entry("why-network")
            if entry is not None:
                return [Reply(turn.chat, entry.answer.get(turn.lang))]
        if item == "language":
            return [self._language_menu(turn)]
        if item == "contact" and "contact" in commands:
            return await commands["contact"](turn, "")
        return [main_menu(turn, self.registry)]

    def _language_menu(self, turn: Turn) -> Reply:
        choices = tuple(
            Choice(turn.t(f"language.name.{code}"), f"lang:{code}") for code in LANGUAGES
        )
        return Reply(turn.chat, turn.t("language.choose"), choices=choices)

    async def language(self, turn: Turn, args: str) -> Actions:
        code = normalise(args)
        if not code:
            return [self._language_menu(turn)]
        if code not in LANGUAGES:
            return [turn.reply("language.unknown", languages=", ".join(LANGUAGES))]
        return await self._set_language(turn, code)

    async def language_choice(self, turn: Turn, value: str) -> Actions:
        code = value.partition(":")[2]
        if code not in LANGUAGES:
            return [turn.reply("common.choice_expired")]
        return await self._set_language(turn, code)

    async def _set_language(self, turn: Turn, code: str) -> Actions:
        store = turn.deps.store
        if turn.room is not None:
            if not await turn.is_moderator():
                return [turn.reply("common.moderators_only")]
            turn.room.language = code
            await store.save_room(turn.room)
        else:
            person = turn.person or Person(turn.user.platform.value, turn.user.id)
            person.language = code
            person.language_chosen = True
            person.last_seen = turn.deps.clock.now()
            await store.save_person(person)
        turn.lang = code
        return [main_menu(turn, self.registry, "language.changed")]

    async def privacy(self, turn: Turn, args: str) -> Actions:
        return [turn.reply("privacy.text")]

    async def forget(self, turn: Turn, args: str) -> Actions:
        store = turn.deps.store
        conversation = Conversation(
            turn.user.platform.value,
            turn.chat.id,
            turn.user.id,
            kind="forget",
            updated_at=turn.deps.clock.now(),
        )
        await store.save_conversation(conversation)
        choices = (
            Choice(turn.t("forget.yes"), "forget:yes"),
            Choice(turn.t("forget.no"), "forget:no"),
        )
        return [Reply(turn.chat, turn.t("forget.confirm"), choices=choices)]

    async def forget_choice(self, turn: Turn, value: str) -> Actions:
        store = turn.deps.store
        platform, chat_id, user_id = turn.user.platform.value, turn.chat.id, turn.user.id
        conversation = await store.get_conversation(platform, chat_id, user_id)
        if conversation is None or conversation.kind != "forget":
            return [turn.reply("common.choice_expired")]
        if value != "forget:yes":
            conversation.kind, conversation.offered = None, []
            await store.save_conversation(conversation)
            return [turn.reply("forget.kept")]
        await store.forget_person(platform, user_id)
        return [turn.reply("forget.done")]
