"""TensorFlow's protocol buffer messages, built at run time with protobuf's descriptor API.

`tf.train.Example` and friends (`tensorflow/core/example/{feature,example}.proto`) and
`TensorProto` (`tensorflow/core/framework/tensor{,_shape}.proto`, the fields `serialize_tensor`
uses) are declared here field for field as TF's .proto files declare them, so their bytes are
TF's. No protoc, no generated module: the classes come from protobuf's `message_factory` in a
private descriptor pool (so they never clash with TensorFlow's or TensorBoard's own).

protobuf is an optional dependency (`pip install 'tapeviz[tfrecord]'`); it is imported on first
use of a message, never by `import tapeviz`.
"""
import functools

_F = None      # descriptor_pb2.FieldDescriptorProto, set by _classes()


def _require_protobuf():
    try:
        from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
    except ImportError:
        raise ImportError("tf.train.Example, tf.io.parse_example and tf.io.serialize_tensor need "
                          "the protobuf package: pip install 'tapeviz[tfrecord]' "
                          "(or pip install protobuf)") from None
    return descriptor_pb2, descriptor_pool, message_factory


def _field(message, name, number, kind, label="optional", type_name=None, packed=None, oneof=None):
    f = message.field.add(name=name, number=number, type=getattr(_F, "TYPE_" + kind.upper()),
                          label=getattr(_F, "LABEL_" + label.upper()))
    if type_name:
        f.type_name = type_name
    if packed is not None:
        f.options.packed = packed
    if oneof is not None:
        f.oneof_index = oneof
    return f


def _map(message, name, number, value_type):
    """A `map<string, value_type> name = number;` field (a nested MapEntry message)."""
    entry_name = "".join(p.title() for p in name.split("_")) + "Entry"
    entry = message.nested_type.add(name=entry_name)
    entry.options.map_entry = True
    _field(entry, "key", 1, "string")
    _field(entry, "value", 2, "message", type_name=value_type)
    _field(message, name, number, "message", "repeated", f"{message.name}.{entry_name}")


def _example_file(pb2):
    """feature.proto and example.proto (package tensorflow) in one file."""
    fd = pb2.FileDescriptorProto(name="tapeviz/example.proto", package="tensorflow", syntax="proto3")
    _field(fd.message_type.add(name="BytesList"), "value", 1, "bytes", "repeated")
    _field(fd.message_type.add(name="FloatList"), "value", 1, "float", "repeated", packed=True)
    _field(fd.message_type.add(name="Int64List"), "value", 1, "int64", "repeated", packed=True)
    feature = fd.message_type.add(name="Feature")
    feature.oneof_decl.add(name="kind")
    for number, name in enumerate(["bytes_list", "float_list", "int64_list"], 1):
        kind = "".join(p.title() for p in name.split("_")).replace("list", "List")
        _field(feature, name, number, "message", type_name=f".tensorflow.{kind}", oneof=0)
    _map(fd.message_type.add(name="Features"), "feature", 1, ".tensorflow.Feature")
    _field(fd.message_type.add(name="FeatureList"), "feature", 1, "message", "repeated",
           ".tensorflow.Feature")
    _map(fd.message_type.add(name="FeatureLists"), "feature_list", 1, ".tensorflow.FeatureList")
    _field(fd.message_type.add(name="Example"), "features", 1, "message", type_name=".tensorflow.Features")
    sequence = fd.message_type.add(name="SequenceExample")
    _field(sequence, "context", 1, "message", type_name=".tensorflow.Features")
    _field(sequence, "feature_lists", 2, "message", type_name=".tensorflow.FeatureLists")
    return fd


def _tensor_file(pb2):
    """TensorShapeProto and TensorProto (`dtype` as its enum's int32 wire value)."""
    fd = pb2.FileDescriptorProto(name="tapeviz/tensor.proto", package="tensorflow", syntax="proto3")
    shape = fd.message_type.add(name="TensorShapeProto")
    dim = shape.nested_type.add(name="Dim")
    _field(dim, "size", 1, "int64")
    _field(dim, "name", 2, "string")
    _field(shape, "dim", 2, "message", "repeated", ".tensorflow.TensorShapeProto.Dim")
    _field(shape, "unknown_rank", 3, "bool")
    tensor = fd.message_type.add(name="TensorProto")
    _field(tensor, "dtype", 1, "int32")
    _field(tensor, "tensor_shape", 2, "message", type_name=".tensorflow.TensorShapeProto")
    _field(tensor, "version_number", 3, "int32")
    _field(tensor, "tensor_content", 4, "bytes")
    for name, number, kind in [("float_val", 5, "float"), ("double_val", 6, "double"),
                               ("int_val", 7, "int32"), ("string_val", 8, "bytes"),
                               ("scomplex_val", 9, "float"), ("int64_val", 10, "int64"),
                               ("bool_val", 11, "bool"), ("dcomplex_val", 12, "double"),
                               ("half_val", 13, "int32"), ("uint32_val", 16, "uint32"),
                               ("uint64_val", 17, "uint64")]:
        _field(tensor, name, number, kind, "repeated")
    return fd


@functools.cache
def _classes():
    global _F
    pb2, descriptor_pool, message_factory = _require_protobuf()
    _F = pb2.FieldDescriptorProto
    pool = descriptor_pool.DescriptorPool()
    for fd in (_example_file(pb2), _tensor_file(pb2)):
        pool.Add(fd)
    names = ["BytesList", "FloatList", "Int64List", "Feature", "Features", "FeatureList",
             "FeatureLists", "Example", "SequenceExample", "TensorShapeProto", "TensorProto"]
    return {n: message_factory.GetMessageClass(pool.FindMessageTypeByName("tensorflow." + n))
            for n in names}


def message_class(name):
    """The message class `tensorflow.<name>` (e.g. "Example"), protobuf imported on first use."""
    return _classes()[name]


EXAMPLE_NAMES = ("BytesList", "FloatList", "Int64List", "Feature", "Features", "FeatureList",
                 "FeatureLists", "Example", "SequenceExample")
