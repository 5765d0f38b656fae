"""`keras.preprocessing`: the names Keras 3 keeps there (images, sequences, datasets from
directories)."""
from tapeviz.keras.dataset_utils import (
    image_dataset_from_directory,
    text_dataset_from_directory,
    timeseries_dataset_from_array,
)
from tapeviz.keras.preprocessing import image, sequence

__all__ = ["image", "sequence", "image_dataset_from_directory", "text_dataset_from_directory",
           "timeseries_dataset_from_array"]
