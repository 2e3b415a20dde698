"""The application layer: the CLI, the demo, the scheduler and its jobs, model training.

It sits on top of everything and may import any package; nothing outside ``tianluo.app``
imports it. ``tianluo``'s other modules are the core (settings, records, errors, time),
which import nothing of ours but each other.
"""

from tianluo.app.context import App

__all__ = ["App"]
