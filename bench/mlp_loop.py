"""The MLP training loop the live() benchmarks share (browser_graph.py, malloc_loop.py), as code
for their child scripts: one GradientTape per step, 4 Variables updated with assign_sub.

The child defines X (n x 8), Y (n x 1), `hidden`, `steps`, `rng`, `np` and `tf` first."""
import textwrap

PARAMS = """\
W1 = tf.Variable(rng.normal(size=(8, hidden)).astype("float32") * 0.3, name="W1")
b1 = tf.Variable(np.zeros(hidden, "float32"), name="b1")
W2 = tf.Variable(rng.normal(size=(hidden, 1)).astype("float32") * 0.3, name="W2")
b2 = tf.Variable(np.zeros(1, "float32"), name="b2")
params = [W1, b1, W2, b2]
"""

STEPS = """\
for step in range(steps):
    with tf.GradientTape() as tape:
        with tf.name_scope("dense"):
            h = tf.nn.relu(tf.matmul(X, W1) + b1)
        with tf.name_scope("dense_1"):
            out = tf.matmul(h, W2) + b2
        loss = tf.reduce_mean(tf.square(out - Y))
    grads = tape.gradient(loss, params)
    for p, g in zip(params, grads):
        p.assign_sub(0.05 * g)
"""


def fill(script):
    """`script` with its `#PARAMS` and `#STEPS` lines replaced by the code above, at their indent."""
    lines = []
    for line in script.splitlines(keepends=True):
        mark = line.strip()
        if mark in ("#PARAMS", "#STEPS"):
            indent = line[:len(line) - len(line.lstrip())]
            lines.append(textwrap.indent(PARAMS if mark == "#PARAMS" else STEPS, indent))
        else:
            lines.append(line)
    return "".join(lines)
