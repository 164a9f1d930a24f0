import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { BudgetDocument, CellAddress } from '../../lib/model';
import { auditHtml, fixture, key } from '../helpers';
import { join } from 'node:path';
import { screenshotDir, useE2E } from './harness';

/**
 * Notes in the real browser: a volunteer writes a note on a cell of a budget page; it is on the same cell after a
 * reload; the same document served at another address with its rows reordered and another markup shows the note on
 * the same row's cell; the notes page exports them, storage is wiped, the file is imported and every note is back.
 */

const session = useE2E();

const ORIGINAL = 'pages/hangzhou-2024.clean.html';
/** The same document at another address, rows permuted, other markup (tests/fixtures/pages/README.md). */
const MOVED = 'e2e/elsewhere/hangzhou-2024-republished.html';

/** The DOM address and text of 表5 一般公共预算支出表 › 行政运行 (信访事务) › 合计 in a page, from the engine in Node. */
function target(doc: BudgetDocument): { addr: CellAddress; text: string; table: number } {
  const gpb = doc.tables.find((t) => t.kind === 'gpb-expenditure');
  if (!gpb) throw new Error('fixture has no 一般公共预算支出表');
  const row = gpb.rows.find((r) => r.label === '行政运行');
  if (!row) throw new Error('fixture has no row 行政运行');
  const total = gpb.columns.find((c) => c.role === 'amount');
  const cell = row.values.get(total!.index)!;
  return { addr: cell.addr, text: cell.raw, table: gpb.index };
}

/** Notes markers in the overlay: data-note and data-cell of each. */
function noteMarkers(page: Page): Promise<{ note: string; cell: string }[]> {
  return page.evaluate(() => {
    const root = document.querySelector('budget-lens-overlay')?.shadowRoot;
    return [...(root?.querySelectorAll('.bl-note[data-cell]') ?? [])].map((m) => ({
      note: m.getAttribute('data-note') ?? '',
      cell: m.getAttribute('data-cell') ?? '',
    }));
  });
}

async function waitForNoteOn(page: Page, cell: string): Promise<void> {
  await page.locator(`budget-lens-overlay .bl-note[data-cell="${cell}"]`).waitFor({ timeout: 10_000 });
}

/** Every stored note, read in an extension page. */
function storedNotes(page: Page): Promise<Record<string, unknown>> {
  return page.evaluate(async () => {
    const c = (
      globalThis as unknown as { chrome: { storage: { local: { get(k: null): Promise<Record<string, unknown>> } } } }
    ).chrome;
    const all = await c.storage.local.get(null);
    return Object.fromEntries(Object.entries(all).filter(([k]) => k.startsWith('note:')));
  });
}

