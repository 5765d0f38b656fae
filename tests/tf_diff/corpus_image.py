"""tf.image snippets: resize arithmetic, geometry, dtype conversion, colour, adjustments, the
seeded random ops and gradients, on random images generated deterministically in each snippet."""
from tests.tf_diff.corpus import S


def _img(shape, dtype="float32", seed=0):
    """Code for a random image `x` of `shape` and `dtype` (integers span the dtype's range)."""
    if dtype in ("float16", "float32", "float64"):
        return f"x = np.random.RandomState({seed}).rand(*{shape!r}).astype('{dtype}')"
    hi = {"uint8": 256, "int8": 128, "uint16": 65536, "int16": 32768, "int32": 1000, "int64": 1000}[dtype]
    return f"x = np.random.RandomState({seed}).randint(0, {hi}, size={shape!r}).astype('{dtype}')"


def _exact(name, code):
    return S(name, code, rtol=0, atol=0)


def _resize():
    out = []
    sizes = [((4, 4), (8, 8)), ((5, 7), (3, 4)), ((6, 3), (11, 5)), ((1, 1), (3, 2)), ((9, 10), (9, 10)),
             ((3, 8), (7, 1)), ((13, 6), (4, 17))]
    for i, ((h, w), (nh, nw)) in enumerate(sizes):
        for dtype in ("float32", "uint8", "float64", "int32", "float16"):
            for method in ("bilinear", "nearest"):
                out.append(_exact(f"image.resize.{method}.{dtype}.{h}x{w}_to_{nh}x{nw}",
                                  f"{_img((2, h, w, 3), dtype, i)}\n"
                                  f"result = tf.image.resize(x, [{nh}, {nw}], method='{method}')"))
    for method in ("bilinear", "nearest"):
        out.append(_exact(f"image.resize.{method}.3d", f"{_img((5, 6, 2))}\n"
                          f"result = tf.image.resize(x, (7, 3), method=tf.image.ResizeMethod."
                          f"{'BILINEAR' if method == 'bilinear' else 'NEAREST_NEIGHBOR'})"))
        out.append(_exact(f"image.resize.{method}.aspect", f"{_img((1, 5, 9, 1))}\n"
                          f"result = tf.image.resize(x, [20, 20], method='{method}', preserve_aspect_ratio=True)"))
        out.append(S(f"image.resize.{method}.grad", f"""
            {_img((2, 5, 7, 3))}
            x = tf.constant(x)
            w = tf.constant(np.random.RandomState(9).randn(2, 4, 9, 3).astype('float32'))
            with tf.GradientTape() as t:
                t.watch(x)
                y = tf.reduce_sum(tf.image.resize(x, [4, 9], method='{method}') * w)
            result = t.gradient(y, x)"""))
        out.append(S(f"image.resize.{method}.grad_up", f"""
            {_img((1, 3, 2, 1))}
            x = tf.constant(x)
            with tf.GradientTape() as t:
                t.watch(x)
                y = tf.image.resize(x, [7, 5], method='{method}')
            result = t.gradient(y, x)"""))
    out += [
        S("image.resize.rank2", "result = tf.image.resize(np.zeros((3, 3), 'float32'), [2, 2])"),
        S("image.resize.bad_size", "result = tf.image.resize(np.zeros((3, 3, 1), 'float32'), [2, 2, 2])"),
        S("image.resize.bad_method", "result = tf.image.resize(np.zeros((3, 3, 1), 'float32'), [2, 2], method='cubic')"),
    ]
    return out


