"""``python -m tests.reports.lease_daemon CONFIG OUT``: a real ``tianluo schedule`` daemon
whose one job, every second, stamps OUT with its pid and the time."""

from __future__ import annotations

import sys
from pathlib import Path

from tianluo.app import scheduler
from tianluo.settings import load_settings


def main() -> None:
    config, out = sys.argv[1], sys.argv[2]
    tick = scheduler.JobSpec(
        "tick", "tests.reports.sched_jobs:stamp", "", "schedule", seconds=1.0, args=(out,)
    )
    scheduler.run(load_settings(Path(config)), config, specs=[tick])


if __name__ == "__main__":
    main()
