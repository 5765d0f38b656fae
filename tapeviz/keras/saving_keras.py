"""Whole-model `.keras` files in Keras 3's format: a zip holding `metadata.json`, `config.json`
(the model's serialized config, with its build and compile configs) and `model.weights.h5` (the
same HDF5 layout as `save_weights`, optimizer variables included), so real Keras 3 and tapeviz
read each other's files.

Saving writes a temporary file next to the target and renames it into place: an error part
way leaves no half-written file (and an existing file untouched).
"""
import datetime
import json
import os
import tempfile
import zipfile

from tapeviz.keras import saving_h5
from tapeviz.keras.serialization import (
    CustomObjectScope,
    SafeModeScope,
    deserialize_keras_object,
    serialize_keras_object,
)

_CONFIG, _METADATA, _WEIGHTS = "config.json", "metadata.json", "model.weights.h5"


def _check_extension(path, verb):
    if not path.endswith(".keras"):
        if verb == "save":
            raise ValueError("Invalid filepath extension for saving. Please add either a `.keras` "
                             "extension for the native Keras format (recommended) or a `.h5` "
                             "extension. Use `model.export(filepath)` if you want to export a "
                             "SavedModel for use with TFLite/TFServing/etc. "
                             f"Received: filepath={path}.")
        raise ValueError(f"File format not supported: filepath={path}. Keras 3 only supports V3 "
                         "`.keras` files, legacy H5 format files (`.h5` extension). Note that the "
                         "legacy SavedModel format is not supported by `load_model()` in Keras 3. "
                         "In order to reload a TensorFlow SavedModel as an inference-only layer in "
                         f"Keras 3, use `keras.layers.TFSMLayer({path}, "
                         "call_endpoint='serving_default')` (note that your `call_endpoint` might "
                         "have a different name).")


def save_model(model, filepath, overwrite=True, zipped=True, **kwargs):
    """Writes `model` (architecture, weights, optimizer state, compile settings) to a `.keras` file.

    Args:
      model: a built Keras model.
      filepath: a path ending in `.keras`.
      overwrite: when False, an existing file raises FileExistsError.

    Raises:
      ValueError: a wrong extension, or a model that was never built.
      NotImplementedError: legacy `.h5` whole-model files.
    """
    path = os.fspath(filepath)
    if path.endswith(".h5") and not path.endswith(".weights.h5"):
        raise NotImplementedError("tapeviz.keras: legacy `.h5` whole-model files are not supported; "
                                  "save to a `.keras` file")
    _check_extension(path, "save")
    if not zipped:
        raise NotImplementedError("tapeviz.keras: only zipped `.keras` files are supported")
    if kwargs:
        raise ValueError(f"The following argument(s) are not supported: {list(kwargs)}")
    if not overwrite and os.path.exists(path):
        raise FileExistsError(f"{path} exists and overwrite=False")
    config = serialize_keras_object(model)                   # fails before anything is written
    from tapeviz.keras import __version__
    metadata = {"keras_version": __version__,
                "date_saved": datetime.datetime.now().strftime("%Y-%m-%d@%H:%M:%S")}
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".tmp", dir=directory)
    os.close(fd)
    try:
        with tempfile.TemporaryDirectory() as work:
            weights = os.path.join(work, "model.weights.h5")
            saving_h5.save_weights(model, weights)
            with zipfile.ZipFile(tmp, "w") as archive:
                archive.writestr(_METADATA, json.dumps(metadata))
                archive.writestr(_CONFIG, json.dumps(config))
                archive.write(weights, _WEIGHTS)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)        # mkstemp made it private; a saved model is not
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def _read_archive(path):
    if not os.path.exists(path):
        raise ValueError(f"File not found: filepath={path}. Please ensure the file is an accessible "
                         "`.keras` zip file.")
    if not zipfile.is_zipfile(path):
        raise ValueError(f"The file {path} is not a `.keras` zip file (no zip archive found)")
    return zipfile.ZipFile(path)


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):
    """The model saved in a `.keras` file (by tapeviz or by Keras 3), with its weights and, when
    `compile`, its optimizer (state included), loss and metrics."""
    path = os.fspath(filepath)
    if path.endswith(".h5") or path.endswith(".hdf5"):
        raise NotImplementedError("tapeviz.keras: legacy `.h5` whole-model files are not supported; "
                                  "load a `.keras` file")
    _check_extension(path, "load")
    with _read_archive(path) as archive:
        names = archive.namelist()
        for required in (_CONFIG, _WEIGHTS):
            if required not in names:
                raise ValueError(f"The `.keras` file {path} has no '{required}' entry "
                                 f"(it holds {names})")
        config = json.loads(archive.read(_CONFIG))
        with tempfile.TemporaryDirectory() as work:
            archive.extract(_WEIGHTS, work)
            return _model_from_config(config, os.path.join(work, _WEIGHTS), custom_objects,
                                      compile, safe_mode)


def _model_from_config(config, weights_path, custom_objects, compile, safe_mode):
    compile_config = config.get("compile_config")
    with CustomObjectScope(custom_objects or {}), SafeModeScope(safe_mode):
        model = deserialize_keras_object(config, custom_objects=custom_objects)
        if compile and compile_config:
            model.compile_from_config(compile_config)
        saving_h5.load_weights(model, weights_path)
    return model


def load_weights_from_keras_file(model, filepath, skip_mismatch=False):
    """The weights stored in a `.keras` file, into an already built `model`."""
    path = os.fspath(filepath)
    with _read_archive(path) as archive:
        if _WEIGHTS not in archive.namelist():
            raise ValueError(f"The `.keras` file {path} has no '{_WEIGHTS}' entry")
        with tempfile.TemporaryDirectory() as work:
            archive.extract(_WEIGHTS, work)
            saving_h5.load_weights(model, os.path.join(work, _WEIGHTS), skip_mismatch=skip_mismatch)


def model_to_json(model, **kwargs):
    return json.dumps(serialize_keras_object(model), **kwargs)


def model_from_json(json_string, custom_objects=None):
    with CustomObjectScope(custom_objects or {}):
        return deserialize_keras_object(json.loads(json_string), custom_objects=custom_objects)
