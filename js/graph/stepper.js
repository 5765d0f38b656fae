/**
 * Step-through frames for teaching backprop: the forward pass op by op, then the backward pass
 * from the target back to the sources. Pure: a frame says what is shown and what is active.
 */

/** @returns {{phase: "forward"|"backward", active: string, shown: Set<string>, done: Set<string>}[]} */
export function stepFrames(graph) {
  const step = graph.step;
  const forward = step ? step.forward : (graph.nodes || []).map((n) => n.id);
  const backward = step && graph.has_gradients ? step.backward : [];
  const frames = [];
  const shown = new Set();
  for (const id of forward) {
    shown.add(id);
    frames.push({ phase: "forward", active: id, shown: new Set(shown), done: new Set() });
  }
  const done = new Set();
  for (const id of backward) {
    done.add(id);
    frames.push({ phase: "backward", active: id, shown: new Set(shown), done: new Set(done) });
  }
  return frames;
}

