import type { FromWorker, ToWorker } from '../../lib/extension/worker-protocol';
import type { PageInfo } from '../../lib/notes/anchor';
import type { Note } from '../../lib/notes/schema';
import type { PageModel } from '../marks/model';

type Question = Extract<ToWorker, { type: 'resolve-notes' | 'anchor' | 'years' }>;
type Reply = Extract<FromWorker, { type: 'resolved' | 'anchored' | 'compared' | 'unanswered' }>;
/** A question as the page writes it (the id is the link's). */
type Asked = Question extends infer Q ? (Q extends Question ? Omit<Q, 'id'> : never) : never;

/** How long the worker may take to answer one question before the page gives up on it (ms). */
const ANSWER_TIMEOUT_MS = 60_000;

/**
 * The page's model in the engine's worker (lib/extension/worker-engine.ts keeps it after the audit): the notes and
 * the prior years ask it through messages (lib/extension/worker-protocol.ts) and get back only what the page
 * draws. Disposing it ends the worker.
 */
export class WorkerModel implements PageModel {
  private next = 1;
  private readonly waiting = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  private ended = false;

  constructor(
    private readonly post: (m: ToWorker) => void,
    private readonly end: () => void,
  ) {}

  /** The worker's answer to a question (the link calls it with every such message). */
  answered(r: Reply): void {
    const w = this.waiting.get(r.id);
    if (!w) return;
    this.waiting.delete(r.id);
    if (r.type === 'unanswered') w.reject(new Error(`the worker did not answer: ${r.message}`));
    else w.resolve(r);
  }

  /** The worker failed or ended: every open question fails. */
  failed(e: Error): void {
    for (const w of this.waiting.values()) w.reject(e);
    this.waiting.clear();
  }

  private ask(q: Asked): Promise<Reply> {
    if (this.ended) return Promise.reject(new Error('the page was audited again'));
    const id = this.next++;
    return new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error('the worker did not answer in time'));
      }, ANSWER_TIMEOUT_MS);
      const done =
        <T>(f: (x: T) => void) =>
        (x: T) => {
          clearTimeout(timer);
          f(x);
        };
      this.waiting.set(id, { resolve: done(resolve), reject: done(reject) });
      this.post({ ...q, id } as Question);
    });
  }

  async resolveNotes(page: PageInfo, notes: readonly Note[]) {
    const r = await this.ask({ type: 'resolve-notes', page, notes: [...notes] });
    if (r.type !== 'resolved') throw new Error(`the worker answered ${r.type}`);
    const byId = new Map(notes.map((n) => [n.id, n]));
    return r.notes.flatMap(({ note, resolution }) => {
      const n = byId.get(note);
      return n ? [{ note: n, resolution }] : [];
    });
  }

  async anchor(page: PageInfo, target: Parameters<PageModel['anchor']>[1]) {
    const r = await this.ask({ type: 'anchor', page, target });
    if (r.type !== 'anchored') throw new Error(`the worker answered ${r.type}`);
    return r.anchor;
  }

  async years(earlier: string, threshold: Parameters<PageModel['years']>[1]) {
    const r = await this.ask({ type: 'years', earlier, threshold });
    if (r.type !== 'compared') throw new Error(`the worker answered ${r.type}`);
    return { years: r.years, labels: r.labels, table: r.table };
  }

  dispose(): void {
    if (this.ended) return;
    this.ended = true;
    this.failed(new Error('the page was audited again'));
    this.end();
  }
}
