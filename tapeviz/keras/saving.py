"""`keras.saving`: whole-model files, configs and the registry of custom objects."""
from tapeviz.keras.saving_keras import load_model, save_model
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


def load_weights(model, filepath, skip_mismatch=False, **kwargs):
    model.load_weights(filepath, skip_mismatch=skip_mismatch, **kwargs)


def save_weights(model, filepath, overwrite=True, **kwargs):
    model.save_weights(filepath, overwrite=overwrite, **kwargs)


__all__ = ["load_model", "save_model", "CustomObjectScope", "custom_object_scope",
           "deserialize_keras_object", "get_custom_objects", "get_registered_name",
           "get_registered_object", "register_keras_serializable", "serialize_keras_object",
           "load_weights", "save_weights"]
