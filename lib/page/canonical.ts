import type { PageSource } from '../dom/adapter';

/** The page's <link rel=canonical> as an absolute address, when it has a valid one. */
export function canonicalUrl(page: Pick<PageSource, 'canonicalUrl'>, url: string): string | undefined {
  if (!page.canonicalUrl) return undefined;
  try {
    return new URL(page.canonicalUrl, url).href;
  } catch {
    return undefined;
  }
}
