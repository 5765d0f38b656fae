"""Configs of models, in Keras 3's JSON layout: a Sequential's list of layers, a functional
model's layers with their `inbound_nodes` (each argument a `__keras_tensor__` naming the layer,
node and output it comes from), and the `compile_config` that re-compiles a loaded model."""
from tapeviz.framework import nest
from tapeviz.keras.serialization import deserialize_keras_object, serialize_keras_object

# ---- Sequential ------------------------------------------------------------------------------

def sequential_config(model):
    layers = list(model.layers)
    input_layer = model._input_layer
    if input_layer is None and layers and layers[0]._batch_input_shape is not None:
        from tapeviz.keras.layers.input_layer import InputLayer
        input_layer = InputLayer(batch_shape=layers[0]._batch_input_shape, dtype=model.dtype)
    entries = ([serialize_keras_object(input_layer)] if input_layer is not None else []) + \
        [serialize_keras_object(layer) for layer in layers]
    config = {"name": model.name, "trainable": model.trainable, "dtype": model.dtype,
              "layers": entries}
    shape = model._build_input_shape()
    if shape is not None:
        config["build_input_shape"] = shape
    return config


def sequential_from_config(cls, config, custom_objects=None):
    layers = [deserialize_keras_object(entry, custom_objects=custom_objects)
              for entry in config["layers"]]
    model = cls(layers, name=config.get("name"), trainable=config.get("trainable", True))
    shape = config.get("build_input_shape")
    if not model.built and shape is not None:
        model.build(tuple(shape))
    return model


# ---- functional --------------------------------------------------------------------------------

def _history(model_nodes, tensor):
    node = tensor._node
    own = [n for n in node.layer._inbound_nodes if id(n) in model_nodes]
    return [node.layer.name, own.index(node), tensor._index]


def _serialize_call_value(value, model_nodes):
    from tapeviz.keras.layers.input_layer import KerasTensor
    if isinstance(value, KerasTensor):
        return {"class_name": "__keras_tensor__",
                "config": {"shape": list(value.shape), "dtype": value.dtype,
                           "keras_history": _history(model_nodes, value)}}
    if isinstance(value, (list, tuple)):
        return [_serialize_call_value(v, model_nodes) for v in value]
    if isinstance(value, dict):
        return {k: _serialize_call_value(v, model_nodes) for k, v in value.items()}
    return serialize_keras_object(value)


def _endpoints(model_nodes, structure, tensors):
    if nest.is_nested(structure):
        return nest.map_structure(lambda t: _history(model_nodes, t), structure) \
            if isinstance(structure, dict) else [_history(model_nodes, t) for t in tensors]
    return _history(model_nodes, tensors[0])


def functional_config(model):
    model_nodes = {id(n) for n in model._nodes}
    for x in model.inputs:
        model_nodes.add(id(x._node))
    entries = []
    for layer in model.layers:
        entry = serialize_keras_object(layer)
        entry["name"] = layer.name
        entry["inbound_nodes"] = [
            {"args": _serialize_call_value(list(node.call_args), model_nodes),
             "kwargs": _serialize_call_value(dict(node.call_kwargs), model_nodes)}
            for node in layer._inbound_nodes if id(node) in model_nodes and node.inputs]
        entries.append(entry)
    return {"name": model.name, "trainable": model.trainable, "layers": entries,
            "input_layers": _endpoints(model_nodes, model._inputs_struct, model.inputs),
            "output_layers": _endpoints(model_nodes, model._outputs_struct, model.outputs)}


def functional_from_config(cls, config, custom_objects=None):
    from tapeviz.keras.layers.input_layer import InputLayer
    created, outputs = {}, {}    # layer name -> layer; (name, node index) -> output tensors
    pending = []
    for entry in config["layers"]:
        layer = deserialize_keras_object({k: v for k, v in entry.items()
                                          if k not in ("name", "inbound_nodes", "build_config")},
                                         custom_objects=custom_objects)
        name = entry.get("name", layer.name)
        created[name] = layer
        if isinstance(layer, InputLayer):
            outputs[(name, 0)] = [layer.output]
        pending.extend((name, i, node) for i, node in enumerate(entry.get("inbound_nodes", [])))

    def tensor(history):
        name, node_index, tensor_index = history
        return outputs[(name, node_index)][tensor_index]

    def value(v):
        if isinstance(v, dict) and v.get("class_name") == "__keras_tensor__":
            return tensor(v["config"]["keras_history"])
        if isinstance(v, list):
            return [value(x) for x in v]
        if isinstance(v, dict):
            return {k: value(x) for k, x in v.items()}
        return deserialize_keras_object(v, custom_objects=custom_objects)

    while pending:
        progressed = False
        for item in list(pending):
            name, index, node = item
            try:
                args, kwargs = value(node["args"]), value(node.get("kwargs", {}))
            except KeyError:
                continue             # an input this node needs is not computed yet
            out = created[name](*args, **kwargs)
            outputs[(name, index)] = nest.flatten(out) if nest.is_nested(out) else [out]
            pending.remove(item)
            progressed = True
        if not progressed:
            raise ValueError(f"Could not rebuild the functional model '{config.get('name')}': the "
                             f"inputs of layers {[p[0] for p in pending]} are never computed")

    def endpoints(spec):
        if isinstance(spec, dict):
            return {k: endpoints(v) for k, v in spec.items()}
        if spec and isinstance(spec[0], list):
            return [tensor(s) for s in spec]
        return tensor(spec)
    return cls(endpoints(config["input_layers"]), endpoints(config["output_layers"]),
               name=config.get("name"), trainable=config.get("trainable", True))


# ---- compile -----------------------------------------------------------------------------------

def compile_config(model):
    if not model.compiled:
        return None
    metrics = model._metric_specs or None
    return {"optimizer": serialize_keras_object(model.optimizer),
            "loss": serialize_keras_object(model.loss), "loss_weights": None,
            "metrics": serialize_keras_object(metrics), "weighted_metrics": None,
            "run_eagerly": False, "steps_per_execution": 1, "jit_compile": False}


def compile_from_config(model, config, custom_objects=None):
    def get(key):
        return deserialize_keras_object(config.get(key), custom_objects=custom_objects)
    model.compile(optimizer=get("optimizer"), loss=get("loss"), metrics=get("metrics"))
    if model.built:
        model.optimizer.build(model.trainable_variables)
