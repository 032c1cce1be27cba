"""One answer index per Content object, built off the event loop and rebuilt only when the
content is replaced (a reload), so no question waits behind a build it did not need."""

from __future__ import annotations

import asyncio
import logging
import time
from concurrent.futures import Future, ThreadPoolExecutor

from core.answers.decision import Thresholds
from core.answers.matcher import Matcher
from core.content.model import Content

log = logging.getLogger(__name__)


def _build(content: Content, thresholds: Thresholds | None) -> Matcher:
    """A Matcher for `content`, with one log line saying how long the index took."""
    started = time.perf_counter()
    matcher = Matcher(content, thresholds)
    log.info("answers ready (index built in %.2f s)", time.perf_counter() - started)
    return matcher


class MatcherCache:
    """One Matcher per Content object, rebuilt only when the content is replaced.

    Building takes a while for a large catalogue (over a second at 3,000 entries), so
    `prepare` builds it in a worker thread as soon as content is loaded or reloaded, and a
    question arriving before it is done waits for that build (`ready`) instead of starting a
    second one or stalling the event loop."""

    def __init__(self, thresholds: Thresholds | None = None) -> None:
        self.thresholds = thresholds
        self._content: Content | None = None
        self._matcher: Matcher | None = None
        self._building: tuple[Content, Future[Matcher]] | None = None
        self._worker: ThreadPoolExecutor | None = None

    def prepare(self, content: Content) -> None:
        """Start building the matcher for `content` in the worker thread (nothing to do when
        it is built or being built)."""
        if self.built(content) or (self._building and self._building[0] is content):
            return
        if self._worker is None:
            self._worker = ThreadPoolExecutor(1, thread_name_prefix="answer-index")
        self._building = (content, self._worker.submit(_build, content, self.thresholds))

    def built(self, content: Content) -> bool:
        """Whether the matcher for `content` is ready to answer at once."""
        building = self._building
        if building is not None and building[1].done():
            self._building = None
            if building[1].exception() is None:
                self._content, self._matcher = building[0], building[1].result()
        return self._matcher is not None and self._content is content

    async def ready(self, content: Content) -> Matcher:
        """The matcher for `content`, waiting (off the loop) for its build when one is under
        way. Content older than the one being built (a turn that began before a reload) gets
        a matcher of its own, built off the loop too, and not kept."""
        if self.built(content) and self._matcher is not None:
            return self._matcher
        if self._building is None:
            self.prepare(content)
        building = self._building
        if building is None or building[0] is not content:
            return await asyncio.to_thread(Matcher, content, self.thresholds)
        return await asyncio.wrap_future(building[1])

    def get(self, content: Content) -> Matcher:
        """The matcher for `content`, waiting here for its build when one is under way, else
        built here (in code without an event loop; questions use `ready`)."""
        if self.built(content) and self._matcher is not None:
            return self._matcher
        building = self._building
        if building is not None and building[0] is content:
            matcher = building[1].result()
        else:
            matcher = Matcher(content, self.thresholds)
        self._content, self._matcher = content, matcher
        return matcher
