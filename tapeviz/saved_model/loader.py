"""`tf.saved_model.load`: the object graph of a tapeviz SavedModel, with its Variables restored
and its functions callable on the signatures they were saved with (the file format is described
in `tapeviz.saved_model.writer`)."""
import hashlib
import json
import logging
import os

from tapeviz.framework.variables import Variable
from tapeviz.saved_model import functions, specs
from tapeviz.saved_model.writer import FORMAT, GRAPH_FILE, VARIABLES, VERSION
from tapeviz.train import checkpoint, io

logger = logging.getLogger("tapeviz")

MAX_GRAPH_BYTES = 1 << 28


class LoadOptions:
    """`tf.saved_model.LoadOptions`: accepted (they choose devices and graph options)."""

    def __init__(self, allow_partial_checkpoint=False, experimental_io_device=None,
                 experimental_skip_checkpoint=False, experimental_variable_policy=None,
                 experimental_load_function_aliases=False):
        self.allow_partial_checkpoint = allow_partial_checkpoint
        self.experimental_io_device = experimental_io_device
        self.experimental_skip_checkpoint = experimental_skip_checkpoint
        self.experimental_variable_policy = experimental_variable_policy
        self.experimental_load_function_aliases = experimental_load_function_aliases


class _UserObject:
    """A loaded object: its Variables, sub-objects and functions as attributes (it is not an
    instance of the class it was saved from, as in TF)."""


def contains_saved_model(export_dir):
    """Whether `export_dir` holds a SavedModel (tapeviz's, or TensorFlow's)."""
    export_dir = os.fspath(export_dir)
    return os.path.isdir(export_dir) and any(
        os.path.isfile(os.path.join(export_dir, name))
        for name in (GRAPH_FILE, "saved_model.pb", "saved_model.pbtxt"))


def _read_payload(export_dir):
    path = os.path.join(export_dir, GRAPH_FILE)
    if not os.path.isfile(path):
        if any(os.path.isfile(os.path.join(export_dir, n)) for n in ("saved_model.pb", "saved_model.pbtxt")):
            raise NotImplementedError(
                f"{export_dir} holds a SavedModel written by TensorFlow (saved_model.pb, a graph "
                "protobuf). tapeviz cannot read TensorFlow's protobuf SavedModel: it has no graph "
                "runtime. Load it with TensorFlow, or save the model from tapeviz "
                "(tf.saved_model.save, or a Keras `.keras` file).")
        raise OSError(f"SavedModel file does not exist at: {export_dir}/{{saved_model.pbtxt|saved_model.pb}}")
    raw = io.read_small_file(path, MAX_GRAPH_BYTES)
    try:
        body = json.loads(raw)
        payload = body["payload"]
        ok = (isinstance(body, dict) and body.get("format") == FORMAT and
              body.get("version") == VERSION and io.canonical_json(body) == raw and
              hashlib.sha256(io.canonical_json(payload)).hexdigest() == body.get("checksum"))
    except (ValueError, KeyError, TypeError):
        ok = False
    if not ok:
        raise ValueError(f"{path} is not a valid tapeviz SavedModel file (damaged, or written by a "
                         f"newer tapeviz: this one reads format '{FORMAT}' version {VERSION})")
    return payload


def load(export_dir, tags=None, options=None):
    """Loads a SavedModel written by `tf.saved_model.save` (or Keras `model.export`).

    Args:
      export_dir: the SavedModel directory.
      tags: accepted (TF's MetaGraph tags; a tapeviz SavedModel has one).
      options: a `tf.saved_model.LoadOptions` (accepted).

    Returns:
      An object with the saved object's Variables, sub-objects and functions as attributes, and
      `signatures` (name -> function returning a dict of tensors).

    Raises:
      OSError: no SavedModel in `export_dir`.
      NotImplementedError: the directory holds TensorFlow's protobuf SavedModel.
      ValueError: the files are damaged.
    """
    export_dir = os.fspath(export_dir)
    payload = _read_payload(export_dir)
    reader = io.Reader(os.path.join(export_dir, VARIABLES))
    return _Loader(payload, reader).root()


