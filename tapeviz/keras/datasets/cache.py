"""Where Keras keeps downloaded datasets, and the error when a file is not there."""
import os
import tarfile
import tempfile

ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"


def keras_home():
    """`$KERAS_HOME`, else `~/.keras` (as Keras: `/tmp/.keras` when that is not writable)."""
    if "KERAS_HOME" in os.environ:
        return os.environ["KERAS_HOME"]
    home = os.path.join(os.path.expanduser("~"), ".keras")
    parent = os.path.expanduser("~")
    if not os.access(home if os.path.exists(home) else parent, os.W_OK):
        return os.path.join("/tmp" if os.path.isdir("/tmp") else tempfile.gettempdir(), ".keras")
    return home


def datasets_dir(subdir="datasets"):
    base = os.path.expanduser(keras_home())
    if not os.access(base, os.W_OK) and os.path.exists(base):
        base = os.path.join("/tmp" if os.path.isdir("/tmp") else tempfile.gettempdir(), ".keras")
    return os.path.join(base, subdir)


def missing(path, origin, what=None):
    return FileNotFoundError(
        f"tapeviz.keras.datasets does not download: {what or os.path.basename(path)} is not in "
        f"Keras's cache. Download {origin} and put it at {path} (the folder is "
        "$KERAS_HOME/datasets, default ~/.keras/datasets), or use a dataset that ships in a "
        "package, such as sklearn.datasets.load_digits().")


def cached_file(fname, origin, subdir="datasets"):
    """The path of a cached download, or FileNotFoundError saying where to put it."""
    if os.sep in str(fname):
        raise ValueError("Paths are no longer accepted as the `fname` argument. To specify the "
                         f"file's parent directory, use the `cache_dir` argument. Received: fname={fname}")
    path = os.path.join(datasets_dir(subdir), fname)
    if not os.path.exists(path):
        raise missing(path, origin)
    return path


def cached_archive_dir(dirname, origin):
    """The folder Keras extracts an archive to (extracting a cached `<dirname>_archive` tarball
    when only that is there)."""
    base = datasets_dir()
    folder = os.path.join(base, dirname)
    if os.path.isdir(folder):
        return folder
    archive = os.path.join(base, f"{dirname}_archive")
    if os.path.exists(archive):
        with tarfile.open(archive) as tar:
            tar.extractall(folder, filter="data")
        return folder
    raise missing(folder, origin, what=f"the extracted folder {dirname}")