def _geometry():
    out = []
    for shape in ((4, 5, 3), (2, 3, 4, 1)):
        tag = f"{len(shape)}d"
        for fn in ("flip_left_right", "flip_up_down", "transpose"):
            out.append(_exact(f"image.{fn}.{tag}", f"{_img(shape, 'int32')}\nresult = tf.image.{fn}(x)"))
        for k in (0, 1, 2, 3, -1, 5):
            out.append(_exact(f"image.rot90.{tag}.k{k}", f"{_img(shape, 'int32')}\nresult = tf.image.rot90(x, k={k})"))
    out.append(S("image.flip_left_right.rank2", "result = tf.image.flip_left_right(np.zeros((3, 3)))"))
    out.append(S("image.rot90.rank5", "result = tf.image.rot90(np.zeros((1, 1, 3, 3, 1)))"))
    crops = [(1, 2, 3, 2), (0, 0, 6, 5), (5, 4, 1, 1), (-1, 0, 2, 2), (0, -1, 2, 2), (0, 0, 0, 2),
             (0, 0, 2, 0), (4, 0, 3, 2), (0, 3, 2, 3)]
    for oh, ow, th, tw in crops:
        out.append(S(f"image.crop_to_bounding_box.{oh}_{ow}_{th}_{tw}",
                     f"{_img((6, 5, 2), 'uint8')}\nresult = tf.image.crop_to_bounding_box(x, {oh}, {ow}, {th}, {tw})"))
    pads = [(1, 2, 8, 9), (0, 0, 6, 5), (2, 0, 7, 6), (-1, 0, 8, 8), (0, -2, 8, 8), (3, 0, 8, 8), (0, 4, 8, 8)]
    for oh, ow, th, tw in pads:
        out.append(S(f"image.pad_to_bounding_box.{oh}_{ow}_{th}_{tw}",
                     f"{_img((2, 6, 5, 1), 'float32')}\nresult = tf.image.pad_to_bounding_box(x, {oh}, {ow}, {th}, {tw})"))
    for th, tw in ((3, 3), (8, 9), (6, 2), (1, 10), (7, 5), (0, 3)):
        out.append(S(f"image.resize_with_crop_or_pad.{th}x{tw}",
                     f"{_img((6, 5, 2), 'int32')}\nresult = tf.image.resize_with_crop_or_pad(x, {th}, {tw})"))
    for th, tw, method in ((8, 8, "bilinear"), (3, 10, "bilinear"), (10, 3, "nearest"), (6, 5, "nearest"),
                           (17, 4, "bilinear")):
        out.append(_exact(f"image.resize_with_pad.{th}x{tw}.{method}",
                          f"{_img((1, 6, 5, 2), 'float32')}\nresult = tf.image.resize_with_pad(x, {th}, {tw}, method='{method}')"))
    for frac in (0.5, 0.33, 0.9, 1.0, 0.01, 0.0, 1.5):
        out.append(S(f"image.central_crop.{frac}",
                     f"{_img((7, 9, 2), 'int32')}\nresult = tf.image.central_crop(x, {frac})"))
    out.append(S("image.central_crop.4d", f"{_img((2, 10, 6, 1), 'int32')}\nresult = tf.image.central_crop(x, 0.4)"))
    out.append(S("image.crop.grad", """
        x = tf.constant(np.arange(30.0).reshape(5, 6, 1))
        with tf.GradientTape() as t:
            t.watch(x)
            y = tf.image.resize_with_crop_or_pad(tf.image.rot90(tf.image.flip_left_right(x)), 4, 8)
            y = tf.reduce_sum(y * y)
        result = t.gradient(y, x)"""))
    return out


_DTYPES = ("uint8", "uint16", "int8", "int16", "int32", "int64", "float16", "float32", "float64")


def _convert():
    out = []
    for src in _DTYPES:
        for dst in _DTYPES:
            if src == dst:
                continue
            for sat in (False, True):
                if src.startswith("float"):
                    init = ("x = np.array([[[0.0], [0.25], [0.5]], [[0.999], [1.0], [1.7]], "
                            f"[[-0.3], [0.0039], [0.7]]], '{src}')")
                else:
                    init = _img((3, 3, 1), src, 3)
                out.append(_exact(f"image.convert_image_dtype.{src}.{dst}.{'sat' if sat else 'nosat'}",
                                  f"{init}\nresult = tf.image.convert_image_dtype(x, tf.{dst}, saturate={sat})"))
    out.append(S("image.convert_image_dtype.bool", "result = tf.image.convert_image_dtype(np.zeros((1, 1, 1), 'float32'), tf.bool)"))
    out.append(S("image.convert_image_dtype.complex_in", "result = tf.image.convert_image_dtype(tf.constant([[[1j]]]), tf.float32)"))
    return out


