"""glibc keeps a training step's freed arrays for the next step (tapeviz/framework/memory.py)."""
import os
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux") or not os.confstr("CS_GNU_LIBC_VERSION"),
                                reason="glibc's malloc only")

# eight 1 MiB arrays made and freed 50 times, as a step's activations and gradients are
STEPS = textwrap.dedent("""
    import resource
    import numpy as np
    import tapeviz
    from tapeviz.framework import memory

    def faults():
        before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        for _ in range(50):
            arrays = [np.ones(1 << 18, np.float32) for _ in range(8)]
            del arrays
        return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before

    faults()
    print(memory.keep_freed_memory.__module__, faults())
""")


def _page_faults(**env):
    environ = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_") and k != "GLIBC_TUNABLES"}
    environ.pop("TAPEVIZ_MALLOC", None)
    environ.update(env)
    out = subprocess.run([sys.executable, "-c", STEPS], env=environ, capture_output=True, text=True,
                         check=True).stdout.split()
    return int(out[-1])


def test_freed_step_arrays_are_reused_without_page_faults():
    # 400 MiB of arrays in all: without the fixed thresholds glibc hands each step fresh pages
    assert _page_faults() < 500
    assert _page_faults(TAPEVIZ_MALLOC="default") > 20_000


def test_user_set_malloc_tunables_are_left_alone():
    assert _page_faults(MALLOC_TOP_PAD_="0") > 20_000


def test_keep_freed_memory_reports_whether_it_set_the_thresholds(monkeypatch):
    from tapeviz.framework import memory
    monkeypatch.setenv("TAPEVIZ_MALLOC", "default")
    assert memory.keep_freed_memory() is False
    monkeypatch.delenv("TAPEVIZ_MALLOC")
    monkeypatch.setenv("GLIBC_TUNABLES", "glibc.malloc.trim_threshold=1000")
    assert memory.keep_freed_memory() is False
    monkeypatch.delenv("GLIBC_TUNABLES")
    for name in list(os.environ):
        if name.startswith("MALLOC_"):
            monkeypatch.delenv(name)
    assert memory.keep_freed_memory() is True
