"""Keeps the memory a training step frees for the next step (glibc's malloc, Linux only).

NumPy takes every array's buffer from malloc. glibc gives blocks above `M_MMAP_THRESHOLD` their
own fresh mapping, and returns memory to the kernel once more than `M_TRIM_THRESHOLD` bytes are
free at the top of its heap. Both thresholds start at 128 KiB and rise only to the size of the
largest block freed so far (2x for the trim threshold), so a loop that allocates and frees a few
megabytes of activations and gradients per step gets fresh pages from the kernel on every step:
each 4 KiB page faults and is zeroed, which costs about as much as the arithmetic on it. A
4096x8 -> 64 -> 1 MLP loop took 465 ms of CPU with 121,600 page faults, and 303 ms with none
once the thresholds were fixed (`bench/RESULTS_memory.md`).

`keep_freed_memory()`, called when tapeviz is imported, fixes both at the highest values glibc's
own dynamic scheme can reach: blocks up to 32 MiB come from the heap, and at most 64 MiB free at
its top stays with the process. Larger arrays still get their own mapping and go back to the
kernel when freed. Nothing is changed when the user set glibc's malloc tunables themselves
(`MALLOC_*_` or `GLIBC_TUNABLES`), or set `TAPEVIZ_MALLOC=default`.
"""
import os
import sys

M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3    # mallopt parameters (glibc's malloc.h)
MMAP_THRESHOLD = 32 << 20     # glibc's DEFAULT_MMAP_THRESHOLD_MAX on 64-bit systems
TRIM_THRESHOLD = 64 << 20     # 2x, as glibc sets it when it raises the mmap threshold
_USER_TUNABLES = ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_",
                  "MALLOC_MMAP_MAX_")


def keep_freed_memory():
    """Fixes glibc's mmap and trim thresholds (see the module's doc); True when they were set."""
    if not sys.platform.startswith("linux") or os.environ.get("TAPEVIZ_MALLOC") == "default":
        return False
    if any(name in os.environ for name in _USER_TUNABLES) or \
            "glibc.malloc." in os.environ.get("GLIBC_TUNABLES", ""):
        return False
    try:
        if not os.confstr("CS_GNU_LIBC_VERSION"):
            return False          # musl or another libc: no mallopt
        import ctypes
        mallopt = ctypes.CDLL(None).mallopt
    except (AttributeError, OSError, ValueError):
        return False
    mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
    # the mmap threshold first: setting either one turns glibc's dynamic adjustment off
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) and mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD))
