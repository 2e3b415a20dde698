"""Stop a real OpenSearch in the middle of an ingest, start it again: nothing lost or doubled.

This test runs its own node of each OpenSearch major (2 on port 9270 with
scripts/services/opensearch.sh, 3 on port 9272 with opensearch3.sh; data in a temporary
folder) so the shared test engines are not disturbed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from indexer.search import EngineUpsertResult, OpenSearchStore, RetryPolicy
from tests.indexer.seed import T0, make_doc
from tests.services import missing

pytestmark = [pytest.mark.engine, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
SERVICES = ROOT / "scripts" / "services"
# engine -> (script, its port and state-folder variables, port; transport: port + 100)
ENGINES = {
    "opensearch": (
        "opensearch.sh",
        "TIANLUO_OPENSEARCH_PORT",
        "TIANLUO_OPENSEARCH_DIR",
        int(os.environ.get("TIANLUO_TEST_OUTAGE_PORT", "9270")),
    ),
    "opensearch3": (
        "opensearch3.sh",
        "TIANLUO_OS3_PORT",
        "TIANLUO_OS3_DIR",
        int(os.environ.get("TIANLUO_TEST_OUTAGE3_PORT", "9272")),
    ),
}


class Node:
    """A private OpenSearch node driven through its service script."""

    def __init__(self, engine: str, state: Path) -> None:
        self.script, port_var, dir_var, self.port = ENGINES[engine]
        self.env = {**os.environ, port_var: str(self.port), dir_var: str(state)}

    def run(self, action: str) -> None:
        done = subprocess.run(
            ["bash", str(SERVICES / self.script), action],
            env=self.env,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{self.script} {action} failed:\n{done.stdout}\n{done.stderr}")


@pytest.fixture(params=sorted(ENGINES))
def node(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Node]:
    engine = request.param
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        missing(engine, "java is not installed")
    node = Node(engine, tmp_path / "engine")
    try:
        node.run("start")
    except RuntimeError as exc:
        missing(engine, str(exc))
    try:
        yield node
    finally:
        node.run("stop")


def docs(start: int, stop: int) -> list:
    return [
        make_doc(
            n,
            at=T0 + timedelta(minutes=n),
            source=f"site-{n % 7}",
            enterprises=((f"企业{n % 13}", n % 3 == 0, 1.0),),
            cluster=f"c{n % 50}",
        )
        for n in range(start, stop)
    ]


def test_engine_stopped_mid_ingest_loses_nothing(
    node: Node, tmp_path: Path, figure: Callable[[str, object], None]
) -> None:
    retry = RetryPolicy(max_retries=2, initial_backoff=0.05, max_backoff=0.2)
    store = OpenSearchStore(
        f"http://127.0.0.1:{node.port}",
        spool_dir=tmp_path / "spool",
        replicas=0,
        batch_size=200,
        retry=retry,
        timeout=5,
    )
    store.init()
    first, big, last = docs(0, 1000), docs(1000, 13000), docs(13000, 13500)
    assert store.upsert(first).created == 1000
    outcome: list[EngineUpsertResult] = []
    writer = threading.Thread(target=lambda: outcome.append(store.upsert(big)))
    writer.start()
    while store.count() < 3000:  # the big ingest is under way
        time.sleep(0.05)
    node.run("stop")
    writer.join()
    (during,) = outcome
    assert during.spooled > 0, "the engine stopped only after the ingest had finished"
    assert during.created + during.spooled == len(big)
    assert not during.failed
    assert store.spool is not None and store.spool.depth() == during.spooled
    node.run("start")
    after = store.upsert(last)  # replays the spool first, in order, then writes these
    assert not after.failed
    assert store.spool.depth() == 0
    assert store.count() == 13500
    figure("engine stops injected mid-ingest", 1)
    figure("documents spooled while down", during.spooled)
    figure("documents lost or doubled", abs(store.count() - 13500))
    assert sum(store.count_by("enterprise", limit=20).values()) == 13500
    assert (
        sum(s.documents for s in store.enterprise_scores(since=T0, until=T0 + timedelta(days=30)))
        == 13500
    )
    assert store.get(big[-1].id) == big[-1]
    store.close()
