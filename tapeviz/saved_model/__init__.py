"""`tf.saved_model`: save an object graph (Variables, sub-objects, `tf.function`s, signatures) to
a directory and load it back (`save`, `load`, `contains_saved_model`, `SaveOptions`,
`LoadOptions`).

tapeviz runs functions eagerly and has no graphs, so its SavedModel is its own format: the
Variables in a tapeviz checkpoint, and each function as a reference to its Python code with the
specs it was traced or declared with (see `save.py` and `functions.py`). TensorFlow's protobuf
SavedModels cannot be read, and TensorFlow cannot read tapeviz's.
"""
from tapeviz.saved_model.loader import LoadOptions, contains_saved_model, load
from tapeviz.saved_model.writer import DEFAULT_SIGNATURE as DEFAULT_SERVING_SIGNATURE_DEF_KEY
from tapeviz.saved_model.writer import SaveOptions, save

SERVING = "serve"
TRAINING = "train"
GPU = "gpu"
TPU = "tpu"
ASSETS_DIRECTORY = "assets"
VARIABLES_DIRECTORY = "variables"
VARIABLES_FILENAME = "variables"
SAVED_MODEL_FILENAME_PB = "saved_model.pb"
SAVED_MODEL_FILENAME_PBTXT = "saved_model.pbtxt"
SAVED_MODEL_SCHEMA_VERSION = 1

__all__ = ["save", "load", "contains_saved_model", "SaveOptions", "LoadOptions",
           "DEFAULT_SERVING_SIGNATURE_DEF_KEY", "SERVING", "TRAINING", "GPU", "TPU",
           "ASSETS_DIRECTORY", "VARIABLES_DIRECTORY", "VARIABLES_FILENAME",
           "SAVED_MODEL_FILENAME_PB", "SAVED_MODEL_FILENAME_PBTXT", "SAVED_MODEL_SCHEMA_VERSION"]

