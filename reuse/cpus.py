"""How many processes the stages may spread work over by default."""

from __future__ import annotations

import os


def usable_cpus() -> int:
    """The CPUs this process may run on: its affinity where the system has one, else the machine's.

    A job confined to some cores (``taskset``, a container's or a batch scheduler's cpuset) sees
    every core of the machine in ``os.cpu_count()``; starting a worker for each would oversubscribe
    the ones it has.

    >>> usable_cpus() >= 1
    True
    """
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # macOS and Windows have no affinity call
        return os.cpu_count() or 1