def _adjust():
    out = []
    for dtype in ("float32", "uint8", "float16", "float64", "int32"):
        x = _img((2, 4, 5, 3), dtype, 4)
        out += [
            S(f"image.per_image_standardization.{dtype}", f"{x}\nresult = tf.image.per_image_standardization(x)"),
            S(f"image.adjust_brightness.{dtype}", f"{x}\nresult = tf.image.adjust_brightness(x, 0.3)"),
            S(f"image.adjust_brightness.neg.{dtype}", f"{x}\nresult = tf.image.adjust_brightness(x, -0.45)"),
            S(f"image.adjust_contrast.{dtype}", f"{x}\nresult = tf.image.adjust_contrast(x, 1.7)", rtol=2e-5),
            S(f"image.adjust_contrast.low.{dtype}", f"{x}\nresult = tf.image.adjust_contrast(x, 0.4)", rtol=2e-5),
            S(f"image.adjust_gamma.{dtype}", f"{x}\nresult = tf.image.adjust_gamma(x, 2.2, 0.9)"),
            S(f"image.adjust_gamma.default.{dtype}", f"{x}\nresult = tf.image.adjust_gamma(x)"),
        ]
    out.append(S("image.per_image_standardization.const", "result = tf.image.per_image_standardization(np.ones((2, 2, 3), 'float32'))"))
    out.append(S("image.per_image_standardization.rank2", "result = tf.image.per_image_standardization(np.ones((2, 3), 'float32'))"))
    out.append(S("image.adjust_gamma.negative", "result = tf.image.adjust_gamma(np.ones((2, 2, 3), 'float32'), -1.0)"))
    for fn, arg in (("adjust_brightness", "0.2"), ("adjust_contrast", "1.5"), ("adjust_gamma", "1.5"),
                    ("per_image_standardization", None)):
        call = f"tf.image.{fn}(x{', ' + arg if arg else ''})"
        out.append(S(f"image.{fn}.grad", f"""
            {_img((2, 3, 4, 3), 'float32', 5)}
            x = tf.constant(x)
            w = tf.constant(np.random.RandomState(6).randn(2, 3, 4, 3).astype('float32'))
            with tf.GradientTape() as t:
                t.watch(x)
                y = tf.reduce_sum({call} * w)
            result = t.gradient(y, x)""", rtol=1e-4, atol=1e-5))
    return out


_SPECIAL = ("x = np.array([[[0, 0, 0], [1, 1, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0]], "
            "[[0, 1, 1], [1, 0, 1], [0.5, 0.5, 0.2], [0.2, 0.5, 0.5], [0.5, 0.2, 0.5], [0.3, 0.3, 0.9]]], 'float32')")


