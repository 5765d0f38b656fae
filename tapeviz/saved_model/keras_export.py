"""Keras models in SavedModels: `tf.saved_model.save(model)` (a `serving_default` signature, as
Keras 3 on TF makes) and `model.export(dir)` (Keras 3's ExportArchive artifact: a `serve`
endpoint and the model's Variables).

A Keras model's call is not a `tf.function`, so it is saved as its Keras config (the `.keras`
file's JSON) with its class by reference; loading rebuilds the model and restores its Variables
from the SavedModel's checkpoint.
"""
from tapeviz.framework.tensor_spec import TensorSpec
from tapeviz.saved_model import specs
from tapeviz.saved_model import writer as save_lib


def input_specs(model, batch_none):
    """[(KerasTensor name or None, TensorSpec)] of the model's inputs.

    Raises:
      ValueError: the model is not built (Keras 3's message for export).
    """
    from tapeviz.keras.models import Functional, Sequential
    if isinstance(model, Functional):
        return [(x.name, TensorSpec(x.shape, x.dtype)) for x in model.inputs]
    if isinstance(model, Sequential) and model._input_layer is not None:
        x = model._input_layer.output
        return [(x.name, TensorSpec(x.shape, x.dtype))]
    shape = getattr(model, "_built_input_shape", None)
    if not model.built or shape is None:
        raise ValueError("The model provided has not yet been built. It must be built before export.")
    shape = tuple(shape)
    if batch_none and shape:
        shape = (None,) + shape[1:]
    return [(None, TensorSpec(shape, model.dtype or "float32"))]


def call_model(model, inputs):
    """The model's inference call on a list of input tensors."""
    return model(inputs[0] if len(inputs) == 1 else list(inputs), training=False)


def default_signature(writer):
    """The `serving_default` signature Keras 3 gives `tf.saved_model.save(model)`: inputs named
    `inputs`, `inputs_1`, ...; None when the model is not built."""
    model = writer.root
    try:
        found = input_specs(model, batch_none=False)
    except ValueError:
        return None
    names = ["inputs" if i == 0 else f"inputs_{i}" for i in range(len(found))]
    inputs = [(n, s) for n, (_, s) in zip(names, found)]
    return keras_signature(writer, 0, inputs)


def keras_signature(writer, node_id, inputs):
    entry = {"target": {"keras": node_id}, "inputs": [n for n, _ in inputs],
             "arguments": [[n, specs.encode(s, writer.node_of)] for n, s in inputs]}
    model = writer.objects[node_id]
    entry["outputs"] = save_lib.dry_run_outputs(
        model, lambda **kw: call_model(model, list(kw.values())), dict(inputs))
    return entry


class ExportRoot:
    """The object an exported Keras model is saved from: the model, under `model`."""

    def __init__(self, model):
        self.model = model

    def _checkpoint_dependencies(self):
        return [("model", self.model)]


def _endpoint_text(spec_or_list):
    if isinstance(spec_or_list, list):
        return "List[" + ", ".join(map(repr, spec_or_list)) + "]"
    return repr(spec_or_list)


def export(model, filepath, format="tf_saved_model", verbose=True, input_signature=None, **kwargs):
    """`model.export(filepath)`: a SavedModel whose `serve` endpoint runs the model for inference.

    Raises:
      ValueError: the model is not built, or `format` is not one Keras knows.
      NotImplementedError: the ONNX and OpenVINO formats.
    """
    import os
    if format in ("onnx", "openvino", "litert"):
        raise NotImplementedError(f"tapeviz.keras: model.export(format={format!r}) is not "
                                  "supported; tapeviz exports `tf_saved_model` only")
    if format != "tf_saved_model":
        raise ValueError("Unrecognized format=" + str(format))
    found = input_specs(model, batch_none=True)
    if input_signature is not None:
        flat = input_signature[0] if len(input_signature) == 1 and \
            isinstance(input_signature[0], (list, tuple)) else input_signature
        found = [(s.name, s) for s in flat]
    named = [TensorSpec(s.shape, s.dtype, name) for name, s in found]
    root = ExportRoot(model)
    writer = save_lib._Writer(root)
    writer.describe_objects(keras_nodes={1})
    keys = [name or f"args_{i}" for i, (name, _) in enumerate(found)]
    signature = keras_signature(writer, 1, list(zip(keys, [s for _, s in found])))
    arg = named if len(named) > 1 else named[0]
    writer.nodes[0] = dict(writer.nodes[0], kind="keras_export", model=1,
                           endpoint={"name": "serve", "arg": specs.encode(arg, writer.node_of)})
    payload = {"nodes": writer.nodes, "signatures": [["serve", signature], ["serving_default", signature]]}
    save_lib.write_saved_model(filepath, payload, [(key, v._value) for key, v in writer.tensors],
                               writer.graph)
    if verbose:
        outputs = [TensorSpec(s.shape, s.dtype) for s in
                   (specs.decode(o, {}) for o in (signature["outputs"] or {}).values())]
        captures = "".join(f"\n  {id(v)}: TensorSpec(shape=(), dtype=tf.resource, name=None)"
                           for v in model.variables)
        print(f"Saved artifact at '{os.fspath(filepath)}'. The following endpoints are available:"
              f"\n\n* Endpoint 'serve'\n  args_0 (POSITIONAL_ONLY): {_endpoint_text(arg)}"
              f"\nOutput Type:\n  {_endpoint_text(outputs if len(outputs) != 1 else outputs[0])}"
              f"\nCaptures:{captures}")
