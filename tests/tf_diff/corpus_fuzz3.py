"""The generators of corpus_fuzz.py and corpus_fuzz2.py run again with new seeds (issue 12, third
batch): the same op families and bad-argument kinds, other draws. Names start `fuzz3.` (first
generator) and `fuzz3b.` (second); recorded against TF 2.21 like the others."""
import random

from tests.tf_diff import corpus_fuzz as F1
from tests.tf_diff import corpus_fuzz2 as F2


def _renamed(snippets, old, new):
    for s in snippets:
        s.name = new + s.name[len(old):]
    return snippets


SNIPPETS = _renamed(F1.generate(seed=1201, per_op=40) + F1._matrix_snippets(random.Random(1221), 80)
                    + F1._array_snippets(random.Random(1203), 100), "fuzz.", "fuzz3.") \
    + _renamed(F2._ctc(random.Random(1237), 20) + F2._special(random.Random(1231), 80)
               + F2._segments(random.Random(1232), 80) + F2._counting(random.Random(1233), 80)
               + F2._linalg(random.Random(1234), 70) + F2._nn(random.Random(1235), 70)
               + F2._array(random.Random(1236), 100), "fuzz2.", "fuzz3b.")

# TF 2.21 differs from itself or from IEEE here, so these draws are left out (see the report):
#   conv3d.60: a dilated, strided VALID Conv3D returns uninitialized memory of a wrong shape;
#   xlog1py.36: complex inf * log1p(complex inf) is nan+nanj in Eigen, inf+nanj in NumPy;
#   logdet.43: a Cholesky of entries near 1e30**2 (overflowing float32): TF nan, LAPACK inf.
_LEFT_OUT = {"fuzz3b.nn.conv3d.60", "fuzz3.xlog1py.36", "fuzz3.linalg.logdet.43"}
SNIPPETS = [s for s in SNIPPETS if s.name not in _LEFT_OUT]
for _s in SNIPPETS:       # MaxPool3D has no float16 CPU kernel: TF's NotFoundError lists them all
    if ".nn.max_pool." in _s.name and "float16" in _s.code:
        _s.msg = False
