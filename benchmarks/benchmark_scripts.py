"""Import another script of benchmarks/ by path: benchmarks/ is a folder of scripts, not a package.

The scripts import each other (summary.py reuses stories.py's loaders and quality.py's export) and the gate
tests import them; all go through `load_benchmark`, so each script is loaded once, under one name. The few
helpers both the scripts and the tests need (`free_port`) live here too, once.
"""

from __future__ import annotations

import importlib.util
import socket
import sys
from pathlib import Path
from types import ModuleType

BENCHMARKS = Path(__file__).resolve().parent


def load_benchmark(script: str | Path) -> ModuleType:
    """A script of benchmarks/ by name ("stories") or path, registered in sys.modules before it runs (its
    dataclasses need that) and reused when it was loaded already."""
    path = BENCHMARKS / f"{script}.py" if isinstance(script, str) else Path(script)
    name = f"newsloom_benchmark_{path.stem}"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def free_port() -> int:
    """A loopback port nothing listens on now (for a server a benchmark or a test starts)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
