"""`keras.utils`: seeding, one-hot labels, a progress bar, padding, images, datasets from
directories, `plot_model`, and the serialization registry."""
import numpy as np

from tapeviz.keras.array_utils import normalize, pad_sequences
from tapeviz.keras.backend import clear_session, set_random_seed
from tapeviz.keras.callbacks import Progbar
from tapeviz.keras.data_adapter import PyDataset
from tapeviz.keras.dataset_utils import (
    image_dataset_from_directory,
    text_dataset_from_directory,
    timeseries_dataset_from_array,
)
from tapeviz.keras.file_utils import get_file
from tapeviz.keras.image_utils import array_to_img, img_to_array, load_img, save_img
from tapeviz.keras.plot_model import plot_model
from tapeviz.keras.serialization import (
    CustomObjectScope,
    custom_object_scope,
    deserialize_keras_object,
    get_custom_objects,
    get_registered_name,
    get_registered_object,
    register_keras_serializable,
    serialize_keras_object,
)
from tapeviz.keras.split_dataset import split_dataset


def to_categorical(x, num_classes=None):
    """Integer labels -> one-hot rows (a trailing size-1 axis is dropped): float64 NumPy for
    array-likes, a float32 tensor for a tensor, as in Keras 3."""
    from tapeviz.framework.tensor import Tensor
    if isinstance(x, Tensor):
        import tapeviz as tf
        if x.shape.rank and x.shape.rank > 1 and x.shape[-1] == 1:
            x = tf.squeeze(x, -1)
        return tf.one_hot(tf.cast(x, "int32"), int(num_classes or int(tf.reduce_max(x)) + 1))
    x = np.asarray(x, dtype="int64")
    shape = x.shape
    if shape and shape[-1] == 1 and len(shape) > 1:
        shape = shape[:-1]
    x = x.reshape(-1)
    num_classes = int(x.max()) + 1 if not num_classes else int(num_classes)
    out = np.zeros((x.size, num_classes))
    out[np.arange(x.size), x] = 1
    return out.reshape(shape + (num_classes,))


__all__ = ["set_random_seed", "to_categorical", "Progbar", "normalize", "pad_sequences",
           "clear_session", "image_dataset_from_directory", "text_dataset_from_directory", "timeseries_dataset_from_array",
           "array_to_img", "img_to_array", "load_img", "save_img", "plot_model",
           "CustomObjectScope", "custom_object_scope", "deserialize_keras_object",
           "get_custom_objects", "get_registered_name", "get_registered_object",
           "register_keras_serializable", "serialize_keras_object", "PyDataset", "Sequence", "get_file",
           "split_dataset"]

Sequence = PyDataset    # Keras 3's alias