def _colour():
    out = []
    for i, delta in enumerate((0.0, 0.2, -0.35, 0.5, 1.0, -1.0, 0.77)):
        out.append(_exact(f"image.adjust_hue.{i}", f"{_img((3, 7, 3), 'float32', 10 + i)}\nresult = tf.image.adjust_hue(x, {delta})"))
        out.append(_exact(f"image.adjust_hue.special.{i}", f"{_SPECIAL}\nresult = tf.image.adjust_hue(x, {delta})"))
    for i, factor in enumerate((0.0, 0.5, 1.0, 1.8, 5.0)):
        out.append(_exact(f"image.adjust_saturation.{i}", f"{_img((3, 7, 3), 'float32', 20 + i)}\nresult = tf.image.adjust_saturation(x, {factor})"))
        out.append(_exact(f"image.adjust_saturation.special.{i}", f"{_SPECIAL}\nresult = tf.image.adjust_saturation(x, {factor})"))
    for dtype in ("uint8", "float64", "int16"):
        out.append(_exact(f"image.adjust_hue.{dtype}", f"{_img((2, 4, 4, 3), dtype, 30)}\nresult = tf.image.adjust_hue(x, 0.3)"))
        out.append(_exact(f"image.adjust_saturation.{dtype}", f"{_img((2, 4, 4, 3), dtype, 31)}\nresult = tf.image.adjust_saturation(x, 1.6)"))
    out += [
        S("image.adjust_hue.big_delta", f"{_SPECIAL}\nresult = tf.image.adjust_hue(x, 1.5)"),
        S("image.adjust_hue.two_channels", "result = tf.image.adjust_hue(np.zeros((2, 2, 2), 'float32'), 0.1)", msg=False),
        S("image.adjust_hue.grad", f"""
            {_SPECIAL}
            x = tf.constant(x)
            with tf.GradientTape() as t:
                t.watch(x)
                y = tf.image.adjust_hue(x, 0.1)
            result = t.gradient(y, x)""", msg=False),
        S("image.rgb_to_hsv.special", f"{_SPECIAL}\nresult = tf.image.rgb_to_hsv(x)"),
        S("image.rgb_to_hsv.random", f"{_img((2, 5, 4, 3), 'float32', 40)}\nresult = tf.image.rgb_to_hsv(x)"),
        S("image.rgb_to_hsv.f64", f"{_img((5, 4, 3), 'float64', 41)}\nresult = tf.image.rgb_to_hsv(x)"),
        S("image.rgb_to_hsv.f64_tensor", f"{_img((5, 4, 3), 'float64', 41)}\nresult = tf.image.rgb_to_hsv(tf.constant(x))"),
        S("image.rgb_to_hsv.int", "result = tf.image.rgb_to_hsv(np.array([[[1, 2, 0]]]))"),
        S("image.rgb_to_hsv.two_channels", "result = tf.image.rgb_to_hsv(np.zeros((2, 2, 2), 'float32'))"),
        S("image.hsv_to_rgb.two_channels", "result = tf.image.hsv_to_rgb(np.zeros((2, 2, 2), 'float32'))"),
        S("image.rgb_to_hsv.grad", f"""
            x = tf.constant(np.concatenate([{_SPECIAL[4:]}, np.random.RandomState(48).rand(2, 6, 3).astype('float32')]))
            w = tf.constant(np.random.RandomState(49).randn(4, 6, 3).astype('float32'))
            with tf.GradientTape() as t:
                t.watch(x)
                y = tf.reduce_sum(tf.image.rgb_to_hsv(x) * w)
            result = t.gradient(y, x)""", rtol=1e-4, atol=1e-5),
        S("image.adjust_saturation.grad", f"""
            x = tf.constant({_SPECIAL[4:]})
            with tf.GradientTape() as t:
                t.watch(x)
                y = tf.image.adjust_saturation(x, 0.5)
            result = t.gradient(y, x)"""),
        S("image.adjust_contrast.grad_uint8", f"""
            x = tf.constant({_SPECIAL[4:]})
            with tf.GradientTape() as t:
                t.watch(x)
                y = tf.image.adjust_contrast(x, 0.5) + tf.image.adjust_brightness(x, 0.1)
            result = t.gradient(y, x)"""),
        S("image.hsv_to_rgb.random", f"{_img((2, 5, 4, 3), 'float32', 42)}\nresult = tf.image.hsv_to_rgb(x)"),
        S("image.hsv_roundtrip", f"{_img((6, 4, 3), 'float32', 43)}\nresult = tf.image.hsv_to_rgb(tf.image.rgb_to_hsv(x))"),
        S("image.rgb_to_grayscale.f32", f"{_img((2, 3, 4, 3), 'float32', 44)}\nresult = tf.image.rgb_to_grayscale(x)"),
        S("image.rgb_to_grayscale.u8", f"{_img((3, 4, 3), 'uint8', 45)}\nresult = tf.image.rgb_to_grayscale(x)"),
        S("image.grayscale_to_rgb", f"{_img((3, 4, 1), 'uint8', 46)}\nresult = tf.image.grayscale_to_rgb(tf.constant(x))"),
        S("image.grayscale_to_rgb.numpy", f"{_img((3, 4, 1), 'uint8', 46)}\nresult = tf.image.grayscale_to_rgb(x)"),
        S("image.grayscale_to_rgb.bad", "result = tf.image.grayscale_to_rgb(tf.zeros((3, 4, 2)))"),
        S("image.hsv_to_rgb.grad", f"""
            {_img((2, 3, 3), 'float64', 47)}
            x = tf.constant(x)
            with tf.GradientTape() as t:
                t.watch(x)
                y = tf.reduce_sum(tf.image.hsv_to_rgb(x) * tf.constant([1.0, 2.0, 3.0], tf.float64))
            result = t.gradient(y, x)"""),
    ]
    return out


