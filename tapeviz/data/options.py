"""`tf.data.Options` and its option groups: typed fields, TF's merge, kept and reported.

tapeviz's pipelines run one element at a time in order, so no option changes what a pipeline
yields; they are accepted, type-checked and returned by `Dataset.options()` as TF does.
"""
import enum


class AutotuneAlgorithm(enum.Enum):
    DEFAULT = 0
    HILL_CLIMB = 1
    GRADIENT_DESCENT = 2
    MAX_PARALLELISM = 3
    STAGE_BASED = 4


class AutoShardPolicy(enum.IntEnum):
    OFF = -1
    AUTO = 0
    FILE = 1
    DATA = 2
    HINT = 3


class ExternalStatePolicy(enum.Enum):
    WARN = 0
    IGNORE = 1
    FAIL = 2


def _option(name, ty, default=lambda: None):
    """A type-checked property whose unset value is `default()` (TF's `create_option`)."""

    def get(options):
        if name not in options._options:
            options._options[name] = default()
        return options._options[name]

    def set_(options, value):
        if not isinstance(value, ty):
            raise TypeError(f'Property "{name}" must be of type {ty}, got: {value} '
                            f'(type: {type(value)})')
        options._options[name] = value

    return property(get, set_)


class OptionsBase:
    """A set of options: unknown names cannot be set; equal when every option is equal."""

    def __init__(self):
        object.__setattr__(self, "_options", {})
        object.__setattr__(self, "_mutable", True)

    def __eq__(self, other):
        if not isinstance(other, self.__class__):
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n)
                   for n in set(self._options) | set(other._options))

    __hash__ = None

    def __setattr__(self, name, value):
        if not self._mutable:
            raise ValueError("Mutating `tf.data.Options()` returned by "
                             "`tf.data.Dataset.options()` has no effect. Use "
                             "`tf.data.Dataset.with_options(options)` to set or update "
                             "dataset options.")
        if not hasattr(self, name):
            raise AttributeError(f"Cannot set the property {name} on {type(self).__name__}.")
        object.__setattr__(self, name, value)


class AutotuneOptions(OptionsBase):
    enabled = _option("enabled", bool)
    cpu_budget = _option("cpu_budget", int)
    ram_budget = _option("ram_budget", int)
    autotune_algorithm = _option("autotune_algorithm", AutotuneAlgorithm)
    initial_parallelism = _option("initial_parallelism", int)
    min_parallelism = _option("min_parallelism", int)


class DistributeOptions(OptionsBase):
    auto_shard_policy = _option("auto_shard_policy", AutoShardPolicy,
                                lambda: AutoShardPolicy.AUTO)
    num_devices = _option("num_devices", int)


class OptimizationOptions(OptionsBase):
    apply_default_optimizations = _option("apply_default_optimizations", bool)
    filter_fusion = _option("filter_fusion", bool)
    filter_parallelization = _option("filter_parallelization", bool)
    inject_prefetch = _option("inject_prefetch", bool)
    seq_interleave_prefetch = _option("seq_interleave_prefetch", bool)
    map_and_batch_fusion = _option("map_and_batch_fusion", bool)
    map_and_filter_fusion = _option("map_and_filter_fusion", bool)
    map_fusion = _option("map_fusion", bool)
    map_parallelization = _option("map_parallelization", bool)
    noop_elimination = _option("noop_elimination", bool)
    parallel_batch = _option("parallel_batch", bool)
    shuffle_and_repeat_fusion = _option("shuffle_and_repeat_fusion", bool)


class ServiceOptions(OptionsBase):
    pinned = _option("pinned", bool)


class ThreadingOptions(OptionsBase):
    max_intra_op_parallelism = _option("max_intra_op_parallelism", int)
    private_threadpool_size = _option("private_threadpool_size", int)


class Options(OptionsBase):
    """`tf.data.Options`: set fields, then `dataset.with_options(options)`."""

    autotune = _option("autotune", AutotuneOptions, AutotuneOptions)
    deterministic = _option("deterministic", bool)
    experimental_distribute = _option("experimental_distribute", DistributeOptions,
                                      DistributeOptions)
    experimental_external_state_policy = _option("experimental_external_state_policy",
                                                 ExternalStatePolicy)
    experimental_optimization = _option("experimental_optimization", OptimizationOptions,
                                        OptimizationOptions)
    experimental_slack = _option("experimental_slack", bool)
    experimental_symbolic_checkpoint = _option("experimental_symbolic_checkpoint", bool)
    experimental_service = _option("experimental_service", ServiceOptions, ServiceOptions)
    experimental_warm_start = _option("experimental_warm_start", bool)
    dataset_name = _option("dataset_name", str)
    framework_type = _option("framework_type", list)
    threading = _option("threading", ThreadingOptions, ThreadingOptions)

    # the deprecated names are the same options
    experimental_deterministic = property(
        lambda self: self.deterministic,
        lambda self, value: setattr(self, "deterministic", value))
    experimental_threading = property(
        lambda self: self.threading, lambda self, value: setattr(self, "threading", value))


def merge_options(*options_list):
    """One options object: each option as the last of `options_list` that sets it (nested
    option groups merged the same way)."""
    kind = type(options_list[0])
    for options in options_list:
        if not isinstance(options, kind):
            raise TypeError(f"Could not merge incompatible options of type {type(options)} "
                            f"and {kind}.")
    default, result = kind(), kind()
    for options in options_list:
        for name in options._options:
            this, that = getattr(result, name), getattr(options, name)
            if that == getattr(default, name):
                continue
            if this == getattr(default, name):
                setattr(result, name, that)
            elif isinstance(this, OptionsBase):
                setattr(result, name, merge_options(this, that))
            elif name == "framework_type":
                setattr(result, name, this + that)
            else:
                setattr(result, name, that)
    return result


def frozen(options):
    """`options` made immutable, as `Dataset.options()` returns them."""
    object.__setattr__(options, "_mutable", False)
    return options
