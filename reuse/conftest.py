"""Doctests of the modules whose optional extra is missing are not collected (the lean CI run has none).

Their tests in ``tests/`` skip the same way (``pytest.importorskip``); where the ``formats`` extra is
installed, as in the full CI run, every doctest runs. It lives here, not at the repository root, so
that ``conftest`` stays the one module of that name the tests import.
"""

from __future__ import annotations

import importlib.util

_NEEDS = {
    "extract.py": "trafilatura",
    "markup.py": "lxml",
    "regex_paths.py": "lxml",
    "feeds.py": "lxml",
    "worddoc.py": "olefile",
    "tables.py": "pyarrow",
    "spreadsheet.py": "openpyxl",
    "spark": "pyspark",
    "server.py": "starlette",
    "server_guard.py": "starlette",
}

collect_ignore = [path for path, module in _NEEDS.items() if importlib.util.find_spec(module) is None]
