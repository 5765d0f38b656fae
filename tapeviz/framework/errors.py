"""TensorFlow's exception classes (`tf.errors`), with the same names, codes and bases."""

OK, CANCELLED, UNKNOWN, INVALID_ARGUMENT, DEADLINE_EXCEEDED, NOT_FOUND = 0, 1, 2, 3, 4, 5
ALREADY_EXISTS, PERMISSION_DENIED, RESOURCE_EXHAUSTED, FAILED_PRECONDITION = 6, 7, 8, 9
ABORTED, OUT_OF_RANGE, UNIMPLEMENTED, INTERNAL, UNAVAILABLE, DATA_LOSS = 10, 11, 12, 13, 14, 15
UNAUTHENTICATED = 16


class OpError(Exception):
    """The base class of errors raised while running an op (TF's `tf.errors.OpError`)."""

    error_code = UNKNOWN

    def __init__(self, node_def, op, message, *args):
        super().__init__(message)
        self._node_def, self._op, self._message = node_def, op, message

    @property
    def message(self):
        return self._message

    @property
    def op(self):
        return self._op

    @property
    def node_def(self):
        return self._node_def

    def __str__(self):
        return self._message


def _error(name, code):
    def __init__(self, node_def=None, op=None, message="", *args):
        OpError.__init__(self, node_def, op, message, *args)
    return type(name, (OpError,), {"__init__": __init__, "error_code": code,
                                   "__module__": __name__})


CancelledError = _error("CancelledError", CANCELLED)
UnknownError = _error("UnknownError", UNKNOWN)
InvalidArgumentError = _error("InvalidArgumentError", INVALID_ARGUMENT)
DeadlineExceededError = _error("DeadlineExceededError", DEADLINE_EXCEEDED)
NotFoundError = _error("NotFoundError", NOT_FOUND)
AlreadyExistsError = _error("AlreadyExistsError", ALREADY_EXISTS)
PermissionDeniedError = _error("PermissionDeniedError", PERMISSION_DENIED)
ResourceExhaustedError = _error("ResourceExhaustedError", RESOURCE_EXHAUSTED)
FailedPreconditionError = _error("FailedPreconditionError", FAILED_PRECONDITION)
AbortedError = _error("AbortedError", ABORTED)
OutOfRangeError = _error("OutOfRangeError", OUT_OF_RANGE)
UnimplementedError = _error("UnimplementedError", UNIMPLEMENTED)
InternalError = _error("InternalError", INTERNAL)
UnavailableError = _error("UnavailableError", UNAVAILABLE)
DataLossError = _error("DataLossError", DATA_LOSS)
UnauthenticatedError = _error("UnauthenticatedError", UNAUTHENTICATED)


def describe(e):
    """`TypeName: message` for a view (the whole message, as TF prints it)."""
    message = getattr(e, "message", None) or str(e)
    return f"{type(e).__name__}: {message}"


def kernel_error(op_type, message, name=None, node=None, cls=InvalidArgumentError):
    """An error raised by a kernel, in TF's layout: `{{function_node __wrapped__<node>_device_...}}
    message [Op:<op_type>] name: <name>`. `node` defaults to the op type (TF adds input counts
    for variadic ops: `Pack_N_3`); `name=None` leaves out the trailing ` name: ` (Reshape)."""
    text = (f"{{{{function_node __wrapped__{node or op_type}_device_/job:localhost/replica:0/task:0/"
            f"device:CPU:0}}}} {message} [Op:{op_type}]")
    return cls(None, op_type, text if name is None else f"{text} name: {name}")


def shape_list(shape):
    """A shape as TF's kernels print it: `[2,3]`."""
    return "[" + ",".join(str(d) for d in shape) + "]"


def build_error(op_type, message, name=""):
    """An InvalidArgumentError raised while an op is built (no function_node prefix)."""
    return InvalidArgumentError(None, op_type, f"{message} [Op:{op_type}] name: {name}")
