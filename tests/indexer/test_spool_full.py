"""The spool's disk fills up while the engine is down: a clear error for the batch that
did not fit, and every document acknowledged before reaches the engine on replay."""

from __future__ import annotations

import socket
import subprocess
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from indexer.search import OpenSearchStore
from tests.indexer.conftest import FAST_RETRY, drop_indices
from tests.indexer.seed import corpus
from tests.services import service_url, unavailable
from tianluo.errors import StoreError


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 256 KiB tmpfs: writes beyond it fail with ENOSPC, as on a full disk."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        unavailable(f"cannot mount a tmpfs to fill ({done.stderr.strip()}); run the suite as root")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_full_spool_disk_loses_nothing_acknowledged(
    small_disk: Path, figure: Callable[[str, object], None]
) -> None:
    down = OpenSearchStore(
        f"http://127.0.0.1:{closed_port()}",
        spool_dir=small_disk / "spool",
        retry=FAST_RETRY,
        timeout=2,
    )
    filler = small_disk / "filler"
    filler.write_bytes(b"x" * 48 * 1024)  # freed later so the replay can write its acknowledgements
    acknowledged: set[str] = set()
    refused = 0
    for batch in range(200):
        docs = corpus()
        for i, doc in enumerate(docs):
            doc.id = f"{batch:04d}-{i}"
            doc.content = doc.content * 20
        try:
            result = down.upsert(docs)
        except StoreError as exc:
            assert down.spool is not None and f"暂存目录 {down.spool.folder} 无法写入" in str(exc)
            assert "No space left" in str(exc) and f"{len(docs)} 篇文档未能保存" in str(exc)
            assert "请释放该处的磁盘空间" in str(exc)
            refused += len(docs)
            break
        assert result.spooled == len(docs)
        acknowledged.update(d.id for d in docs)
    assert refused, "the disk never filled"
    assert acknowledged
    down.close()

    filler.unlink()
    up = OpenSearchStore(
        service_url("opensearch"),
        index_prefix=f"t{uuid.uuid4().hex[:10]}",
        spool_dir=small_disk / "spool",
        retry=FAST_RETRY,
        replicas=0,
    )
    try:
        up.init()
        up.replay()
        stored = up.count()
        assert up.spool is not None and up.spool.depth() == 0
        assert set(up.content_hashes(acknowledged)) == acknowledged
    finally:
        drop_indices(up)
        up.close()
    assert stored == len(acknowledged)
    figure("documents acknowledged before the disk filled", len(acknowledged))
    figure("documents refused with a clear error", refused)
    figure("acknowledged documents lost", len(acknowledged) - stored)
