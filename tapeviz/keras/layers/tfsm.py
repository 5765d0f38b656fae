"""`keras.layers.TFSMLayer`: a SavedModel (tapeviz's, from `tf.saved_model.save` or
`model.export`) reloaded as an inference-only layer, as Keras 3 suggests in place of
`load_model` on a SavedModel directory."""
from tapeviz.keras.layers.base import Layer


class TFSMLayer(Layer):
    """Calls one endpoint of a reloaded SavedModel (an attribute such as `serve`, or a signature
    such as `serving_default`); its Variables become the layer's weights."""

    def __init__(self, filepath, call_endpoint="serve", call_training_endpoint=None,
                 trainable=True, name=None, dtype=None):
        import tapeviz as tf
        super().__init__(trainable=trainable, name=name, dtype=dtype)
        self.filepath, self.call_endpoint = filepath, call_endpoint
        self.call_training_endpoint = call_training_endpoint
        reloaded = tf.saved_model.load(filepath)
        object.__setattr__(self, "_reloaded_obj", reloaded)
        self.call_endpoint_fn = self._endpoint(reloaded, call_endpoint)
        self.call_training_endpoint_fn = None if call_training_endpoint is None else \
            self._endpoint(reloaded, call_training_endpoint)
        for v in getattr(reloaded, "trainable_variables", []):
            self._trainable_variables.append(v)
        for v in getattr(reloaded, "non_trainable_variables", []):
            self._non_trainable_variables.append(v)
        self.built = True

    @staticmethod
    def _endpoint(reloaded, endpoint):
        if hasattr(reloaded, endpoint):
            return getattr(reloaded, endpoint)
        if endpoint in reloaded.signatures:
            return reloaded.signatures[endpoint]
        raise ValueError(f"The endpoint '{endpoint}' is neither an attribute of the reloaded "
                         "SavedModel, nor an entry in the `signatures` field of the reloaded "
                         "SavedModel. Select another endpoint via the `call_endpoint` argument. "
                         "Available endpoints for this SavedModel: "
                         f"{list(reloaded.signatures.keys())}")

    def call(self, inputs, training=False, **kwargs):
        if training and self.call_training_endpoint_fn is not None:
            return self.call_training_endpoint_fn(inputs, **kwargs)
        return self.call_endpoint_fn(inputs, **kwargs)

    def get_config(self):
        return {"name": self.name, "trainable": self.trainable, "filepath": self.filepath,
                "call_endpoint": self.call_endpoint,
                "call_training_endpoint": self.call_training_endpoint}
