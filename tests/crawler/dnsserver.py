"""A real DNS server for tests: ``python -m tests.crawler.dnsserver ANSWERS.json``.

Answers A queries from the JSON file ``{"name": ["address", ...]}`` (read at every
query; successive queries for a name take its addresses in turn, TTL 0), counts queries
per name in ``ANSWERS.json.queries``, and prints its UDP port on stdout.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from twisted.internet import defer, reactor
from twisted.names import dns, error, server


class FileResolver:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.queries: Counter[str] = Counter()

    def query(self, query: dns.Query, timeout: Any = None) -> defer.Deferred[Any]:
        name = query.name.name.decode().lower()
        answers: dict[str, list[str]] = json.loads(self.path.read_text(encoding="utf-8"))
        turn = self.queries[name]
        self.queries[name] += 1
        Path(f"{self.path}.queries").write_text(json.dumps(self.queries), encoding="utf-8")
        addresses = answers.get(name)
        if query.type != dns.A or not addresses:
            return defer.fail(error.DomainError(name))
        address = addresses[turn % len(addresses)]
        record = dns.RRHeader(name=name, type=dns.A, ttl=0, payload=dns.Record_A(address, ttl=0))  # type: ignore[arg-type]
        return defer.succeed(([record], [], []))


def main() -> None:
    factory = server.DNSServerFactory(clients=[FileResolver(Path(sys.argv[1]))])
    loop: Any = reactor
    port = loop.listenUDP(0, dns.DNSDatagramProtocol(factory), interface="127.0.0.1")
    print(port.getHost().port, flush=True)
    loop.run()


if __name__ == "__main__":
    main()
