"""Commands named in texts are written the Matrix way."""

from __future__ import annotations

from adapters.channels.matrix.render import matrix_commands, render_reply
from core.kernel.messages import ChatRef, Platform, Reply
from tests.support.words import COMMAND_WORDS


def test_known_commands_get_an_exclamation_mark() -> None:
    text = "Mit /vergessen löschst du alles, /settings ändert, /start@bot nicht."
    assert (
        matrix_commands(text, COMMAND_WORDS)
        == "Mit !vergessen löschst du alles, !settings ändert, !start@bot nicht."
    )


def test_paths_links_and_unknown_words_stay() -> None:
    text = "Siehe https://x.com/start und a/b, /unbekannt, 1/2."
    assert matrix_commands(text, COMMAND_WORDS) == text


def test_rendered_reply_uses_the_matrix_form() -> None:
    chat = ChatRef(Platform.MATRIX, "!r:x", is_private=True)
    content = render_reply(Reply(chat, "Abbestellen mit /abbestellen <b>"), COMMAND_WORDS)
    assert content["body"] == "Abbestellen mit !abbestellen <b>"
    assert "!abbestellen &lt;b&gt;" in content["formatted_body"]
