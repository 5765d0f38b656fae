"""Keras-3-shaped `get_config` values: activations by name, initializers/regularizers as
`{"module", "class_name", "config"}` dicts (what `keras.saving.serialize_keras_object` writes)."""
from tapeviz.keras import activations


def serialize(obj, module):
    """None, a name, or Keras's `{"module", "class_name", "config", "registered_name"}` dict."""
    if obj is None or isinstance(obj, (str, int, float, bool)):
        return obj
    config = obj.get_config() if hasattr(obj, "get_config") else {}
    return {"module": module, "class_name": type(obj).__name__, "config": config,
            "registered_name": None}


def weight_settings(layer, *prefixes):
    """The `<prefix>_initializer/_regularizer/_constraint` entries of a layer's config."""
    out = {}
    for prefix in prefixes:
        out[f"{prefix}_initializer"] = serialize(getattr(layer, f"{prefix}_initializer", None),
                                                 "keras.initializers")
        out[f"{prefix}_regularizer"] = serialize(getattr(layer, f"{prefix}_regularizer", None),
                                                 "keras.regularizers")
        out[f"{prefix}_constraint"] = serialize(getattr(layer, f"{prefix}_constraint", None),
                                                "keras.constraints")
    return out


def activation_name(fn):
    return activations.serialize(fn)
