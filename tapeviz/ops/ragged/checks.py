"""TF's assertion messages for invalid row partitions (`tf.debugging.assert_*` layouts), so a
bad factory call or mismatched operands fail with TF's exception and text."""
import numpy as np

from tapeviz.framework import errors


def equal_failure(prefix, x, y):
    """InvalidArgumentError of a failed `assert_equal(x, y)` (x, y: int arrays), after `prefix`."""
    x, y = np.asarray(x).reshape(-1), np.asarray(y).reshape(-1)
    lines = ["Condition x == y did not hold."]
    if x.shape == y.shape and x.size > 1:
        different = np.flatnonzero(x != y)[:3]
        lines += [f"Indices of first {len(different)} different values:", str(different[:, None]),
                  "Corresponding x values:", str(x[different]), "Corresponding y values:", str(y[different])]
    lines += [f"First {min(3, x.size)} elements of x:", str(x[:3]),
              f"First {min(3, y.size)} elements of y:", str(y[:3])]
    return errors.InvalidArgumentError(None, None, "\n".join(([prefix] if prefix else []) + lines))


def non_negative_failure(prefix, x):
    """InvalidArgumentError of a failed `assert_non_negative(x)`, after `prefix`."""
    x = np.asarray(x)
    shown = [str(v) for v in x[:3]] + (["..."] if x.size > 3 else [])
    return errors.InvalidArgumentError(None, None, (
        f"{prefix}  \nCondition x >= 0 did not hold element-wise:\n"
        f"x (shape={x.shape} dtype={x.dtype}) = \n{shown}"))
