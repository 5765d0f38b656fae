/** The widget's CSS; every class is .tapeviz-*. Injected once per view root. */
export const CSS = `
.tapeviz-root{font:12px/1.35 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2230;background:#fff;border:1px solid #d6dae4;border-radius:6px;overflow:hidden}
.tapeviz-toolbar{display:flex;flex-wrap:wrap;gap:6px;align-items:center;padding:5px 8px;border-bottom:1px solid #e3e6ee;background:#f7f8fb}
.tapeviz-toolbar button{font:inherit;padding:2px 8px;border:1px solid #c6cbd8;border-radius:4px;background:#fff;cursor:pointer;color:#1d2230}
.tapeviz-toolbar button:disabled{opacity:.45;cursor:default}
.tapeviz-toolbar input{font:inherit;padding:2px 6px;border:1px solid #c6cbd8;border-radius:4px;width:130px}
.tapeviz-stats{color:#667;margin-left:auto}
.tapeviz-live{display:flex;gap:6px;align-items:center;color:#1b6e3a;font-weight:600}
.tapeviz-step-label{color:#444;min-width:150px}
.tapeviz-main{display:flex;position:relative}
.tapeviz-canvas{flex:1;position:relative;min-width:0}
.tapeviz-canvas svg{display:block;width:100%;background:#fff;cursor:grab;user-select:none}
.tapeviz-canvas svg.tapeviz-dragging{cursor:grabbing}
.tapeviz-inspector{width:330px;max-height:100%;overflow:auto;border-left:1px solid #e3e6ee;padding:8px 10px;background:#fbfbfd;box-sizing:border-box}
.tapeviz-inspector[hidden]{display:none}
.tapeviz-inspector-head{display:flex;gap:8px;align-items:baseline;margin-bottom:4px}
.tapeviz-inspector-op{font-weight:700;font-size:14px}
.tapeviz-inspector-name{color:#555}
.tapeviz-close{margin-left:auto;border:none;background:none;font-size:16px;cursor:pointer}
.tapeviz-facts{border-collapse:collapse;margin:4px 0}
.tapeviz-facts th{color:#667;white-space:nowrap;font-weight:400;text-align:left;padding:0 8px 0 0;vertical-align:top}
.tapeviz-facts td{padding:0;word-break:break-all}
.tapeviz-code{background:#f0f2f7;padding:4px 6px;border-radius:4px;white-space:pre-wrap;margin:4px 0;font-size:11px}
.tapeviz-links{display:flex;flex-wrap:wrap;gap:4px;align-items:center;margin:3px 0}
.tapeviz-link{font:inherit;font-size:11px;border:1px solid #d0d5e2;background:#fff;border-radius:10px;padding:0 6px;cursor:pointer}
.tapeviz-label{color:#445;font-weight:600;margin-right:4px}
.tapeviz-muted{color:#778;font-size:11px}
.tapeviz-section{margin-top:8px}
.tapeviz-table{border-collapse:collapse;font-size:11px;margin:3px 0}
.tapeviz-table td{border:1px solid #e1e4ec;padding:1px 4px;text-align:right}
.tapeviz-bad-cell{background:#fde2e2;color:#b00}
.tapeviz-why{background:#fff4e0;border:1px solid #f0c36d;border-radius:4px;padding:5px 7px;margin:4px 0}
.tapeviz-explanations{padding:0 8px}
.tapeviz-explanations:empty{display:none}
.tapeviz-legend{display:flex;align-items:center;gap:6px;padding:4px 8px;color:#445;font-size:11px;border-top:1px solid #eef0f5}
.tapeviz-legend-bar{width:140px;height:9px;border-radius:2px}
.tapeviz-node{cursor:pointer}
.tapeviz-node-box{fill:#fff;stroke:#59607a;stroke-width:1}
.tapeviz-kind-variable .tapeviz-node-box{fill:#eef6ff;stroke:#2f6db5}
.tapeviz-kind-watched .tapeviz-node-box{fill:#eefaf1;stroke:#2f8a4c}
.tapeviz-kind-const .tapeviz-node-box{fill:#f6f6f6;stroke:#999;stroke-dasharray:3 2}
.tapeviz-target .tapeviz-node-box{stroke:#6a3d9a;stroke-width:2.5}
.tapeviz-none .tapeviz-node-box{stroke:#e08600;stroke-width:2.5;stroke-dasharray:5 3}
.tapeviz-bad .tapeviz-node-box,.tapeviz-bad .tapeviz-group-box{stroke:#d62728;stroke-width:2.5;fill:#fff3f3}
.tapeviz-selected .tapeviz-node-box,.tapeviz-selected .tapeviz-group-box{stroke:#ff7f0e;stroke-width:3}
.tapeviz-node-title{font-weight:700;font-size:12px;fill:#1d2230}
.tapeviz-node-shape{font-size:10px;fill:#667}
.tapeviz-node-value{font-size:11px;fill:#1d2230}
.tapeviz-node-grad{font-size:11px;fill:#6a3d9a}
.tapeviz-flags{font-size:9.5px;fill:#c0392b;font-weight:700}
.tapeviz-count{font-weight:700;fill:#2f3a7a}
.tapeviz-group-box{fill:#e8ecf7;stroke:#6b76a8;stroke-dasharray:5 3}
.tapeviz-box rect{fill:#f4f6fb;stroke:#c3c9dd}
.tapeviz-box-title{font-size:11px;fill:#4a5478;cursor:pointer;font-weight:600}
.tapeviz-edge-label{font-size:9px;fill:#6a7080;paint-order:stroke;stroke:#fff;stroke-width:3px}
.tapeviz-edge-grad .tapeviz-edge-label{fill:#6a3d9a;font-weight:700;font-size:10px}
.tapeviz-edge-stub path{stroke-dasharray:3 2}
.tapeviz-dim{opacity:.25}
.tapeviz-match .tapeviz-node-box,.tapeviz-match .tapeviz-group-box{stroke:#ff7f0e;stroke-width:3}
.tapeviz-future{opacity:.12}
.tapeviz-active .tapeviz-node-box{stroke:#e6550d;stroke-width:3.5}
.tapeviz-done .tapeviz-node-box{fill:#f5efff}
.tapeviz-hist-plot{vertical-align:middle}
`;
