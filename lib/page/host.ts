/**
 * The page overlay's host element: its tag and the inline style that keeps hostile page CSS from hiding it. Shared by
 * the detector, which puts an empty host on a budget page as soon as the page is parsed (so the page lays it out in
 * its own first layout, not in a second full rendering when the marks come), and by the overlay's surface
 * (components/overlay/dom-surface.ts), which takes that host or makes one. Strings only: the detector stays tiny.
 */
export const OVERLAY_TAG = 'budget-lens-overlay';

/** Inline !important, and the shadow root's :host rules inside (which win over the page's !important). */
export const HOST_STYLE =
  'all:initial !important;display:block !important;position:absolute !important;left:0 !important;' +
  'top:0 !important;width:0 !important;height:0 !important;overflow:visible !important;opacity:1 !important;' +
  'visibility:visible !important;z-index:2147483646 !important;pointer-events:none !important;';

/**
 * The User Timing mark the overlay sets when a page's first marks are on it (components/marks/layer.ts): in DevTools'
 * Performance panel, and the page benchmark's time to the first marks (bench/page.bench.ts).
 */
export const FIRST_MARKS = 'budget-lens:first-marks';
