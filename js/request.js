/**
 * Requests to Python through anywidget's command API: `experimental.invoke(name, msg)` is answered
 * by the widget method `name`, decorated with `tapeviz.widgets.boundary.request` (an
 * `anywidget.experimental.command`). A view's requests are aborted when the view goes away.
 */
const TIMEOUT = 30000;   // ms; anywidget's own default (3 s) is short for a big checkpoint

/**
 * @param {{invoke: Function}} experimental  the `experimental` argument of render()
 * @returns {{ask: (name: string, msg?: object) => Promise<[object, DataView[]] | null>, close: () => void}}
 *   `ask` resolves to [reply, buffers]; a reply with `error` (Python failed, or no reply came) is
 *   also written to the console. It resolves to null once the view is closed.
 */
export function requester(experimental, { timeout = TIMEOUT } = {}) {
  const closed = new AbortController();
  async function ask(name, msg = {}) {
    const signal = AbortSignal.any([closed.signal, AbortSignal.timeout(timeout)]);
    let answer;
    try {
      answer = await experimental.invoke(name, msg, { signal });
    } catch (error) {
      if (closed.signal.aborted) return null;
      answer = [{ error: `no reply from Python to ${name} (${error && error.name})` }, []];
    }
    const [reply, buffers] = answer;
    if (reply && reply.error) console.warn(`tapeviz: ${name}: ${reply.error}`);
    return [reply || {}, buffers || []];
  }
  return { ask, close: () => closed.abort() };
}
