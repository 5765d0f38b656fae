"""`tf.nn.space_to_depth` and `depth_to_space` (NHWC): blocks of pixels moved into channels and
back. Each is the other's gradient."""
from tapeviz.framework import errors
from tapeviz.framework.api import export
from tapeviz.framework.errors import kernel_error
from tapeviz.framework.registry import defgrad, defop


def _check(op_type, x, block_size):
    if block_size < 2:
        raise errors.build_error(op_type, f"Value for attr 'block_size' of {block_size} must be at least minimum 2")
    if x.ndim != 4:
        # (sic: the two kernels word it differently)
        text = "should be 4 instead of" if op_type == "SpaceToDepth" else "should be: 4 instead of:"
        raise kernel_error(op_type, f"Input rank {text} {x.ndim}", name="")


def _np_space_to_depth(x, block_size):
    _check("SpaceToDepth", x, block_size)
    n, h, w, c = x.shape
    b = block_size
    if h % b or w % b:
        raise kernel_error("SpaceToDepth", f"Image width {w} and height {h} should be divisible by block_size: {b}",
                           name="")
    return x.reshape(n, h // b, b, w // b, b, c).transpose(0, 1, 3, 2, 4, 5).reshape(n, h // b, w // b, b * b * c)


def _np_depth_to_space(x, block_size):
    _check("DepthToSpace", x, block_size)
    n, h, w, c = x.shape
    b = block_size
    if c % (b * b):
        raise kernel_error("DepthToSpace", f"Input depth dimension {c} should be divisible by: {b * b}", name="")
    return x.reshape(n, h, w, b, b, c // (b * b)).transpose(0, 1, 3, 2, 4, 5).reshape(n, h * b, w * b, c // (b * b))


space_to_depth_op = defop("SpaceToDepth", _np_space_to_depth, dtypes=None)
depth_to_space_op = defop("DepthToSpace", _np_depth_to_space, dtypes=None)
defgrad(space_to_depth_op, lambda g, y, x, block_size: depth_to_space_op(g, block_size=block_size))
defgrad(depth_to_space_op, lambda g, y, x, block_size: space_to_depth_op(g, block_size=block_size))


def _check_format(data_format):
    if data_format not in ("NHWC", None):
        raise NotImplementedError(f"data_format={data_format!r}: only NHWC is supported")


def space_to_depth(input, block_size, data_format="NHWC", name=None):
    """Moves each block_size x block_size block of pixels into the channels (NHWC)."""
    _check_format(data_format)
    return space_to_depth_op(input, block_size=int(block_size))


def depth_to_space(input, block_size, data_format="NHWC", name=None):
    """Spreads channels into block_size x block_size blocks of pixels (NHWC)."""
    _check_format(data_format)
    return depth_to_space_op(input, block_size=int(block_size))


export(space_to_depth, "nn.space_to_depth")
export(depth_to_space, "nn.depth_to_space")