describe('notes stay on the figure they were written about', () => {
  it(
    'written on a cell, kept over a reload, found again on the republished page, exported and imported ' + 'back',
    async () => {
      const e2e = session();
      const originalHtml = fixture(ORIGINAL);
      const movedHtml = fixture('pages/hangzhou-2024.reordered.html');
      e2e.server.put(MOVED, movedHtml);
      const here = target(auditHtml(originalHtml, ORIGINAL).doc);
      const there = target(auditHtml(movedHtml, MOVED).doc);
      expect(there.text, 'the republished page prints the same figure').toBe(here.text);
      expect(key(there.addr), 'the republished page has the row elsewhere').not.toBe(key(here.addr));

      // 1. Note mode on the table's bar, click the cell, write, tag, save.
      const { page } = await e2e.open(ORIGINAL);
      await page.locator(`budget-lens-overlay .bl-note-mode[data-table="${here.table}"]`).click();
      const box = await page.evaluate((a) => {
        const r = document.querySelectorAll('table')[a.table]!.rows[a.row]!.cells[a.cell]!.getBoundingClientRect();
        return { x: r.left + r.width / 3, y: r.top + r.height / 2 };
      }, here.addr);
      await page.mouse.click(box.x, box.y);
      const editor = page.locator('budget-lens-overlay form.bl-note-editor');
      await editor.waitFor({ timeout: 5_000 });
      await editor.locator('textarea[name="text"]').fill('行政运行比上年多出一截，需要追问');
      await editor.locator('input[name="tag"][value="疑点"]').check();
      await page.screenshot({ path: join(screenshotDir('notes'), 'editor.png') });
      await editor.locator('button.bl-note-save').click();
      await waitForNoteOn(page, key(here.addr));
      expect(await editor.count(), 'the editor closes after saving').toBe(0);

      // 2. A reload: the note is on the same cell.
      await page.reload({ waitUntil: 'load' });
      await page.waitForFunction(() => document.documentElement.getAttribute('data-budget-lens') === 'done', null, {
        timeout: 20_000,
      });
      await waitForNoteOn(page, key(here.addr));
      const markers = await noteMarkers(page);
      expect(markers.map((m) => m.cell)).toEqual([key(here.addr)]);
      const noteId = markers[0]!.note;

      // Its popover tells what was written.
      await page.locator(`budget-lens-overlay .bl-note[data-cell="${key(here.addr)}"]`).click();
      await expect
        .poll(() => page.locator('budget-lens-overlay').evaluate((h) => h.shadowRoot?.textContent ?? ''))
        .toContain('需要追问');
      await page.screenshot({ path: join(screenshotDir('notes'), 'popover.png') });

      // 3. The same document at another address, rows reordered, other markup: the note follows its row.
      const moved = await e2e.open(MOVED);
      await waitForNoteOn(moved.page, key(there.addr));
      expect((await noteMarkers(moved.page)).map((m) => m.note)).toEqual([noteId]);
      const text = await moved.page.evaluate(
        (a) => document.querySelectorAll('table')[a.table]!.rows[a.row]!.cells[a.cell]!.textContent?.trim(),
        there.addr,
      );
      expect(text).toBe(here.text);

      // 4. Export from the notes page, wipe storage, import the file: every note is back, the same.
      const notesPage = await e2e.browser.context.newPage();
      await notesPage.goto(`chrome-extension://${e2e.browser.extensionId}/notes.html`);
      await notesPage.locator(`[data-testid="note"][data-note-id="${noteId}"]`).waitFor({ timeout: 10_000 });
      await notesPage.screenshot({ path: join(screenshotDir('notes'), 'notes-page.png'), fullPage: true });
      const before = await storedNotes(notesPage);
      expect(Object.keys(before)).toHaveLength(1);
      const [download] = await Promise.all([
        notesPage.waitForEvent('download'),
        notesPage.locator('[data-testid="export-json"]').click(),
      ]);
      const file = await download.path();
      const exported = JSON.parse(readFileSync(file, 'utf8')) as {
        format: string;
        schema: number;
        notes: { id: string }[];
      };
      expect(exported).toMatchObject({ format: 'budget-lens-notes', schema: 2 });
      expect(exported.notes.map((n) => n.id)).toEqual([noteId]);

      await notesPage.evaluate(() =>
        (
          globalThis as unknown as { chrome: { storage: { local: { clear(): Promise<void> } } } }
        ).chrome.storage.local.clear(),
      );
      await notesPage.reload();
      await expect.poll(() => notesPage.locator('[data-testid="note"]').count()).toBe(0);
      // The page's marker goes with the note.
      await expect.poll(async () => (await noteMarkers(page)).length).toBe(0);

      await notesPage.locator('[data-testid="import-file"]').setInputFiles(file);
      await notesPage.locator('[data-testid="import-preview"]').waitFor({ timeout: 5_000 });
      expect(await notesPage.locator('[data-testid="import-add"]').innerText()).toContain('1');
      await notesPage.locator('[data-testid="import-confirm"]').click();
      await notesPage.locator('[data-testid="import-done"]').waitFor({ timeout: 5_000 });
      await notesPage.locator(`[data-testid="note"][data-note-id="${noteId}"]`).waitFor({ timeout: 5_000 });
      expect(await storedNotes(notesPage)).toEqual(before);

      // And the open page shows it again on its cell, without a reload.
      await waitForNoteOn(page, key(here.addr));

      // A file that is not a notes export is refused with a message, and nothing changes.
      await notesPage.locator('[data-testid="import-file"]').setInputFiles({
        name: 'report.json',
        mimeType: 'application/json',
        buffer: Buffer.from('{"source":"x","findings":[]}'),
      });
      await notesPage.locator('[data-testid="import-error"]').waitFor({ timeout: 5_000 });
      expect(await storedNotes(notesPage)).toEqual(before);

      for (const p of [page, moved.page, notesPage]) await p.close();
      expect([...moved.errors]).toEqual([]);
    },
  );
});
