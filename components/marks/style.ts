/**
 * The overlay's stylesheet. Inside the shadow root nothing of the page's CSS applies; :host rules marked
 * !important win over the page's own !important rules on the host element.
 */
export const OVERLAY_CSS = `
:host { all: initial !important; display: block !important; position: absolute !important; left: 0 !important; \
top: 0 !important;
  width: 0 !important; height: 0 !important; overflow: visible !important; opacity: 1 !important; \
visibility: visible !important;
  z-index: 2147483646 !important; pointer-events: none !important; }
.bl-layer { position: absolute; left: 0; top: 0; width: 0; height: 0; \
font: 12px/1.4 system-ui, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif;
  color: #1d2330; letter-spacing: normal; text-align: left; }
.bl-layer *, .bl-layer *::before, .bl-layer *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
.bl-bar { position: absolute; display: flex; gap: 8px; align-items: center; height: 22px; padding: 0 6px; \
border-radius: 4px;
  background: #eef6ee; border: 1px solid #7fb77e; pointer-events: auto; white-space: nowrap; overflow: hidden; \
font-size: 12px; }
.bl-bar-failed { background: #fdecec; border-color: #d9534f; }
.bl-bar[data-status="empty"] { background: #f3f3f3; border-color: #bbb; }
.bl-kind { font-weight: 600; }
.bl-unit, .bl-counts { color: #3c4453; }
.bl-toggle, .bl-close { font: inherit; font-size: 11px; padding: 0 6px; height: 18px; border: 1px solid #8a93a3; \
border-radius: 3px;
  background: #fff; color: #1d2330; cursor: pointer; }
.bl-outline { position: absolute; border: 2px solid #d9534f; border-radius: 2px; pointer-events: none; }
.bl-outline[data-severity="info"] { border: 1px dashed #c9a227; }
.bl-outline[data-severity="warning"] { border-color: #e08a00; }
.bl-marker { position: absolute; width: 16px; height: 16px; padding: 0; margin: 0; border: 0; border-radius: 50%; \
pointer-events: auto;
  background: #d9534f; color: #fff; font: 700 11px/16px system-ui, sans-serif; text-align: center; cursor: pointer; \
box-shadow: 0 0 0 1px #fff; }
.bl-marker[data-severity="info"] { background: #e9d9a0; color: #5a4a00; }
.bl-marker[data-severity="warning"] { background: #e08a00; }
.bl-marker:focus-visible, .bl-toggle:focus-visible, .bl-close:focus-visible { outline: 3px solid #1a73e8; \
outline-offset: 1px; }
.bl-highlight { position: absolute; background: rgba(26, 115, 232, 0.18); outline: 2px solid #1a73e8; \
pointer-events: none; }
.bl-tooltip { position: absolute; max-width: 420px; min-width: 220px; padding: 8px 10px; border-radius: 6px; \
background: #fff; color: #1d2330;
  border: 1px solid #8a93a3; box-shadow: 0 4px 16px rgba(0,0,0,.2); pointer-events: auto; font-size: 12px; \
white-space: normal; }
.bl-close { float: right; }
.bl-message { margin: 0 0 4px; font-weight: 600; }
.bl-finding + .bl-finding { border-top: 1px solid #e2e5ea; margin-top: 6px; padding-top: 6px; }
.bl-facts { display: grid; grid-template-columns: auto 1fr; gap: 2px 8px; margin: 0; }
.bl-facts dt { color: #5b6475; }
.bl-facts dd { margin: 0; font-variant-numeric: tabular-nums; word-break: break-word; }
.bl-relations { margin: 6px 0 0; padding-left: 1.4em; }
.bl-relation p { margin: 0; }
.bl-relation-derivation { color: #5b6475; font-variant-numeric: tabular-nums; word-break: break-word; }
.bl-tooltip { z-index: 2; }
/* Notes (notes-ui.ts): violet, so a note never reads as a finding. */
.bl-notes { position: absolute; left: 0; top: 0; width: 0; height: 0; }
.bl-note { position: absolute; min-width: 16px; height: 16px; padding: 0 3px; margin: 0; border: 0; \
border-radius: 8px; pointer-events: auto;
  background: #6f42c1; color: #fff; font: 700 11px/16px system-ui, sans-serif; text-align: center; cursor: pointer; \
box-shadow: 0 0 0 1px #fff;
  display: inline-flex; align-items: center; gap: 1px; z-index: 1; }
.bl-note[data-confidence="fuzzy"] { background: #fff; color: #6f42c1; box-shadow: 0 0 0 1px #6f42c1; \
outline: 1px dashed #6f42c1; outline-offset: 1px; }
.bl-note-count { font-size: 10px; }
.bl-bar .bl-note { position: static; flex: none; border-radius: 3px; height: 18px; line-height: 18px; padding: 0 5px; \
box-shadow: none; }
.bl-note-mode { font: inherit; font-size: 11px; padding: 0 6px; height: 18px; border: 1px solid #6f42c1; \
border-radius: 3px; background: #fff;
  color: #4b2a86; cursor: pointer; flex: none; }
.bl-note-mode[aria-pressed="true"] { background: #6f42c1; color: #fff; }
.bl-table-note { font: inherit; font-size: 11px; padding: 0 6px; height: 18px; border: 1px solid #6f42c1; \
border-radius: 3px; background: #fff;
  color: #4b2a86; cursor: pointer; flex: none; }
.bl-note-frame { position: absolute; border: 2px dashed #6f42c1; border-radius: 3px; pointer-events: none; }
.bl-add-note { margin-top: 6px; font: inherit; font-size: 11px; padding: 1px 8px; border: 1px solid #6f42c1; \
border-radius: 3px;
  background: #fff; color: #4b2a86; cursor: pointer; }
.bl-note-popover, .bl-note-editor { position: absolute; z-index: 3; width: 340px; max-width: calc(100vw - 16px); \
padding: 8px 10px;
  border-radius: 6px; background: #fff; color: #1d2330; border: 1px solid #6f42c1; \
box-shadow: 0 4px 16px rgba(0,0,0,.2);
  pointer-events: auto; font-size: 12px; white-space: normal; }
.bl-note-popover:focus { outline: none; }
.bl-note-list, .bl-note-tags { list-style: none; margin: 0; padding: 0; }
.bl-note-item + .bl-note-item { border-top: 1px solid #e2e5ea; margin-top: 6px; padding-top: 6px; }
.bl-note-item.bl-note-current { background: #f5f0fc; }
.bl-note-meta { margin: 0 0 4px; display: flex; flex-wrap: wrap; gap: 6px; color: #5b6475; }
.bl-note-status { font-weight: 600; color: #4b2a86; }
.bl-note-item[data-status="resolved"] .bl-note-status { color: #2e7d32; }
.bl-note-old { margin: 0 0 4px; padding: 2px 6px; background: #fff7e0; border-left: 3px solid #c9a227; }
.bl-note-finding { margin: 0 0 4px; color: #8a1f1b; }
.bl-note-body { margin: 0 0 4px; white-space: pre-wrap; word-break: break-word; }
.bl-note-tags { display: flex; flex-wrap: wrap; gap: 4px; margin-bottom: 4px; }
.bl-note-tag { padding: 0 6px; border-radius: 8px; background: #ede5f9; color: #4b2a86; }
.bl-note-actions, .bl-note-buttons { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
.bl-note-actions button, .bl-note-buttons button { font: inherit; font-size: 11px; padding: 1px 8px; \
border: 1px solid #8a93a3; border-radius: 3px;
  background: #fff; color: #1d2330; cursor: pointer; }
.bl-note-buttons .bl-note-save, .bl-note-delete-confirm { background: #6f42c1 !important; \
border-color: #6f42c1 !important; color: #fff !important; }
.bl-note-delete-confirm { background: #d9534f !important; border-color: #d9534f !important; }
.bl-note-editor-title { margin: 0 0 6px; font-size: 13px; font-weight: 600; }
.bl-note-target { margin: 0 0 6px; color: #5b6475; word-break: break-word; }
.bl-note-field { display: flex; flex-direction: column; gap: 2px; margin: 0 0 6px; }
.bl-note-label { color: #5b6475; padding: 0; }
.bl-note-editor select, .bl-note-editor textarea, .bl-note-editor input[type="text"] { font: inherit; font-size: 12px; \
color: #1d2330;
  background: #fff; border: 1px solid #8a93a3; border-radius: 3px; padding: 2px 4px; width: 100%; }
.bl-note-editor textarea { resize: vertical; min-height: 64px; }
.bl-note-tagset { border: 0; margin: 0 0 6px; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 10px; }
.bl-note-tagset .bl-note-field { flex-basis: 100%; margin: 2px 0 0; }
.bl-note-tagbox { display: inline-flex; align-items: center; gap: 3px; cursor: pointer; }
.bl-note-error { margin: 0 0 6px; color: #b3261e; font-weight: 600; }
.bl-note-error:empty { margin: 0; }
.bl-note-hint { margin: 0 0 6px; color: #5b6475; font-size: 11px; }
.bl-note:focus-visible, .bl-note-mode:focus-visible, .bl-table-note:focus-visible, .bl-add-note:focus-visible, \
.bl-note-popover button:focus-visible,
.bl-note-editor button:focus-visible, .bl-note-editor select:focus-visible, .bl-note-editor textarea:focus-visible,
.bl-note-editor input:focus-visible { outline: 3px solid #1a73e8; outline-offset: 1px; }
/* Prior years (years.ts): quiet grey labels beside the compared table, amber for swings beyond the threshold. */
.bl-years { position: absolute; left: 0; top: 0; width: 0; height: 0; }
.bl-prior { position: absolute; white-space: nowrap; padding: 0 5px; border: 1px solid #c8cdd6; \
border-left-width: 3px; border-radius: 3px;
  background: rgba(255, 255, 255, 0.94); color: #3c4453; \
font: 11px/15px system-ui, "PingFang SC", "Microsoft YaHei", sans-serif;
  font-variant-numeric: tabular-nums; pointer-events: auto; cursor: default; }
.bl-prior[data-change="+"] { border-left-color: #2e7d32; }
.bl-prior[data-change="-"] { border-left-color: #c62828; }
.bl-prior-swing { background: #fff4d6; border-color: #e0a100; color: #4a3300; font-weight: 600; }
.bl-prior[data-kind="new"] { background: #e8f0fe; border-color: #1a73e8; color: #0b3d91; }
.bl-prior[data-kind="moved"] { background: #f3ecfb; border-color: #8e63ce; color: #3f2a66; }
.bl-prior-under { box-shadow: 0 1px 3px rgba(0,0,0,.15); z-index: 1; }
.bl-prior-toggle { font: inherit; font-size: 11px; padding: 0 6px; height: 18px; border: 1px solid #b58100; \
border-radius: 3px;
  background: #fff; color: #4a3300; cursor: pointer; flex: none; }
.bl-prior-toggle[aria-pressed="true"] { background: #fff4d6; }
.bl-prior-toggle:focus-visible { outline: 3px solid #1a73e8; outline-offset: 1px; }
/* Claims of the text (claims.ts): an underline over the words, a marker at their end; colours as the cells' markers. */
.bl-claims { position: absolute; left: 0; top: 0; width: 0; height: 0; }
.bl-claim-range { position: absolute; pointer-events: none; border-bottom: 1px dotted rgba(46, 125, 50, 0.55); }
.bl-claim-range[data-status="failed"] { background: rgba(217, 83, 79, 0.12); border-bottom: 2px solid #d9534f; }
.bl-claim-range[data-status="warning"] { background: rgba(224, 138, 0, 0.12); border-bottom: 2px solid #e08a00; }
.bl-claim-range[data-status="rounding"] { border-bottom: 1px dashed #c9a227; }
.bl-claim-range[data-status="not-checked"] { border-bottom: 1px dotted #8a93a3; }
.bl-claim { position: absolute; width: 11px; height: 11px; padding: 0; margin: 0; border: 0; border-radius: 50%; \
pointer-events: auto;
  background: #e3f1e3; color: #2e7d32; font: 700 8px/11px system-ui, sans-serif; text-align: center; cursor: pointer;
  box-shadow: 0 0 0 1px rgba(46, 125, 50, 0.5); z-index: 1; }
.bl-claim[data-status="failed"], .bl-claim[data-status="warning"] { width: 16px; height: 16px; font-size: 11px; \
line-height: 16px;
  background: #d9534f; color: #fff; box-shadow: 0 0 0 1px #fff; }
.bl-claim[data-status="warning"] { background: #e08a00; }
.bl-claim[data-status="rounding"] { width: 12px; height: 12px; font-size: 9px; line-height: 12px; background: #e9d9a0; \
color: #5a4a00; box-shadow: 0 0 0 1px #fff; }
.bl-claim[data-status="not-checked"] { width: 12px; height: 12px; font-size: 9px; line-height: 12px; \
background: #eceef2; color: #5b6475; box-shadow: 0 0 0 1px #8a93a3; }
.bl-claim[aria-expanded="true"] { outline: 2px solid #1a73e8; outline-offset: 1px; }
.bl-claim:focus-visible, .bl-claims-toggle:focus-visible { outline: 3px solid #1a73e8; outline-offset: 1px; }
.bl-claim-tip { min-width: 300px; }
.bl-claim-quote { margin: 4px 0; padding: 2px 6px; border-left: 3px solid #8a93a3; color: #1d2330; \
word-break: break-word; }
.bl-claim-tip[data-status="failed"] .bl-claim-quote { border-left-color: #d9534f; }
.bl-claim-tip[data-status="warning"] .bl-claim-quote { border-left-color: #e08a00; }
.bl-claim-message { margin: 0 0 4px; }
.bl-claims-control { position: fixed; right: 12px; bottom: 12px; display: flex; gap: 8px; align-items: center; \
padding: 3px 6px;
  border: 1px solid #8a93a3; border-radius: 4px; background: rgba(255, 255, 255, 0.96); \
box-shadow: 0 1px 4px rgba(0,0,0,.15);
  pointer-events: auto; font-size: 11px; white-space: nowrap; z-index: 2; }
.bl-claims-counts[data-failed="true"] { color: #b3261e; font-weight: 600; }
.bl-claims-toggle { font: inherit; font-size: 11px; padding: 0 6px; height: 18px; border: 1px solid #8a93a3; \
border-radius: 3px;
  background: #fff; color: #1d2330; cursor: pointer; }
.bl-claims-toggle[aria-pressed="true"] { background: #e3f1e3; border-color: #2e7d32; }
`;
