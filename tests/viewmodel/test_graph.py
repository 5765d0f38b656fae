"""Graph model, summaries, folding and the static SVG of tapeviz.viewmodel."""
import json
import math

import numpy as np
import pytest

import tapeviz as tf
from tapeviz.viewmodel import graph_model, to_svg
from tapeviz.viewmodel import summaries as S
from tapeviz.viewmodel.folding import LARGE_TAPE, MAX_CHILDREN
from tapeviz.viewmodel.throttle import Throttle
from tapeviz.viewmodel.view import visible


def _simple():
    x = tf.constant([1.0, 2.0, 3.0])
    w = tf.Variable(0.5, name="w")
    with tf.GradientTape() as tape:
        tape.watch(x)
        with tf.name_scope("layer"):
            h = tf.sin(x) * w
        loss = tf.reduce_sum(h * h + 1.0)
    return tape, loss, x, w


def by_op(data, op):
    return [n for n in data["nodes"] if n["op"] == op]


def test_nodes_edges_and_sources():
    tape, loss, x, w = _simple()
    data = graph_model(tape).data
    ops = [n["op"] for n in data["nodes"]]
    assert ops == ["Const", "Variable", "Sin", "Mul", "Mul", "AddV2", "Sum"]
    assert by_op(data, "Variable")[0]["label"] == "w"
    assert by_op(data, "Const")[0]["kind"] == "watched"
    sin = by_op(data, "Sin")[0]
    assert sin["scope"] == "layer" and sin["code"] == "h = tf.sin(x) * w"
    assert sin["file"].endswith("test_graph.py") and sin["line"] > 0
    # the scalar 1.0 is shown inline on AddV2, not as a node
    add = by_op(data, "AddV2")[0]
    assert add["inline"] == [[1, "1"]] and add["n_inputs"] == 2
    # h * h: two edges from the same Mul, each with shape and dtype
    first_mul, square = by_op(data, "Mul")
    into_square = [e for e in data["edges"] if e["target"] == square["id"]]
    assert [e["source"] for e in into_square] == [first_mul["id"]] * 2
    assert into_square[0]["shape"] == [3] and into_square[0]["dtype"] == "float32"
    assert data["stats"] == {"ops": 5, "nodes": 7, "edges": 7}
    json.dumps(data, allow_nan=False)   # JSON-safe for the comm (no NaN literals)


def test_values_and_previews():
    tape, loss, x, w = _simple()
    model = graph_model(tape)
    sin = by_op(model.data, "Sin")[0]
    assert sin["value"]["kind"] == "small" and sin["value"]["shape"] == [3]
    offset, count = sin["value"]["preview"]
    previews = np.frombuffer(model.buffer, dtype="<f4")
    np.testing.assert_allclose(previews[offset:offset + count], np.sin([1.0, 2.0, 3.0]), rtol=1e-6)
    total = by_op(model.data, "Sum")[0]["value"]
    assert total["kind"] == "scalar" and total["v"] == pytest.approx(float(loss.numpy()), rel=1e-6)
    assert by_op(model.data, "Sum")[0]["grad"] is None      # no gradient() yet
    assert model.data["has_gradients"] is False and model.data["legend"] is None


def test_gradients_after_gradient_call():
    tape, loss, x, w = _simple()
    gx, gw = tape.gradient(loss, [x, w])
    model = graph_model(tape)
    data = model.data
    watched = by_op(data, "Const")[0]
    previews = np.frombuffer(model.buffer, dtype="<f4")
    off, n = watched["grad"]["preview"]
    np.testing.assert_allclose(previews[off:off + n], gx.numpy(), rtol=1e-5)
    var = by_op(data, "Variable")[0]
    assert var["grad"]["v"] == pytest.approx(float(gw.numpy()), rel=1e-5)
    assert by_op(data, "Sum")[0]["is_target"] and var["is_source"]
    assert data["legend"]["log_min"] <= data["legend"]["log_max"]
    assert all(e["grad"] is not None for e in data["edges"])


def test_variable_read_twice_is_one_node_with_summed_gradient():
    w = tf.Variable(3.0, name="w")
    with tf.GradientTape() as tape:
        y = w * 2.0 + w * 5.0
    g = tape.gradient(y, w)
    data = graph_model(tape).data
    var = by_op(data, "Variable")
    assert len(var) == 1 and var[0]["grad"]["v"] == pytest.approx(float(g.numpy())) == 7.0


