"""`tf.io.gfile`: files and directories on the local file system, with TensorFlow's errors.

TF routes these through its own file-system layer (so `gs://` paths work there); tapeviz reads
and writes local paths only. Errors are TF's: `NotFoundError`, `AlreadyExistsError`, ...
with the messages TF gives (`<path>; No such file or directory`).
"""
import glob as _glob
import os
import shutil

from tapeviz.framework import errors

__all__ = ["GFile", "copy", "exists", "get_registered_schemes", "glob", "isdir", "join", "listdir",
           "makedirs", "mkdir", "remove", "rename", "rmtree", "stat", "walk"]


def _path(path):
    path = os.fspath(path.numpy() if hasattr(path, "numpy") else path)
    return path.decode() if isinstance(path, bytes) else path


def _not_found(path):
    return errors.NotFoundError(None, None, f"{path}; No such file or directory")


def _os_error(e, path):
    """The TF error for an OSError raised on `path`."""
    if isinstance(e, FileNotFoundError):
        return _not_found(path)
    if isinstance(e, FileExistsError):
        return errors.AlreadyExistsError(None, None, f"{path}; File exists")
    if isinstance(e, PermissionError):
        return errors.PermissionDeniedError(None, None, f"{path}; Permission denied")
    if isinstance(e, (IsADirectoryError, NotADirectoryError)):
        return errors.FailedPreconditionError(None, None, f"{path}; {e.strerror}")
    return errors.UnknownError(None, None, f"{path}; {e.strerror or e}")


class GFile:
    """`tf.io.gfile.GFile(name, mode="r")`: a file object (modes r, rb, w, wb, a, ab, r+, w+,
    a+); text modes read and write `str`, binary modes `bytes`. The file opens on first use,
    as TF's does, so a missing file raises `NotFoundError` at the first read."""

    def __init__(self, name, mode="r"):
        if mode.replace("b", "") not in ("r", "w", "a", "r+", "w+", "a+"):
            raise errors.InvalidArgumentError(
                None, None, "mode is not 'r' or 'w' or 'a' or 'r+' or 'w+' or 'a+'")
        self.name, self.mode = _path(name), mode
        self._binary = "b" in mode
        self._file = None

    def _open(self):
        if self._file is None:
            try:
                self._file = open(self.name, self.mode if self._binary else self.mode + "b")
            except OSError as e:
                raise _os_error(e, self.name) from None
        return self._file

    def _decode(self, data):
        return data if self._binary else data.decode("utf-8")

    def read(self, n=-1):
        """Up to `n` bytes (all if `n` is -1), as `str` in text mode."""
        return self._decode(self._open().read(n))

    def readline(self):
        return self._decode(self._open().readline())

    def readlines(self):
        return [self._decode(line) for line in self._open().readlines()]

    def __iter__(self):
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    next = __next__

    def write(self, file_content):
        """Writes `file_content` (str or bytes)."""
        if isinstance(file_content, str):
            file_content = file_content.encode("utf-8")
        self._open().write(bytes(file_content))

    def seek(self, offset=None, whence=0, position=None):
        self._open().seek(position if offset is None else offset, whence)

    def tell(self):
        return self._open().tell()

    def size(self):
        """The file's length in bytes."""
        return stat(self.name).length

    def seekable(self):
        return True

    def flush(self):
        if self._file is not None:
            self._file.flush()

    def close(self):
        if self._file is not None:
            self._file.close()
            self._file = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class FileStatistics:
    """What `stat` returns: `length`, `mtime_nsec`, `is_directory`."""

    def __init__(self, length, mtime_nsec, is_directory):
        self.length, self.mtime_nsec, self.is_directory = length, mtime_nsec, is_directory


def exists(path):
    """Whether `path` exists (a file or a directory)."""
    return os.path.exists(_path(path))


def isdir(path):
    """Whether `path` is a directory."""
    return os.path.isdir(_path(path))


def glob(pattern):
    """The paths matching `pattern` (`*`, `?`, `[...]`), a list of str."""
    return _glob.glob(_path(pattern))


def listdir(path):
    """The names in directory `path` (not full paths), in no particular order."""
    path = _path(path)
    if not os.path.isdir(path):
        raise errors.NotFoundError(None, None, f"Could not find directory {path}")
    return os.listdir(path)


def makedirs(path):
    """Creates `path` and its missing parents; no error if it exists."""
    path = _path(path)
    try:
        os.makedirs(path, exist_ok=True)
    except OSError as e:
        raise _os_error(e, path) from None


def mkdir(path):
    """Creates directory `path` (its parent must exist); no error if it exists."""
    path = _path(path)
    try:
        os.mkdir(path)
    except FileExistsError:
        if not os.path.isdir(path):
            raise _os_error(FileExistsError(), path) from None
    except OSError as e:
        raise _os_error(e, path) from None


def remove(path):
    """Deletes the file `path`."""
    path = _path(path)
    try:
        os.remove(path)
    except OSError as e:
        raise _os_error(e, path) from None


def rmtree(path):
    """Deletes directory `path` and everything in it."""
    path = _path(path)
    if not os.path.exists(path):
        raise errors.NotFoundError(None, None, f"{path} not found")
    try:
        shutil.rmtree(path)
    except OSError as e:
        raise _os_error(e, path) from None


def _check_target(newpath, overwrite):
    if not overwrite and os.path.exists(newpath):
        raise errors.AlreadyExistsError(None, None, "file already exists")


def rename(src, dst, overwrite=False):
    """Moves `src` to `dst`; `AlreadyExistsError` if `dst` exists and not `overwrite`."""
    src, dst = _path(src), _path(dst)
    _check_target(dst, overwrite)
    try:
        os.replace(src, dst)
    except OSError as e:
        raise _os_error(e, src) from None


def copy(src, dst, overwrite=False):
    """Copies file `src` to `dst`; `AlreadyExistsError` if `dst` exists and not `overwrite`."""
    src, dst = _path(src), _path(dst)
    _check_target(dst, overwrite)
    try:
        shutil.copyfile(src, dst)
    except OSError as e:
        raise _os_error(e, src) from None


def stat(path):
    """A `FileStatistics` for `path`: `length` in bytes, `mtime_nsec`, `is_directory`."""
    path = _path(path)
    try:
        info = os.stat(path)
    except OSError as e:
        raise _os_error(e, path) from None
    return FileStatistics(info.st_size, info.st_mtime_ns, os.path.isdir(path))


def walk(top, topdown=True, onerror=None):
    """`(dirname, subdirs, files)` for each directory under `top`, like `os.walk`."""
    top = _path(top)
    for dirname, subdirs, files in os.walk(top, topdown=topdown):
        yield dirname, subdirs, files


def join(path, *paths):
    """`os.path.join` for local paths."""
    return os.path.join(_path(path), *[_path(p) for p in paths])


def get_registered_schemes():
    """The file-system URL schemes this build reads: tapeviz has local files only."""
    return ["file"]
