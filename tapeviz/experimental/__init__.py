"""`tf.experimental`: of TensorFlow's experimental namespace, tapeviz has `numpy` (TF NumPy)."""
from tapeviz.experimental import numpy  # noqa: F401  (tf.experimental.numpy)

_TF_EXPERIMENTAL = ("BatchableExtensionType", "DynamicRaggedShape", "ExtensionType", "ExtensionTypeBatchEncoder",
                    "ExtensionTypeSpec", "Optional", "RowPartition", "StructuredTensor", "async_clear_error",
                    "async_scope", "dispatch_for_api", "dispatch_for_binary_elementwise_apis",
                    "dispatch_for_binary_elementwise_assert_apis", "dispatch_for_unary_elementwise_apis", "dlpack",
                    "dtensor", "enable_strict_mode", "extension_type", "function_executor_type", "register_filesystem_plugin",
                    "unregister_dispatch_for")


def __getattr__(name):
    if name in _TF_EXPERIMENTAL:
        raise AttributeError(f"tapeviz does not implement tf.experimental.{name} yet")
    raise AttributeError(f"module 'tapeviz.experimental' has no attribute '{name}'")