def test_nan_marks_first_bad_forward_op_and_flags():
    x = tf.constant([1.0, -1.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.math.log(x)          # NaN for -1: the first bad op
        z = tf.reduce_sum(y * 2.0)
    tape.gradient(z, x)
    nodes = graph_model(tape).data["nodes"]
    log = by_op({"nodes": nodes}, "Log")[0]
    assert "bad_value" in log["flags"] and "first_bad_forward" in log["flags"]
    mul = by_op({"nodes": nodes}, "Mul")[0]
    assert "first_bad_forward" not in mul.get("flags", [])
    assert log["value"]["nan"] == 1


def test_nan_gradient_marks_first_bad_backward_op():
    x = tf.constant(0.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.sqrt(x)              # d sqrt at 0 is inf
        z = y * 1.0
    tape.gradient(z, x)
    data = graph_model(tape).data
    sqrt = by_op(data, "Sqrt")[0]
    assert "first_bad_backward" in sqrt["flags"]
    assert "inf" in by_op(data, "Const")[0]["flags"]


def test_vanishing_and_exploding_flags():
    assert "vanishing" in S.flags(S.summary(np.float32(1e-9)))
    assert "exploding" in S.flags(S.summary(np.full(5, 1e5, np.float32)))
    assert S.flags(S.summary(np.float32(0.5))) == []


def test_summaries_kinds_and_json_safe_numbers():
    assert S.summary(np.float32(2.5))["v"] == 2.5
    small = S.summary(np.arange(6, dtype=np.float32).reshape(2, 3), S.PreviewBuffer())
    assert small["kind"] == "small" and small["preview"] == [0, 6]
    big = S.summary(np.arange(1000, dtype=np.float32))
    assert big["kind"] == "large" and big["min"] == 0 and big["max"] == 999 and "preview" not in big
    bad = S.summary(np.array([1.0, np.nan, np.inf]))
    assert bad["nan"] == 1 and bad["inf"] == 1 and S.bad(bad)
    assert S.num(float("nan")) == "nan" and S.num(-math.inf) == "-inf"
    json.dumps(S.summary(np.float64(np.nan)), allow_nan=False)


def test_detail_full_for_small_and_histogram_for_large():
    meta, raw = S.detail(np.arange(6, dtype=np.float64).reshape(2, 3))
    assert meta["view"] == "full" and (meta["rows"], meta["cols"]) == (2, 3)
    np.testing.assert_array_equal(np.frombuffer(raw, "<f4"), np.arange(6))
    big = np.random.default_rng(0).normal(size=(100, 100))
    meta, raw = S.detail(big)
    values = np.frombuffer(raw, "<f4")
    assert meta["view"] == "histogram" and values.size == 2 * S.HISTOGRAM_BINS + 1
    assert values[:S.HISTOGRAM_BINS].sum() == big.size      # never the whole tensor


def test_repeated_run_folds_into_one_block():
    x = tf.constant(0.3)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x
        for _ in range(20):
            y = tf.sin(y) * 0.9
    data = graph_model(tape).data
    repeats = [g for g in data["groups"] if g["kind"] == "repeat"]
    assert len(repeats) == 1
    r = repeats[0]
    assert r["count"] == 20 and r["period"] == 2 and r["label"] == "Sin·Mul" and r["size"] == 40
    assert r["collapsed"]
    items, edges, _ = visible(data)
    assert [it["id"] for it in items] == ["n0", r["id"]]
    assert len(edges) == 1 and edges[0]["count"] == 1
    open_items, _, boxes = visible(data, {r["id"]: False})
    assert len(open_items) == 41 and boxes[0]["id"] == r["id"]


def test_numbered_scopes_fold_as_series():
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        for i in range(4):
            with tf.name_scope(f"dense_{i}"):
                x = tf.nn.relu(x * 2.0 + 1.0)
    groups = graph_model(tape).data["groups"]
    scopes = [g for g in groups if g["kind"] == "scope"]
    repeat = [g for g in groups if g["kind"] == "repeat"]
    assert len(scopes) == 4 and len(repeat) == 1 and repeat[0]["count"] == 4
    assert all(g["parent"] == repeat[0]["id"] for g in scopes)


def test_large_tape_starts_collapsed_and_no_container_is_too_big():
    x = tf.constant(1.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x
        for i in range(700):
            y = tf.sin(y) if i % 3 else tf.cos(y) * 1.0
    data = graph_model(tape).data
    assert len(data["nodes"]) > LARGE_TAPE
    items, _, _ = visible(data)
    assert len(items) <= MAX_CHILDREN
    counts = {}
    for n in data["nodes"]:
        counts[n["group"]] = counts.get(n["group"], 0) + 1
    for g in data["groups"]:
        counts[g["parent"]] = counts.get(g["parent"], 0) + 1
    assert max(counts.values()) <= MAX_CHILDREN


def test_unstructured_large_tape_is_chunked():
    rng = np.random.default_rng(0)
    x = tf.constant(1.0)
    ops = [tf.sin, tf.cos, tf.exp, tf.tanh, tf.negative]
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x
        for k in rng.integers(0, 5, size=1000):
            y = ops[k](y) if k != 2 else tf.exp(y * 0.0)
    data = graph_model(tape).data
    items, _, _ = visible(data)
    assert len(items) <= MAX_CHILDREN
    assert any(g["kind"] == "chunk" for g in data["groups"])


def test_step_through_data_for_small_tapes():
    x = tf.constant(2.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.sin(x)
        z = y * 3.0
    tape.gradient(z, x)
    data = graph_model(tape).data
    step = data["step"]
    sin, mul = by_op(data, "Sin")[0], by_op(data, "Mul")[0]
    assert step["forward"] == ["n0", sin["id"], mul["id"]]
    assert step["backward"] == [mul["id"], sin["id"]]
    assert step["local"][sin["id"]][0]["v"] == pytest.approx(math.cos(2.0), rel=1e-6)
    edge = next(e for e in data["edges"] if e["target"] == sin["id"])
    assert edge["sent"]["v"] == pytest.approx(3 * math.cos(2.0), rel=1e-5)
    assert tape._records[-1].op.type == "Mul"       # building the model recorded nothing


def test_structure_hash_is_stable_across_steps_and_changes_with_shape():
    def step(v, n=3):
        x = tf.constant([v] * n)
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.reduce_sum(tf.sin(x) * x)
        tape.gradient(y, x)
        return graph_model(tape).structure
    assert step(1.0) == step(2.0)
    assert step(1.0) != step(1.0, n=4)


def test_static_svg_is_text_safe():
    x = tf.constant(1.0)
    with tf.name_scope("<b>evil</b>&"):
        v = tf.Variable(2.0, name="<script>alert(1)</script>")
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * v
    tape.gradient(y, [x, v])
    svg = to_svg(graph_model(tape))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    import xml.dom.minidom
    doc = xml.dom.minidom.parseString(svg)
    nodes = [g for g in doc.getElementsByTagName("g") if "tapeviz-static-node" in g.getAttribute("class")]
    assert [g.getAttribute("data-op") for g in nodes] == ["Const", "Variable", "Mul"]
    assert len(doc.getElementsByTagName("path")) == 2


def test_throttle_pushes_at_most_once_per_interval():
    now = [0.0]
    t = Throttle(0.25, clock=lambda: now[0])
    pushed = []
    for step in range(200):            # 200 steps, 10 ms apart = 2 s
        if t.offer():
            pushed.append(step)
        now[0] += 0.01
    assert len(pushed) == 8 and pushed[:3] == [0, 25, 50]
    assert t.pending
    now[0] = 1.75 + 0.1                # 0.1 s after the last push (step 175)
    assert t.due() == pytest.approx(0.15)
    now[0] += 1
    assert t.due() == 0.0
    t.flushed()
    assert not t.pending and t.due() is None and t.pushes == 9


def test_throttle_spaces_costly_pushes_to_a_budget():
    now = [0.0]
    t = Throttle(0.25, clock=lambda: now[0])
    assert t.offer()
    t.spent(0.03, budget=0.03)         # a 30 ms push may take 3 % of the time: next after 1 s
    now[0] = 0.5
    assert not t.offer() and t.due() == pytest.approx(0.5)
    now[0] = 1.0
    assert t.offer()
    t.spent(0.001, budget=0.03)        # cheap again: back to the interval
    now[0] = 1.25
    assert t.offer()


def test_import_tapeviz_stays_numpy_only():
    import subprocess
    import sys
    code = ("import sys, tapeviz, tapeviz.viewmodel; "
            "bad = [m for m in ('anywidget', 'ipywidgets', 'traitlets', 'matplotlib') if m in sys.modules]; "
            "print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=__file__.rsplit("/tests/", 1)[0])
    assert out.stdout.strip() == "[]"


def test_a_row_of_variables_is_not_folded():
    params = [tf.Variable(float(i + 1), name=f"p{i}") for i in range(5)]
    with tf.GradientTape() as tape:
        y = params[0] * params[1] + params[2] * params[3] + params[4]
    data = graph_model(tape).data
    assert [n["label"] for n in data["nodes"][:5]] == ["p0", "p1", "p2", "p3", "p4"]
    assert not any(g["kind"] == "repeat" for g in data["groups"])


def test_nodes_are_titled_like_the_code():
    X = tf.constant(np.ones((2, 3), np.float32))
    W1 = tf.Variable(np.ones((3, 2), np.float32), name="W1")
    x = tf.constant(2.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        z = tf.matmul(X, W1) * x
        h = tf.nn.relu(z)
        loss = tf.reduce_mean(h * h)
    tape.gradient(loss, [W1, x])
    titles = {n["op"] + ":" + str(n["title"]) for n in graph_model(tape).data["nodes"]}
    assert titles >= {"Variable:W1", "Const:X", "Const:x", "Mul:z", "Relu:h", "Mul:h * h",
                      "Mean:loss"}


def test_keras_weights_are_titled_by_their_path():
    model = tf.keras.Sequential([tf.keras.layers.Dense(2, name="hidden")], name="enc")
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(model(tf.ones((1, 3))))
    tape.gradient(y, model.trainable_variables)
    titles = [n["title"] for n in graph_model(tape).data["nodes"] if n["op"] == "Variable"]
    assert titles == ["enc/hidden/kernel", "enc/hidden/bias"]


def test_the_graph_carries_the_diagnosis():
    logits = tf.Variable([[200.0, -200.0, 0.0]], name="logits")
    with tf.GradientTape() as tape:
        log_probs = tf.math.log(tf.nn.softmax(logits))
        loss = -tf.reduce_sum(log_probs)
    tape.gradient(loss, logits)
    data = graph_model(tape).data
    origin = data["diagnosis"]["nonfinite"]
    node = next(n for n in data["nodes"] if n["id"] == origin["node"])
    assert node["op"] == "Log" and node["title"] == "log_probs"
    assert origin["counts"] == {"nan": 0, "+inf": 0, "-inf": 2} and "log_softmax" in origin["fix"]
    assert node["value"]["neginf"] == 2 and node["value"]["inf"] == 2


def test_a_large_tensor_ships_a_small_histogram():
    x = tf.constant(np.linspace(-1, 1, 1000, dtype=np.float32))
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.sin(x)
    model = graph_model(tape)
    node = next(n for n in model.data["nodes"] if n["op"] == "Sin")
    offset, count = node["value"]["hist"]
    counts = np.frombuffer(model.buffer, "<f4")[offset:offset + count]
    assert count == 8 and counts.sum() == 1000
    assert y is not None


def test_a_folded_stack_shows_its_layer_by_layer_gradient_decay():
    rng = np.random.default_rng(1)
    weights = [tf.Variable(rng.normal(0, 0.2, (8, 8)).astype(np.float32), name=f"W{i}")
               for i in range(10)]
    h = tf.constant(rng.normal(size=(4, 8)).astype(np.float32))
    with tf.GradientTape() as tape:
        for W in weights:
            h = tf.nn.sigmoid(h @ W)
        loss = tf.reduce_sum(h)
    tape.gradient(loss, weights)
    groups = graph_model(tape).data["groups"]
    repeat = next(g for g in groups if g["kind"] == "repeat")
    norms = repeat["repeat_norms"]
    assert len(norms) == repeat["count"] >= 8
    assert norms[0] < norms[-1] / 100       # the gradient fades from the loss back to the input


def test_the_static_picture_is_legible_and_named_like_the_code():
    import re

    from tapeviz.viewmodel.svg import SMALL, to_svg
    model = tf.keras.Sequential([tf.keras.layers.Dense(3, activation="relu", name="hidden"),
                                 tf.keras.layers.Dense(2, name="out")], name="mlp")
    x = tf.constant(np.ones((2, 4), np.float32))
    with tf.GradientTape() as tape:
        logits = model(x)
        log_probs = tf.math.log(tf.nn.softmax(logits * 1e6))
        loss = -tf.reduce_mean(log_probs)
    tape.gradient(loss, model.trainable_variables)
    svg = to_svg(graph_model(tape))
    sizes = [int(s) for s in re.findall(r'font-size="(\d+)"', svg)]
    assert min(sizes) >= SMALL >= 12
    assert ">logits</text>" in svg and ">log_probs</text>" in svg and ">mlp/hidden/kernel</text>" in svg
    assert "…" not in svg
    assert "log(0) is -infinity" in svg                    # the diagnosis, in words, below the graph
    boxes = [tuple(map(float, m)) for m in re.findall(
        r'class="tapeviz-static-box"><rect x="([\d.-]+)" y="([\d.-]+)" width="([\d.]+)" '
        r'height="([\d.]+)"', svg)]
    for i, (x0, y0, w0, h0) in enumerate(boxes):          # frames nest or stay apart
        for x1, y1, w1, h1 in boxes[i + 1:]:
            inside = (x0 <= x1 and y0 <= y1 and x1 + w1 <= x0 + w0 and y1 + h1 <= y0 + h0) or \
                     (x1 <= x0 and y1 <= y0 and x0 + w0 <= x1 + w1 and y0 + h0 <= y1 + h1)
            apart = x0 + w0 <= x1 or x1 + w1 <= x0 or y0 + h0 <= y1 or y1 + h1 <= y0
            assert inside or apart


def test_edge_gradients_match_a_fresh_summary_of_their_gradient():
    """Edge colours come from the producing node's gradient summary (made once, before `lean`):
    equal to summarizing each edge's gradient afresh, for finite, vanishing and NaN gradients."""
    from tapeviz.viewmodel.graph import _edge_grad
    x = tf.constant([1e-12, 2.0, -3.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        a = tf.sin(x) * 1e-9
        b = tf.sqrt(a - 1.0)              # NaN values and gradients
        c = tf.tanh(x) * x
        loss = tf.reduce_sum(b) + tf.reduce_sum(c * c)
    tape.gradient(loss, x)
    model = graph_model(tape)
    checked = 0
    for e in model.data["edges"]:
        grad = model.tensors[e["source"]][2]
        if e["output"] != 0 or grad is None:
            continue
        assert e["grad"] == _edge_grad(grad), e
        checked += 1
    assert checked >= 8
    assert any(e["grad"].get("bad") for e in model.data["edges"] if e["grad"])
    assert any(e["grad"]["m"] is not None and e["grad"]["m"] > 0 for e in model.data["edges"] if e["grad"])


def test_the_collector_is_paused_while_a_model_is_built_and_restored_after(monkeypatch):
    import gc

    from tapeviz.viewmodel import graph as graph_module
    seen = []
    real = graph_module.fold
    monkeypatch.setattr(graph_module, "fold", lambda *a, **k: seen.append(gc.isenabled()) or real(*a, **k))
    assert gc.isenabled()
    graph_model(_simple()[0])
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        with S.paused_gc():
            graph_model(_simple()[0])
        assert not gc.isenabled()            # a caller's choice is kept
    finally:
        gc.enable()
    with pytest.raises(ZeroDivisionError), S.paused_gc():
        1 / 0
    assert gc.isenabled()


def test_batched_summaries_match_one_by_one():
    """A big tape's nodes are summarized together (one NumPy reduction per shape): the same
    statistics, NaN/inf counts and kinds as `summary` one value at a time."""
    rng = np.random.default_rng(1)
    values = [rng.normal(size=4).astype(np.float32) for _ in range(5)]
    values += [np.float32(2.5), np.float64(-1.0), np.array([1.0, np.nan, -np.inf, 2.0], np.float32),
               np.arange(6, dtype=np.int32), rng.normal(size=(10, 10)), np.array([], np.float32),
               None, np.array([np.inf], np.float32), np.array(["a"])]
    batched = S.summaries(values)
    for value, got in zip(values, batched):
        want = S.summary(value, None, rounded=False)
        if want is None:
            assert got is None
            continue
        assert got.keys() == want.keys(), (value, got, want)
        for key, w in want.items():
            if isinstance(w, float):
                assert got[key] == pytest.approx(w, rel=1e-9, abs=1e-12), (key, value)
            else:
                assert got[key] == w, (key, value)


def test_a_big_tape_summarizes_a_variable_read_twice_by_its_summed_gradient():
    w = tf.Variable([1.0, 2.0], name="w")
    with tf.GradientTape() as tape:
        y = w * 1.0
        for _ in range(200):
            y = tf.sin(y) + w          # w read again at every step
        loss = tf.reduce_sum(y)
    grad = tape.gradient(loss, w)
    data = graph_model(tape).data
    assert data["stats"]["ops"] > 300
    node = next(n for n in data["nodes"] if n["kind"] == "variable")
    assert node["grad"]["max"] == pytest.approx(float(np.max(grad.numpy())), rel=1e-5)