def _random():
    out = []
    for seed in ((1, 2), (7, 0), (123, 456)):
        tag = f"{seed[0]}_{seed[1]}"
        for shape in ((4, 5, 3), (6, 4, 5, 3)):
            x = _img(shape, "float32", 50)
            r = f"{len(shape)}d"
            out += [
                _exact(f"image.stateless_random_flip_left_right.{r}.{tag}",
                       f"{x}\nresult = tf.image.stateless_random_flip_left_right(x, {seed})"),
                _exact(f"image.stateless_random_flip_up_down.{r}.{tag}",
                       f"{x}\nresult = tf.image.stateless_random_flip_up_down(x, {seed})"),
            ]
        x = _img((2, 4, 5, 3), "float32", 51)
        out += [
            _exact(f"image.stateless_random_brightness.{tag}", f"{x}\nresult = tf.image.stateless_random_brightness(x, 0.4, {seed})"),
            S(f"image.stateless_random_contrast.{tag}", f"{x}\nresult = tf.image.stateless_random_contrast(x, 0.2, 1.8, {seed})"),
            _exact(f"image.stateless_random_saturation.{tag}", f"{x}\nresult = tf.image.stateless_random_saturation(x, 0.2, 1.8, {seed})"),
            _exact(f"image.stateless_random_hue.{tag}", f"{x}\nresult = tf.image.stateless_random_hue(x, 0.4, {seed})"),
            _exact(f"image.stateless_random_crop.{tag}", f"{_img((5, 7, 3), 'int32', 52)}\n"
                   f"result = tf.image.stateless_random_crop(x, (3, 4, 3), {seed})"),
            _exact(f"image.stateless_random_crop.2d.{tag}", f"{_img((9, 8), 'int32', 53)}\n"
                   f"result = tf.image.stateless_random_crop(x, [2, 5], seed=tf.constant({list(seed)}, tf.int64))"),
        ]
    out.append(_exact("image.stateless_random_flip.uint8_batch", f"{_img((5, 2, 3, 1), 'uint8', 54)}\n"
                      "result = tf.image.stateless_random_flip_left_right(x, (3, 4))"))
    for seeds in ((1, 2), (5, None), (None, 9)):
        g, o = seeds
        setup = (f"tf.random.set_seed({g})\n" if g is not None else "") + _img((2, 4, 5, 3), "float32", 55)
        tag = f"{g}_{o}"
        if g is None:
            continue   # without a global seed TF's draws are nondeterministic
        out += [
            _exact(f"image.random_flip_left_right.{tag}", f"{setup}\nresult = [tf.image.random_flip_left_right(x, seed={o}), "
                   f"tf.image.random_flip_left_right(x[0], seed={o}), tf.image.random_flip_left_right(x[1], seed={o})]"),
            _exact(f"image.random_flip_up_down.{tag}", f"{setup}\nresult = [tf.image.random_flip_up_down(x, seed={o}), tf.image.random_flip_up_down(x[0], seed={o})]"),
            _exact(f"image.random_brightness.{tag}", f"{setup}\nresult = [tf.image.random_brightness(x, 0.3, seed={o}), tf.image.random_brightness(x, 0.3, seed={o})]"),
            S(f"image.random_contrast.{tag}", f"{setup}\nresult = tf.image.random_contrast(x, 0.5, 1.5, seed={o})"),
            _exact(f"image.random_saturation.{tag}", f"{setup}\nresult = tf.image.random_saturation(x, 0.5, 1.5, seed={o})"),
            _exact(f"image.random_hue.{tag}", f"{setup}\nresult = tf.image.random_hue(x, 0.2, seed={o})"),
            _exact(f"image.random_crop.{tag}", f"{setup}\nresult = [tf.image.random_crop(x, [1, 2, 3, 3], seed={o}), tf.image.random_crop(x, [2, 4, 1, 2], seed={o})]"),
        ]
    out += [
        S("image.random_hue.bad_delta", "result = tf.image.stateless_random_hue(np.zeros((2, 2, 3), 'float32'), 0.6, (1, 2))"),
        S("image.random_contrast.bad_range", "result = tf.image.stateless_random_contrast(np.zeros((2, 2, 3), 'float32'), 1.0, 0.5, (1, 2))"),
        S("image.random_contrast.negative", "result = tf.image.random_contrast(np.zeros((2, 2, 3), 'float32'), -1.0, 0.5)"),
        S("image.random_brightness.negative", "result = tf.image.stateless_random_brightness(np.zeros((2, 2, 3), 'float32'), -0.1, (1, 2))"),
        S("image.random_crop.too_big", "result = tf.image.stateless_random_crop(np.zeros((2, 2, 3)), [3, 2, 3], (1, 2))", msg=False),
    ]
    return out


