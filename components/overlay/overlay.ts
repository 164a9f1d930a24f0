import type { PageSource } from '../../lib/dom/adapter';
import { MarksLayer, type MarksReport } from '../marks/layer';
import { DomSurface } from './dom-surface';

export { dropWaitingHost } from './dom-surface';

/**
 * The marks over an HTML page: the marks layer (components/marks/, the same code as the PDF viewer's) on the page's
 * DOM surface. The host element carries the report's counts (data-errors, data-warnings, data-rounding) for tests
 * and scripts.
 */
export class Overlay {
  readonly surface = new DomSurface();
  readonly marks = new MarksLayer(this.surface);

  get host(): HTMLElement {
    return this.surface.host;
  }

  /**
   * Draws a report of this page; `page`: the page as read with positions (where the text blocks' characters are, for
   * the claims' marks, and where the tables rebuilt from positioned text are drawn). A preview (the first tables'
   * report while the rest is audited) marks the host with data-preview until the next render.
   */
  async render(
    report: MarksReport,
    page: Pick<PageSource, 'positions' | 'placed'> | undefined,
    options: { preview?: boolean } = {},
  ): Promise<void> {
    // The host says what is on screen: set when this report's marks replace the ones drawn before.
    await this.marks.render(report, () => {
      if (options.preview) this.host.dataset.preview = 'true';
      else delete this.host.dataset.preview;
      this.surface.setPositions(page?.positions, page?.placed);
      this.host.dataset.errors = String(report.summary.errors);
      this.host.dataset.warnings = String(report.summary.warnings);
      this.host.dataset.rounding = String(report.summary.rounding);
    });
  }

  remove(): void {
    this.marks.dispose();
  }
}