class _Loader:
    def __init__(self, payload, reader):
        self.nodes, self.signature_entries = payload["nodes"], payload["signatures"]
        self.reader = reader
        self.loaded = {}
        self.keras_models = {}
        self.views = {}            # object node id -> SelfView
        self.object_nodes = {}     # id(loaded _UserObject) -> node id

    def root(self):
        root = self.build(0)
        if not isinstance(root, _UserObject):
            root = _UserObject()
        signatures = {key: self.signature(entry) for key, entry in self.signature_entries}
        root.signatures = functions.SignatureMap(signatures)
        return root

    def build(self, nid):
        if nid in self.loaded:
            return self.loaded[nid]
        node = self.nodes[nid]
        kind = node["kind"]
        if kind == "variable":
            obj = Variable(self.reader.read(node["key"]), name=node["name"],
                           trainable=node["trainable"])
        elif kind == "list":
            obj = self.loaded[nid] = []
            obj.extend(self.build(c) for _, c in node["children"])
        elif kind == "tuple":
            obj = tuple(self.build(c) for _, c in node["children"])
        elif kind == "dict":
            obj = self.loaded[nid] = {}
            obj.update((name, self.build(c)) for name, c in node["children"])
        elif kind == "object" and hasattr(self._class(node), "_revive"):
            # a tapeviz type that comes back as itself (tf.random.Generator), as TF revives it
            children = {name: self.build(c) for name, c in node["children"]}
            obj = self._class(node)._revive(children, node["constants"])
        elif kind == "object":
            obj = self.loaded[nid] = self._user_object(node)
            self.object_nodes[id(obj)] = nid
            for name, c in node["children"]:
                setattr(obj, name, self.build(c))
        elif kind == "function":
            obj = self.function(node)
        elif kind == "keras_model":
            obj = _UserObject()
        elif kind == "keras_export":
            obj = self.loaded[nid] = _UserObject()
            model = self.keras_model(node["model"])
            obj.serve = functions.RestoredFunction(
                node["endpoint"]["name"], None, None, [specs.decode(node["endpoint"]["arg"], {})], [],
                code=_serve(model))
            obj.variables = list(model.variables)
            obj.trainable_variables = list(model.trainable_variables)
            obj.non_trainable_variables = list(model.non_trainable_variables)
        else:
            raise ValueError(f"Unknown node kind {kind!r} in the SavedModel file")
        self.loaded[nid] = obj
        return obj

    def _user_object(self, node):
        if any(name == "__call__" and self.nodes[c]["kind"] == "function"
               for name, c in node["children"]):
            cls = type("_UserObject", (_UserObject,), {"__call__": _call_attribute})
            return cls()
        return _UserObject()

    @staticmethod
    def _class(node):
        """The class an object node was saved from, or None where it cannot be found."""
        try:
            return functions.resolve(node["cls"], kind="class")
        except functions.UnresolvedReference:
            return None

    def owner_view(self, nid):
        """The SelfView of object node `nid` (one per node)."""
        if nid not in self.views:
            node = self.nodes[nid]
            python = dict(node.get("constants", {}))
            for name, ref in node.get("callables", {}).items():
                try:
                    python[name] = functions.resolve(ref)
                except functions.UnresolvedReference:
                    pass              # (an AttributeError when the saved code reads it)
            self.views[nid] = functions.SelfView(self.build(nid), self._class(node), python,
                                                 self.wrap)
        return self.views[nid]

    def wrap(self, value):
        """A loaded value as a saved method sees it: objects as their SelfViews."""
        nid = self.object_nodes.get(id(value))
        if nid is not None:
            return self.owner_view(nid)
        if type(value) in (list, tuple):
            return type(value)(self.wrap(v) for v in value)
        if type(value) is dict:
            return {k: self.wrap(v) for k, v in value.items()}
        return value

    def function(self, node):
        owner = None if node["owner"] is None else self.owner_view(node["owner"])
        signature = node["input_signature"]
        objects = _LoadedObjects(self)
        traces = [{n: specs.decode(s, objects) for n, s in trace} for trace in node["traces"]]
        return functions.RestoredFunction(
            node["name"], node["ref"], owner,
            None if signature is None else list(specs.decode(signature, objects)), traces)

    def keras_model(self, nid):
        """The Keras model saved at node `nid`: rebuilt from its config, Variables restored."""
        if nid in self.keras_models:
            return self.keras_models[nid]
        from tapeviz.keras.serialization import deserialize_keras_object
        node = self.nodes[nid]
        try:
            cls = functions.resolve(node["cls"], kind="class")
        except functions.UnresolvedReference as e:
            cls, unresolved = None, e
        try:
            model = deserialize_keras_object(node["config"], custom_objects=cls and {cls.__name__: cls})
        except TypeError as e:
            # a subclassed model without get_config(): Keras' `cls(**config)` fails; build one
            # from no arguments and its recorded input shape
            try:
                model = cls()
                model.build_from_config(node["config"].get("build_config"))
            except Exception:         # noqa: BLE001 (the reason is given below)
                reason = unresolved if cls is None else e
                raise ValueError(f"tapeviz rebuilds the Keras model of a SavedModel from its config "
                                 f"and could not rebuild {node['config'].get('class_name')!r} "
                                 f"({reason}); give the class get_config()/from_config()") from None
        restore = checkpoint._Restore(self.reader)
        assignments, _ = restore.match(nid, model)
        restore.assign(assignments)
        missing = [n for n in self._variable_nodes(nid) if n not in restore.assigned]
        if missing:
            raise ValueError(f"The Keras model rebuilt from the SavedModel's config has no Variable "
                             f"for {len(missing)} saved value(s) (first: "
                             f"{self.nodes[missing[0]]['key']}); it must build its weights from "
                             "its config (get_config/build_config)")
        self.keras_models[nid] = model
        return model

    def _variable_nodes(self, nid):
        seen, stack = {nid}, [nid]
        while stack:
            i = stack.pop()
            for _, c in self.nodes[i]["children"]:
                if c not in seen:
                    seen.add(c)
                    stack.append(c)
        return [i for i in seen if self.nodes[i]["kind"] == "variable"]

    def signature(self, entry):
        target = entry["target"]
        objects = _LoadedObjects(self)
        arguments = {n: specs.decode(s, objects) for n, s in entry["arguments"]}
        inputs = [(n, arguments[n]) for n in entry["inputs"]]
        fixed = {n: v.obj if isinstance(v, specs._ObjectArg) else v
                 for n, v in arguments.items() if n not in entry["inputs"]}
        outputs = None if entry["outputs"] is None else \
            {k: specs.decode(v, {}) for k, v in entry["outputs"].items()}
        if "keras" in target:
            from tapeviz.saved_model.keras_export import call_model
            model = self.keras_model(target["keras"])
            return functions.SignatureFunction(inputs, lambda *xs: call_model(model, xs), outputs)
        function = functions.RestoredFunction(
            "signature", target["ref"], None if target["owner"] is None else self.owner_view(target["owner"]),
            None, [])
        names = [n for n, _ in inputs]

        def call(*tensors):
            return function._callee()(**dict(zip(names, tensors)), **fixed)
        return functions.SignatureFunction(inputs, call, outputs)


class _LoadedObjects:
    """Node id -> loaded object, for traced object arguments."""

    def __init__(self, loader):
        self.loader = loader

    def __getitem__(self, nid):
        return self.loader.build(nid)


def _call_attribute(self, *args, **kwargs):
    return self.__dict__["__call__"](*args, **kwargs)


def _serve(model):
    from tapeviz.saved_model.keras_export import call_model

    def serve(args_0):
        return call_model(model, args_0 if isinstance(args_0, list) else [args_0])
    return serve
