"""`tf.io.read_file` and `tf.io.write_file`: a whole file as one string tensor."""
import os

import numpy as np

from tapeviz.fileio.gfile import _os_error, _path
from tapeviz.framework import dtypes
from tapeviz.framework.convert import convert_to_tensor
from tapeviz.framework.errors import kernel_error
from tapeviz.framework.tensor import Tensor


def _scalar_string(value, what, op_type):
    t = convert_to_tensor(value)
    if t.dtype != dtypes.string:
        raise kernel_error(op_type, f"cannot compute {op_type} as input #0(zero-based) was expected "
                           f"to be a string tensor but is a {t.dtype.name} tensor", name="")
    if t.shape.rank != 0:
        raise kernel_error(op_type, f"{what} must be scalar, got shape {t.shape}", name="")
    return t.numpy()


def read_file(filename, name=None):
    """The contents of file `filename` as a scalar string tensor.

    Raises:
      NotFoundError: the file does not exist.
    """
    path = _path(_scalar_string(filename, "Input filename tensor", "ReadFile"))
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        error = _os_error(e, path)
        raise kernel_error("ReadFile", error.message, name=None, cls=type(error)) from None
    return convert_to_tensor(data)


def write_file(filename, contents, name=None):
    """Writes the scalar string `contents` to file `filename`, creating its directory.

    Returns:
      None (TF returns the op, which is None eagerly).
    """
    path = _path(_scalar_string(filename, "filename", "WriteFile"))
    data = _scalar_string(contents, "contents", "WriteFile")
    try:
        directory = os.path.dirname(path)
        if directory:
            os.makedirs(directory, exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
    except OSError as e:
        error = _os_error(e, path)
        raise kernel_error("WriteFile", error.message, name="", cls=type(error)) from None


def matching_files(pattern, name=None):
    """The sorted file names matching `pattern` (a string or a string tensor of patterns), as
    a 1-D string tensor."""
    import glob

    patterns = np.asarray(convert_to_tensor(pattern, dtype=dtypes.string).numpy(), dtype=object)
    found = sorted({p for item in patterns.reshape(-1) for p in glob.glob(_path(item))})
    array = np.empty(len(found), dtype=object)
    array[:] = [p.encode() for p in found]
    return Tensor(array)


__all__ = ["matching_files", "read_file", "write_file"]
