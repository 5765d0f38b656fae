/**
 * The widget's CSS; every class is .tapeviz-*. Injected once per view root. Every colour is a
 * `--tv-*` variable set on the root from JupyterLab's theme variables (`--jp-*`), with a light
 * fallback palette outside JupyterLab; the SVG export resolves the `--tv-*` values. Text in the
 * drawing is 12 px or more at zoom 1.
 */
export const CSS = `
.tapeviz-root{
--tv-bg:var(--jp-layout-color0,#ffffff);--tv-bg2:var(--jp-layout-color1,#f7f8fb);--tv-bg3:var(--jp-layout-color2,#eef0f5);
--tv-fg:var(--jp-content-font-color0,var(--jp-ui-font-color0,#111827));--tv-fg1:var(--jp-content-font-color1,var(--jp-ui-font-color1,#1d2230));
--tv-fg2:var(--jp-content-font-color2,var(--jp-ui-font-color2,#4b5363));--tv-border:var(--jp-border-color1,#b9bfcc);
--tv-border2:var(--jp-border-color2,#d6dae4);--tv-accent:var(--jp-brand-color1,#1769aa);--tv-accent-bg:color-mix(in srgb,var(--tv-accent) 16%,var(--tv-bg));
--tv-error:var(--jp-error-color1,#c62828);--tv-error-bg:color-mix(in srgb,var(--tv-error) 14%,var(--tv-bg));--tv-warn:var(--jp-warn-color1,#b35900);
--tv-warn-bg:color-mix(in srgb,var(--tv-warn) 14%,var(--tv-bg));--tv-good:var(--jp-success-color1,#1b6e3a);--tv-var:var(--jp-info-color1,#1f6fb2);
--tv-select:var(--jp-warn-color0,#e65100);--tv-grad:var(--jp-mirror-editor-keyword-color,#6a3d9a);
--tv-code-bg:var(--jp-cell-editor-background,#f0f2f7);
font:13px/1.4 var(--jp-ui-font-family,system-ui,-apple-system,"Segoe UI",sans-serif);color:var(--tv-fg1);background:var(--tv-bg);
border:1px solid var(--tv-border2);border-radius:6px;overflow:clip}
.tapeviz-toolbar{display:flex;flex-wrap:wrap;gap:6px;align-items:center;padding:5px 8px;border-bottom:1px solid var(--tv-border2);background:var(--tv-bg2)}
.tapeviz-toolbar button{font:inherit;padding:2px 9px;border:1px solid var(--tv-border);border-radius:4px;background:var(--tv-bg);cursor:pointer;color:var(--tv-fg1)}
.tapeviz-toolbar button:disabled{opacity:.45;cursor:default}
.tapeviz-toolbar button[aria-pressed=true]{background:var(--tv-accent-bg);border-color:var(--tv-accent)}
.tapeviz-toolbar input{font:inherit;padding:2px 6px;border:1px solid var(--tv-border);border-radius:4px;width:140px;background:var(--tv-bg);color:var(--tv-fg1)}
.tapeviz-match-count{color:var(--tv-fg2);min-width:0}
.tapeviz-stats{color:var(--tv-fg2);margin-left:auto}
.tapeviz-live{display:flex;gap:6px;align-items:center;color:var(--tv-good);font-weight:600}
.tapeviz-history-line{stroke:var(--tv-good)}
.tapeviz-caption{position:absolute;top:0;left:6px;right:6px;z-index:2;padding:6px 10px;border:1px solid var(--tv-accent);border-radius:6px;background:color-mix(in srgb,var(--tv-accent-bg) 94%,transparent);color:var(--tv-fg);box-shadow:0 2px 6px rgba(0,0,0,.18)}
.tapeviz-caption[hidden]{display:none}
.tapeviz-caption-head{font-weight:600}
.tapeviz-caption-math{font-family:var(--jp-code-font-family,monospace)}
.tapeviz-main{display:flex;position:relative}
.tapeviz-canvas{flex:1;position:relative;min-width:0;outline:none}
.tapeviz-canvas:focus-visible{box-shadow:inset 0 0 0 2px var(--tv-accent)}
.tapeviz-canvas svg{display:block;width:100%;background:var(--tv-bg);cursor:grab;user-select:none}
.tapeviz-canvas svg.tapeviz-dragging{cursor:grabbing}
.tapeviz-waiting{padding:28px 16px;color:var(--tv-fg2);font-size:14px;text-align:center}
.tapeviz-waiting[hidden]{display:none}
.tapeviz-inspector{width:340px;max-height:100%;overflow:auto;border-left:1px solid var(--tv-border2);padding:8px 10px;background:var(--tv-bg2);box-sizing:border-box}
.tapeviz-inspector[hidden]{display:none}
.tapeviz-inspector-head{display:flex;gap:8px;align-items:baseline;margin-bottom:4px}
.tapeviz-inspector-op{font-weight:700;font-size:15px}
.tapeviz-inspector-name{color:var(--tv-fg2)}
.tapeviz-close{margin-left:auto;border:none;background:none;font-size:16px;cursor:pointer;color:var(--tv-fg1)}
.tapeviz-facts{border-collapse:collapse;margin:4px 0}
.tapeviz-facts th{color:var(--tv-fg2);white-space:nowrap;font-weight:400;text-align:left;padding:0 8px 0 0;vertical-align:top}
.tapeviz-facts td{padding:0;word-break:break-all}
.tapeviz-code{background:var(--tv-code-bg);color:var(--tv-fg1);padding:4px 6px;border-radius:4px;white-space:pre-wrap;margin:4px 0;font-size:12px}
.tapeviz-links{display:flex;flex-wrap:wrap;gap:4px;align-items:center;margin:3px 0}
.tapeviz-link{font:inherit;font-size:12px;border:1px solid var(--tv-border);background:var(--tv-bg);color:var(--tv-fg1);border-radius:10px;padding:0 7px;cursor:pointer}
.tapeviz-label{color:var(--tv-fg1);font-weight:600;margin-right:4px}
.tapeviz-muted{color:var(--tv-fg2);font-size:12px}
.tapeviz-section{margin-top:8px}
.tapeviz-table{border-collapse:collapse;font-size:12px;margin:3px 0}
.tapeviz-table td{border:1px solid var(--tv-border2);padding:1px 4px;text-align:right}
.tapeviz-bad-cell{background:var(--tv-error-bg);color:var(--tv-error)}
.tapeviz-why{background:var(--tv-warn-bg);border:1px solid var(--tv-warn);color:var(--tv-fg);border-radius:4px;padding:6px 8px;margin:6px 0}
.tapeviz-nonfinite{background:var(--tv-error-bg);border:2px solid var(--tv-error)}
.tapeviz-flow-chart{display:block;margin-top:4px}
.tapeviz-flow-label,.tapeviz-flow-value{font-size:12px;fill:var(--tv-fg1)}
.tapeviz-flow-bar{fill:var(--tv-accent)}
.tapeviz-flow-vanishing .tapeviz-flow-bar,.tapeviz-flow-exploding .tapeviz-flow-bar{fill:var(--tv-warn)}
.tapeviz-explanations{padding:0 8px}
.tapeviz-explanations:empty{display:none}
.tapeviz-legend{display:flex;flex-wrap:wrap;align-items:center;gap:6px;padding:4px 8px;color:var(--tv-fg1);font-size:12px;border-top:1px solid var(--tv-border2)}
.tapeviz-legend-bar{width:140px;height:10px;border-radius:2px}
.tapeviz-node{cursor:pointer}
.tapeviz-node-box{fill:var(--tv-bg);stroke:var(--tv-fg2);stroke-width:1.2}
.tapeviz-kind-variable .tapeviz-node-box{stroke:var(--tv-var);stroke-width:1.8}
.tapeviz-kind-watched .tapeviz-node-box{stroke:var(--tv-good);stroke-width:1.8}
.tapeviz-kind-const .tapeviz-node-box{stroke:var(--tv-fg2);stroke-dasharray:4 3}
.tapeviz-target .tapeviz-node-box{stroke:var(--tv-grad);stroke-width:2.8}
.tapeviz-none .tapeviz-node-box{stroke:var(--tv-warn);stroke-width:2.5;stroke-dasharray:6 3}
.tapeviz-bad .tapeviz-node-box,.tapeviz-bad .tapeviz-group-box{stroke:var(--tv-error);stroke-width:2.5;fill:var(--tv-error-bg)}
.tapeviz-origin .tapeviz-node-box{stroke-width:4}
.tapeviz-origin-badge rect{fill:var(--tv-error)}
.tapeviz-origin-badge text{fill:#fff;font-size:12px;font-weight:700}
.tapeviz-selected .tapeviz-node-box,.tapeviz-selected .tapeviz-group-box{stroke:var(--tv-select);stroke-width:3}
.tapeviz-current .tapeviz-node-box,.tapeviz-current .tapeviz-group-box{stroke:var(--tv-accent);stroke-width:3.5}
.tapeviz-node text{font-size:12px}
.tapeviz-node .tapeviz-node-title{font-weight:700;font-size:15px;fill:var(--tv-fg)}
.tapeviz-node-shape{fill:var(--tv-fg2)}
.tapeviz-node-value{fill:var(--tv-fg1)}
.tapeviz-node-grad{fill:var(--tv-grad);font-weight:600}
.tapeviz-flags{fill:var(--tv-warn);font-weight:700}
.tapeviz-mini-hist rect,.tapeviz-repeat-norms rect{fill:var(--tv-accent)}
.tapeviz-group-box{fill:var(--tv-bg3);stroke:var(--tv-accent);stroke-dasharray:5 3;stroke-width:1.5}
.tapeviz-box rect{fill:var(--tv-bg2);stroke:var(--tv-border);stroke-width:1.2}
.tapeviz-box-title{font-size:13px;fill:var(--tv-fg1);cursor:pointer;font-weight:700}
.tapeviz-edge-path{stroke:var(--tv-fg2)}
.tapeviz-edge-bad{stroke:var(--tv-error)}
.tapeviz-arrow-head{fill:var(--tv-fg2)}
.tapeviz-edge-label{font-size:12px;fill:var(--tv-fg2)}
.tapeviz-edge-label-bg{fill:var(--tv-bg);opacity:.92}
.tapeviz-edge-grad .tapeviz-edge-label{fill:var(--tv-grad);font-weight:700}
.tapeviz-edge-stub path{stroke-dasharray:3 2}
.tapeviz-dim{opacity:.3}
.tapeviz-match .tapeviz-node-box,.tapeviz-match .tapeviz-group-box{stroke:var(--tv-select);stroke-width:3.5}
.tapeviz-future{opacity:.15}
.tapeviz-active .tapeviz-node-box{stroke:var(--tv-select);stroke-width:4}
.tapeviz-done .tapeviz-node-box{fill:var(--tv-accent-bg)}
.tapeviz-hist-plot{vertical-align:middle}
@media (forced-colors:active){.tapeviz-node-box,.tapeviz-box rect{stroke:CanvasText}.tapeviz-node text,.tapeviz-edge-label{fill:CanvasText}}
.tapeviz-presentation{font-size:17px}
.tapeviz-presentation .tapeviz-caption{font-size:19px;padding:8px 12px}
.tapeviz-presentation .tapeviz-node-box{stroke:var(--tv-fg);stroke-width:2}
.tapeviz-presentation .tapeviz-node-shape,.tapeviz-presentation .tapeviz-edge-label{fill:var(--tv-fg1)}
.tapeviz-presentation .tapeviz-edge-path{stroke:var(--tv-fg1);stroke-width:2.2}
.tapeviz-presentation .tapeviz-muted{font-size:15px;color:var(--tv-fg1)}
`;