def _codecs():
    out = []
    for c in (1, 2, 3, 4):
        for dtype in ("uint8", "uint16"):
            x = _img((5, 6, c), dtype, 60 + c)
            out.append(_exact(f"image.png.roundtrip.{c}.{dtype}",
                              f"{x}\nresult = tf.io.decode_png(tf.io.encode_png(x), dtype=tf.{dtype})"))
        for want in (0, 1, 3, 4):
            out.append(_exact(f"image.png.channels.{c}_to_{want}",
                              f"{_img((4, 7, c), 'uint8', 70 + c)}\n"
                              f"result = tf.io.decode_png(tf.io.encode_png(x), channels={want})"))
    out += [
        _exact("image.png.u8_as_u16", f"{_img((3, 4, 3), 'uint8', 80)}\nresult = tf.io.decode_png(tf.io.encode_png(x), dtype=tf.uint16)"),
        _exact("image.png.u16_as_u8", f"{_img((3, 4, 1), 'uint16', 81)}\nresult = tf.io.decode_png(tf.io.encode_png(x))"),
        _exact("image.png.compression", f"{_img((8, 8, 3), 'uint8', 82)}\nresult = tf.io.decode_png(tf.image.encode_png(x, compression=9))"),
        # TF's kernel is one ulp low at powers of two (1/255, 2/255, ...): not an exact division
        S("image.decode_image.float", f"{_img((3, 4, 3), 'uint8', 83)}\nresult = tf.io.decode_image(tf.io.encode_png(x), dtype=tf.float32)",
          rtol=0, atol=1e-7),
        _exact("image.decode_image.channels", f"{_img((3, 4, 3), 'uint8', 84)}\nresult = tf.io.decode_image(tf.io.encode_png(x), channels=1)"),
        S("image.decode_png.garbage", "result = tf.io.decode_png(b'not an image')"),
        S("image.decode_jpeg.garbage", "result = tf.io.decode_jpeg(b'not an image')"),
        S("image.decode_image.garbage", "result = tf.io.decode_image(b'not an image')"),
        S("image.is_jpeg", f"{_img((8, 8, 3), 'uint8', 85)}\n"
          "result = [tf.io.is_jpeg(tf.io.encode_jpeg(x)), tf.io.is_jpeg(tf.io.encode_png(x))]"),
        S("image.encode_png.float", "result = tf.io.encode_png(np.zeros((2, 2, 3), 'float32'))", msg=False),
    ]
    smooth = ("x = (np.add.outer(np.arange({h}), np.arange({w}))[..., None] * np.array([3, 5, 7]) % 256)"
              ".astype('uint8')")
    for i, (h, w, q) in enumerate(((8, 8, 95), (16, 24, 75), (13, 9, 50), (32, 32, 10), (7, 30, 100))):
        x = smooth.format(h=h, w=w) if i % 2 else _img((h, w, 3), "uint8", 90 + i)
        acc = "dct_method='INTEGER_ACCURATE'"
        out.append(_exact(f"image.jpeg.roundtrip.{i}", f"{x}\nresult = tf.io.decode_jpeg(tf.io.encode_jpeg(x, quality={q}), {acc})"))
        out.append(_exact(f"image.jpeg.gray.{i}", f"{x}\nresult = tf.io.decode_jpeg(tf.io.encode_jpeg(x, quality={q}), channels=1, {acc})"))
        out.append(_exact(f"image.jpeg.444.{i}", f"{x}\nresult = tf.io.decode_jpeg(tf.io.encode_jpeg(x, quality={q}, chroma_downsampling=False), dct_method='INTEGER_ACCURATE')"))
        out.append(_exact(f"image.jpeg.from_gray.{i}", f"{x}\nresult = tf.io.decode_jpeg(tf.io.encode_jpeg(x[..., :1], quality={q}), channels=3, {acc})"))
        out.append(_exact(f"image.jpeg.bytes.{i}", f"{x}\nresult = [tf.io.encode_jpeg(x, quality={q}), tf.io.encode_jpeg(x[..., 1:2], quality={q})]"))
        # TF's default decoder is libjpeg's fast integer DCT; Pillow's is the accurate one
        out.append(S(f"image.jpeg.default_dct.{i}", f"{x}\nresult = tf.cast(tf.io.decode_jpeg(tf.io.encode_jpeg(x, quality={q})), tf.float32)",
                     rtol=0, atol=40 if q == 100 else 12))   # IFAST is poorest at quality 100
    out += [
        _exact("image.adjust_jpeg_quality.u8", f"{_img((9, 11, 3), 'uint8', 95)}\n"
               "result = tf.image.adjust_jpeg_quality(x, 40, dct_method='INTEGER_ACCURATE')"),
        _exact("image.adjust_jpeg_quality.f32", f"{_img((9, 11, 3), 'float32', 96)}\n"
               "result = tf.image.adjust_jpeg_quality(x, 85, dct_method='INTEGER_ACCURATE')"),
        S("image.adjust_jpeg_quality.default_dct", f"{_img((9, 11, 3), 'float32', 96)}\n"
          "result = tf.image.adjust_jpeg_quality(x, 85)", rtol=0, atol=0.05),
        S("image.stateless_random_jpeg_quality", f"{_img((9, 11, 3), 'float32', 97)}\n"
               "result = [tf.image.stateless_random_jpeg_quality(x, 20, 90, (1, 2)), "
               "tf.image.stateless_random_jpeg_quality(x, 20, 90, (5, 6))]", rtol=0, atol=0.05),
        S("image.random_jpeg_quality", f"tf.random.set_seed(3)\n{_img((9, 11, 3), 'uint8', 98)}\n"
               "result = tf.cast(tf.image.random_jpeg_quality(x, 20, 90, seed=4), tf.float32)", rtol=0, atol=12),
        S("image.random_jpeg_quality.bad", "result = tf.image.stateless_random_jpeg_quality(np.zeros((2, 2, 3)), 50, 20, (1, 2))"),
    ]
    return out


SNIPPETS = _codecs() + _resize() + _geometry() + _convert() + _adjust() + _colour() + _random()
