/** CSS of the state widgets (inspector and checkpoint panel); every class is .tapeviz-*. */
export const BASE = `
.tapeviz-state{font:12px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2230;background:#fff;border:1px solid #d6dae4;border-radius:6px;overflow:hidden}
.tapeviz-state .tapeviz-toolbar{display:flex;flex-wrap:wrap;gap:8px;align-items:center;padding:5px 8px;border-bottom:1px solid #e3e6ee;background:#f7f8fb}
.tapeviz-state .tapeviz-title{font-weight:700;font-size:13px;overflow-wrap:anywhere}
.tapeviz-state button{font:inherit;padding:2px 9px;border:1px solid #c6cbd8;border-radius:4px;background:#fff;cursor:pointer;color:#1d2230}
.tapeviz-state button:hover:not(:disabled){background:#eef1f8}
.tapeviz-state button:disabled{opacity:.45;cursor:default}
.tapeviz-state input{font:inherit;padding:2px 6px;border:1px solid #c6cbd8;border-radius:4px;width:150px}
.tapeviz-state .tapeviz-stats{color:#667;margin-left:auto}
.tapeviz-scroll{overflow:auto}
.tapeviz-grid{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
.tapeviz-grid th{position:sticky;top:0;background:#f7f8fb;color:#445;font-weight:600;text-align:left;padding:3px 6px;border-bottom:1px solid #e3e6ee;white-space:nowrap;z-index:1}
.tapeviz-grid td{padding:2px 6px;border-bottom:1px solid #f0f2f6;white-space:nowrap}
.tapeviz-grid td.tapeviz-num,.tapeviz-grid th.tapeviz-num{text-align:right}
.tapeviz-grid tbody tr:hover{background:#f4f7ff}
.tapeviz-grid tr.tapeviz-selected{background:#fff1e0}
.tapeviz-name{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;max-width:280px;overflow:hidden;text-overflow:ellipsis}
.tapeviz-muted{color:#778;font-size:11px}
.tapeviz-label{color:#445;font-weight:600;margin:6px 0 2px}
.tapeviz-bad{color:#c0392b;font-weight:700}
.tapeviz-notice{padding:4px 8px;border-bottom:1px solid #e3e6ee;overflow-wrap:anywhere}
.tapeviz-notice[hidden]{display:none}
.tapeviz-notice-ok{background:#eefaf1;color:#1b6e3a}
.tapeviz-notice-error{background:#fdecea;color:#a11}
.tapeviz-close{margin-left:auto;border:none!important;background:none!important;font-size:16px;line-height:1}
.tapeviz-empty{padding:10px;color:#778}
`;

export const CSS = BASE + `
.tapeviz-variables .tapeviz-variable-row{cursor:pointer}
.tapeviz-live-badge{color:#1b6e3a;font-weight:600}
.tapeviz-live-badge[hidden]{display:none}
.tapeviz-spark rect{fill:#3b528b}
.tapeviz-change-up{color:#8a4b00}
.tapeviz-value-view{border-top:1px solid #e3e6ee;padding:6px 10px 10px;background:#fbfbfd}
.tapeviz-value-view[hidden]{display:none}
.tapeviz-value-head{display:flex;gap:10px;align-items:baseline}
.tapeviz-value-name{font-weight:700;font-family:ui-monospace,SFMono-Regular,Menlo,monospace;overflow-wrap:anywhere}
.tapeviz-value-scalar{font-size:20px;font-weight:600;padding:6px 0}
.tapeviz-value-text{white-space:pre-wrap;background:#f0f2f7;padding:4px 6px;border-radius:4px}
.tapeviz-value-body svg{display:block;margin:4px 0}
.tapeviz-heatmap rect{shape-rendering:crispEdges}
.tapeviz-colour-legend{display:flex;gap:6px;align-items:center;margin:2px 0 4px}
.tapeviz-legend-bar{display:inline-block;height:9px;border:1px solid #d6dae4;border-radius:2px}
.tapeviz-line-path{fill:none;stroke:#2f6db5;stroke-width:1.5}
.tapeviz-line-dot{fill:#2f6db5}
.tapeviz-zero{stroke:#bbb;stroke-dasharray:3 3}
.tapeviz-histogram rect{fill:#3b528b}
.tapeviz-axis{font-size:10px;fill:#667}
.tapeviz-value-table{border-collapse:collapse;font-size:11px;margin:4px 0}
.tapeviz-value-table td{border:1px solid #e1e4ec;padding:1px 5px;text-align:right}
.tapeviz-bad-cell{background:#fde2e2;color:#b00}
`;
