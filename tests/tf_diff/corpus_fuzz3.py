"""The generators of corpus_fuzz.py and corpus_fuzz2.py run again with new seeds (issue 12, third
batch): the same op families and bad-argument kinds, other draws, six batches (seeds 12xx to
17xx), each named by its own prefix (`fuzz3.`, `fuzz3x.`, `fuzz3t.`, `fuzz3u.`, `fuzz3v.`,
`fuzz3w.` for the first generator, with `b`/`y`/`tb`/`ub`/`vb`/`wb` for the second); recorded
against TF 2.21 like the others."""
import random

from tests.tf_diff import corpus_fuzz as F1
from tests.tf_diff import corpus_fuzz2 as F2


def _renamed(snippets, old, new):
    for s in snippets:
        s.name = new + s.name[len(old):]
    return snippets


def _batch(base, first, second):
    """Both generators' families, each seeded with `base` + its old seed's last two digits."""
    def r(n):
        return random.Random(base + n)
    return _renamed(F1.generate(seed=base + 1, per_op=40) + F1._matrix_snippets(r(21), 80)
                    + F1._array_snippets(r(3), 100), "fuzz.", first) \
        + _renamed(F2._ctc(r(37), 20) + F2._special(r(31), 80) + F2._segments(r(32), 80)
                   + F2._counting(r(33), 80) + F2._linalg(r(34), 70) + F2._nn(r(35), 70)
                   + F2._array(r(36), 100), "fuzz2.", second)


SNIPPETS = (_batch(1200, "fuzz3.", "fuzz3b.") + _batch(1300, "fuzz3x.", "fuzz3y.")
            + _batch(1400, "fuzz3t.", "fuzz3tb.") + _batch(1500, "fuzz3u.", "fuzz3ub.")
            + _batch(1600, "fuzz3v.", "fuzz3vb.") + _batch(1700, "fuzz3w.", "fuzz3wb."))

# Draws left out. TF 2.21's values there are not an engine's to match:
#   conv3d.60: a dilated, strided VALID Conv3D returns uninitialized memory of a wrong shape;
#   logdet, solve, cholesky, qr: entries near 1e30 (or 6e4 in float16) overflow inside the
#     factorization, where Eigen's and LAPACK's overflows differ.
# And a difference not fixed: AvgPool3D has no float64 CPU kernel in TF (NotFoundError), while
# tapeviz computes it (the float64 gradient check of avg_pool3d relies on it).
_LEFT_OUT = {"fuzz3b.nn.conv3d.60", "fuzz3.linalg.logdet.43",
             "fuzz3x.linalg.solve.21", "fuzz3x.linalg.logdet.70", "fuzz3y.linalg.qr.50", "fuzz3tb.linalg.qr.52",
             "fuzz3u.linalg.logdet.71", "fuzz3ub.linalg.qr.54", "fuzz3v.linalg.cholesky.36",
             "fuzz3v.linalg.cholesky.78", "fuzz3vb.linalg.qr.57", "fuzz3wb.linalg.qr.46",
             "fuzz3vb.nn.avg_pool.61", "fuzz3wb.nn.avg_pool.25"}
SNIPPETS = [s for s in SNIPPETS if s.name not in _LEFT_OUT]
for _s in SNIPPETS:       # MaxPool3D has no float16 CPU kernel: TF's NotFoundError lists them all
    if ".nn.max_pool." in _s.name and "float16" in _s.code:
        _s.msg = False
