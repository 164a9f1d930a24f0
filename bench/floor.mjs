// The floor of the command line's audit of a saved page, as a process: read the file, parse it with linkedom and read
// every table cell's text once (thead, tbody and tfoot rows in order), nothing else. bench/engine.bench.ts times
// `node bench/floor.mjs FILE` against `node bin/budget-lens.mjs audit FILE` side by side.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseHTML } from 'linkedom';

/**
 * The cheapest reader of a DOM's tables: every <table>, its rows in thead/tbody/tfoot order (rows directly under
 * <table> with the body), every td/th's textContent. No spans, no styles, no parsing.
 */
export function floorRead(document) {
  let cells = 0;
  let chars = 0;
  const tables = document.getElementsByTagName('table');
  for (let i = 0; i < tables.length; i++) {
    const head = [];
    const body = [];
    const foot = [];
    for (const child of Array.from(tables[i].children)) {
      const tag = child.tagName;
      if (tag === 'TR') body.push(child);
      else if (tag === 'THEAD' || tag === 'TBODY' || tag === 'TFOOT') {
        const target = tag === 'THEAD' ? head : tag === 'TFOOT' ? foot : body;
        for (const tr of Array.from(child.children)) if (tr.tagName === 'TR') target.push(tr);
      }
    }
    for (const tr of [...head, ...body, ...foot]) {
      for (const cell of Array.from(tr.children)) {
        if (cell.tagName !== 'TD' && cell.tagName !== 'TH') continue;
        cells++;
        chars += (cell.textContent ?? '').length;
      }
    }
  }
  return { cells, chars };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: node bench/floor.mjs FILE');
  const { document } = parseHTML(new TextDecoder('utf-8').decode(readFileSync(file)));
  const { cells, chars } = floorRead(document);
  console.log(`${cells} cells, ${chars} characters`);
}
