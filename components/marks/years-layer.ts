import { t } from '../../utils/i18n';
import type { PriorLabel, YearsView } from '../overlay/years';
import { el } from './dom';
import { applySpot, cellKey } from './place';
import type { MarksHost } from './placed';
import type { Place } from './surface';

/**
 * Prior years' labels in the marks layer (layer.ts): `.bl-prior[data-cell]` by each compared amount cell, in a
 * column just right of the table when the view leaves room there (so no printed figure is covered), else hanging
 * under the cell; and the compared table's `button.bl-prior-toggle` on its bar. What the labels say and when they
 * are drawn is components/overlay/years.ts's YearsController.
 */
export class YearsLayer implements YearsView {
  private drawn: { label: PriorLabel; element: HTMLElement }[] = [];
  private table: number | null = null;
  /** Tables whose prior-year labels the reader hid. */
  private readonly off = new Set<number>();

  constructor(private readonly host: MarksHost) {}

  /** Called for each bar the layer draws: the compared table's gets the toggle. */
  decorateBar(bar: HTMLElement, table: number): void {
    if (table === this.table) this.addToggle(bar, table);
  }

  /** The layer cleared its marks for a new render: the labels come back with the next draw. */
  onClear(): void {
    for (const d of this.drawn) d.element.remove();
    this.drawn = [];
  }

  clear(): void {
    this.draw([], null);
  }

  draw(labels: readonly PriorLabel[], table: number | null): void {
    this.onClear();
    if (this.table !== null && this.table !== table)
      this.host.bar(this.table)?.querySelector('.bl-prior-toggle')?.remove();
    this.table = table;
    if (table !== null && labels.length > 0) {
      const bar = this.host.bar(table);
      if (bar && !bar.querySelector('.bl-prior-toggle')) this.addToggle(bar, table);
    } else if (table !== null) this.host.bar(table)?.querySelector('.bl-prior-toggle')?.remove();
    for (const label of labels) {
      const e = el('span', `bl-prior${label.swing ? ' bl-prior-swing' : ''}`, label.text);
      e.dataset.cell = cellKey(label.cell);
      e.dataset.kind = label.kind;
      e.dataset.change = label.sign;
      if (label.swing) e.dataset.swing = 'true';
      e.title = label.description;
      e.setAttribute('aria-label', label.description);
      this.drawn.push({ label, element: e });
    }
    this.position();
  }

  private addToggle(bar: HTMLElement, table: number): void {
    const b = el('button', 'bl-prior-toggle', this.off.has(table) ? t('yr_priorShow') : t('yr_priorHide'));
    b.type = 'button';
    b.dataset.table = String(table);
    b.setAttribute('aria-pressed', String(this.off.has(table)));
    b.title = t('yr_priorToggleHint');
    b.addEventListener('click', () => {
      const hide = !this.off.has(table);
      if (hide) this.off.add(table);
      else this.off.delete(table);
      b.textContent = hide ? t('yr_priorShow') : t('yr_priorHide');
      b.setAttribute('aria-pressed', String(hide));
      this.position();
    });
    bar.append(b);
  }

  /** The label element by a cell (tests and scripts). */
  labelFor(cell: PriorLabel['cell']): HTMLElement | undefined {
    return this.drawn.find((d) => cellKey(d.label.cell) === cellKey(cell))?.element;
  }

  /** Reads (where the cells are), writes (into their layer), reads (the labels' widths), writes: two layouts in all. */
  position(): void {
    const surface = this.host.surface;
    const off = this.table === null || this.off.has(this.table) || this.host.isHidden(this.table);
    const where = this.drawn.map(({ label }) => {
      const cell: Place | undefined = off ? undefined : surface.locate({ cell: label.cell })[0];
      if (!cell) return undefined;
      const table = surface.locate({ table: label.cell.table }).find((p) => p.layer === cell.layer) ?? cell;
      return { cell, tableRight: table.rect.left + table.rect.width, view: surface.view(cell.layer) };
    });
    this.drawn.forEach(({ element }, i) => {
      const w = where[i];
      element.hidden = !w;
      if (w && element.parentNode !== w.cell.layer) w.cell.layer.append(element);
    });
    const widths = this.drawn.map(({ element }, i) => (where[i] ? element.offsetWidth || 180 : 0));
    this.drawn.forEach(({ element }, i) => {
      const w = where[i];
      if (!w) return;
      const r = w.cell.rect;
      const right = w.tableRight + 6;
      if (right + widths[i]! <= w.view.left + w.view.width) {
        // Beside the table, on the cell's row: covers nothing the document prints.
        applySpot(element, { left: right, top: r.top + Math.max(0, (r.height - 16) / 2) });
        element.classList.remove('bl-prior-under');
      } else {
        // No room beside it: under the cell, right-aligned with it.
        applySpot(element, {
          left: Math.max(w.view.left + 2, r.left + r.width - widths[i]!),
          top: r.top + r.height - 6,
        });
        element.classList.add('bl-prior-under');
      }
    });
  }
}
