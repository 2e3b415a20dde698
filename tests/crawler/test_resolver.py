"""The guarded resolver: the address it checks is the address it returns for the
connection; answers are reused only within a short, bounded time."""

from __future__ import annotations

from typing import Any

import pytest
from twisted.internet import defer
from twisted.python.failure import Failure

from crawler.resolver import Answer, GuardedResolver, NonPublicAddress, parse_servers


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Answers:
    """A name server whose successive answers are given in advance; counts lookups."""

    def __init__(self, *answers: Answer) -> None:
        self.answers = list(answers)
        self.lookups = 0

    def __call__(self, name: str) -> defer.Deferred[Answer]:
        self.lookups += 1
        return defer.succeed(self.answers.pop(0))


def outcome(d: defer.Deferred[str]) -> Any:
    """The result of an already fired Deferred (the failure's exception on error)."""
    box: list[Any] = []
    d.addCallbacks(box.append, lambda f: box.append(f.value) if isinstance(f, Failure) else None)
    assert box, "the Deferred did not fire"
    return box[0]


def guarded(answers: Answers, **kwargs: Any) -> tuple[GuardedResolver, Clock]:
    clock = Clock()
    return GuardedResolver(None, lookup=answers, clock=clock, **kwargs), clock


def test_public_answer_is_returned() -> None:
    resolver, _ = guarded(Answers(("93.184.216.34", 300)))
    assert outcome(resolver.getHostByName("example.org")) == "93.184.216.34"


@pytest.mark.parametrize("address", ["127.0.0.1", "10.0.0.7", "169.254.169.254", "0.0.0.0"])
def test_private_answer_is_refused(address: str) -> None:
    resolver, _ = guarded(Answers((address, 300)))
    error = outcome(resolver.getHostByName("evil.example"))
    assert isinstance(error, NonPublicAddress)
    assert address in str(error)


def test_rebinding_after_the_cache_is_refused() -> None:
    answers = Answers(("93.184.216.34", 0), ("127.0.0.1", 0))
    resolver, _ = guarded(answers)
    assert outcome(resolver.getHostByName("rebind.example")) == "93.184.216.34"
    assert isinstance(outcome(resolver.getHostByName("rebind.example")), NonPublicAddress)
    assert answers.lookups == 2


def test_answers_are_kept_no_longer_than_ttl_or_cap() -> None:
    answers = Answers(("93.184.216.34", 5), ("93.184.216.35", 3600), ("93.184.216.36", 3600))
    resolver, clock = guarded(answers, cache_seconds=60)
    assert outcome(resolver.getHostByName("moves.example")) == "93.184.216.34"
    clock.now = 4.0
    assert outcome(resolver.getHostByName("moves.example")) == "93.184.216.34"
    clock.now = 6.0  # past the 5 s TTL
    assert outcome(resolver.getHostByName("moves.example")) == "93.184.216.35"
    clock.now = 6.0 + 59
    assert outcome(resolver.getHostByName("moves.example")) == "93.184.216.35"
    clock.now = 6.0 + 61  # past the 60 s cap, although the TTL says an hour
    assert outcome(resolver.getHostByName("moves.example")) == "93.184.216.36"
    assert answers.lookups == 3


def test_cache_is_bounded() -> None:
    answers = Answers(*[(f"93.184.216.{i}", 300) for i in range(1, 5)])
    resolver, _ = guarded(answers, cache_size=2)
    for name in ("a.example", "b.example", "c.example"):
        outcome(resolver.getHostByName(name))
    assert outcome(resolver.getHostByName("a.example")) == "93.184.216.4"  # a was evicted
    assert answers.lookups == 4


def test_permitted_host_may_resolve_privately() -> None:
    resolver, _ = guarded(Answers(("127.0.0.1", 0), ("127.0.0.1", 0)))
    resolver.permit("Intranet.Example")
    assert outcome(resolver.getHostByName("intranet.example")) == "127.0.0.1"
    assert isinstance(outcome(resolver.getHostByName("other.example")), NonPublicAddress)


def test_parse_servers() -> None:
    assert parse_servers(["10.0.0.2:5353", "1.1.1.1"]) == [("10.0.0.2", 5353), ("1.1.1.1", 53)]


def test_configured_proxy_hosts_are_permitted(monkeypatch: pytest.MonkeyPatch) -> None:
    from scrapy.settings import Settings

    class Process:
        settings = Settings({"TIANLUO_DNS_SERVERS": ["127.0.0.1:53"]})

    monkeypatch.setenv("https_proxy", "http://proxy.office.example:3128")
    resolver = GuardedResolver.from_crawler(Process(), None)
    resolver._lookup = Answers(("10.0.0.8", 60), ("10.0.0.9", 60))
    assert outcome(resolver.getHostByName("proxy.office.example")) == "10.0.0.8"
    assert isinstance(outcome(resolver.getHostByName("other.example")), NonPublicAddress)
