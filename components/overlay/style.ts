/**
 * The overlay's stylesheet. Inside the shadow root nothing of the page's CSS applies; :host rules marked
 * !important win over the page's own !important rules on the host element.
 */
export const OVERLAY_CSS = `
:host { all: initial !important; display: block !important; position: absolute !important; left: 0 !important; top: 0 !important;
  width: 0 !important; height: 0 !important; overflow: visible !important; opacity: 1 !important; visibility: visible !important;
  z-index: 2147483646 !important; pointer-events: none !important; }
.bl-layer { position: absolute; left: 0; top: 0; width: 0; height: 0; font: 12px/1.4 system-ui, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif;
  color: #1d2330; letter-spacing: normal; text-align: left; }
.bl-layer *, .bl-layer *::before, .bl-layer *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
.bl-bar { position: absolute; display: flex; gap: 8px; align-items: center; height: 22px; padding: 0 6px; border-radius: 4px;
  background: #eef6ee; border: 1px solid #7fb77e; pointer-events: auto; white-space: nowrap; overflow: hidden; font-size: 12px; }
.bl-bar-failed { background: #fdecec; border-color: #d9534f; }
.bl-bar[data-status="empty"] { background: #f3f3f3; border-color: #bbb; }
.bl-kind { font-weight: 600; }
.bl-unit, .bl-counts { color: #3c4453; }
.bl-toggle, .bl-close { font: inherit; font-size: 11px; padding: 0 6px; height: 18px; border: 1px solid #8a93a3; border-radius: 3px;
  background: #fff; color: #1d2330; cursor: pointer; }
.bl-outline { position: absolute; border: 2px solid #d9534f; border-radius: 2px; pointer-events: none; }
.bl-outline[data-severity="info"] { border: 1px dashed #c9a227; }
.bl-outline[data-severity="warning"] { border-color: #e08a00; }
.bl-marker { position: absolute; width: 16px; height: 16px; padding: 0; margin: 0; border: 0; border-radius: 50%; pointer-events: auto;
  background: #d9534f; color: #fff; font: 700 11px/16px system-ui, sans-serif; text-align: center; cursor: pointer; box-shadow: 0 0 0 1px #fff; }
.bl-marker[data-severity="info"] { background: #e9d9a0; color: #5a4a00; }
.bl-marker[data-severity="warning"] { background: #e08a00; }
.bl-marker:focus-visible, .bl-toggle:focus-visible, .bl-close:focus-visible { outline: 3px solid #1a73e8; outline-offset: 1px; }
.bl-highlight { position: absolute; background: rgba(26, 115, 232, 0.18); outline: 2px solid #1a73e8; pointer-events: none; }
.bl-tooltip { position: absolute; max-width: 420px; min-width: 220px; padding: 8px 10px; border-radius: 6px; background: #fff; color: #1d2330;
  border: 1px solid #8a93a3; box-shadow: 0 4px 16px rgba(0,0,0,.2); pointer-events: auto; font-size: 12px; white-space: normal; }
.bl-close { float: right; }
.bl-message { margin: 0 0 4px; font-weight: 600; }
.bl-finding + .bl-finding { border-top: 1px solid #e2e5ea; margin-top: 6px; padding-top: 6px; }
.bl-facts { display: grid; grid-template-columns: auto 1fr; gap: 2px 8px; margin: 0; }
.bl-facts dt { color: #5b6475; }
.bl-facts dd { margin: 0; font-variant-numeric: tabular-nums; word-break: break-word; }
`;
