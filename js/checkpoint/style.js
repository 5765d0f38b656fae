/** CSS of the checkpoint panel: the shared state-widget base plus its own classes (.tapeviz-*). */
import { BASE } from "../inspector/style.js";

export const CSS = BASE + `
.tapeviz-checkpoints .tapeviz-directory{color:#667;font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:11px;overflow-wrap:anywhere}
.tapeviz-latest{margin-left:6px;padding:0 5px;border-radius:8px;background:#e3f1ff;color:#1f5fa8;font-size:10px;font-weight:600}
.tapeviz-actions{display:flex;gap:4px}
.tapeviz-row-error td.tapeviz-error-cell{color:#a11;white-space:normal;max-width:360px}
.tapeviz-diff{border-top:1px solid #e3e6ee;padding:6px 10px 10px;background:#fbfbfd}
.tapeviz-diff[hidden]{display:none}
.tapeviz-diff-head{display:flex;gap:10px;align-items:baseline}
.tapeviz-status-same{color:#1b6e3a}
.tapeviz-status-changed{color:#8a4b00;font-weight:600}
.tapeviz-status-other{color:#a11}
.tapeviz-bar{display:inline-block;height:8px;background:#e6550d;border-radius:2px;vertical-align:middle;margin-left:6px}
.tapeviz-busy{opacity:.6}
`;
