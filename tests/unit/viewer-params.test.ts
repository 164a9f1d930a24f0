import { describe, expect, it, vi } from 'vitest';

/**
 * The PDF viewer's addresses and files, without a browser: what /viewer.html's query asks for, the host permission
 * a PDF's address needs (asked for at that moment, never at install), the viewer's own address, the zoom steps, the
 * detector's test for links to a disclosure's PDF, and the check that bytes are a PDF at all.
 */

vi.mock('wxt/browser', () => ({ browser: {} }));

const {
  cssScale,
  fileNameOf,
  fitWidthZoom,
  isPdfFile,
  isPdfUrl,
  localFileUrl,
  originPattern,
  PDF_LINK_PATTERNS,
  stepZoom,
  viewerPath,
  viewerSource,
  ZOOM_STEPS,
} = await import('../../components/viewer/params');
const { isPdf: looksLikePdf } = await import('../../lib/page/charset');
const { MessageSchema } = await import('../../lib/extension/messages');
const { isDisclosurePdfLink } = await import('../../lib/page/detect');

describe('viewerSource (the query of /viewer.html)', () => {
  it('?src=<http(s) URL> is a PDF to fetch, with the host permission it needs', () => {
    const src = 'https://czj.hangzhou.gov.cn/art/2024/2/1/附件.pdf?v=2';
    expect(viewerSource(`?src=${encodeURIComponent(src)}`)).toEqual({
      kind: 'url',
      url: new URL(src).href,
      host: 'czj.hangzhou.gov.cn',
      pattern: 'https://czj.hangzhou.gov.cn/*',
    });
    // A port is part of the host shown, never of the permission's pattern (patterns cover every port).
    expect(viewerSource('?src=http%3A%2F%2F127.0.0.1%3A8080%2Fpdf%2Fa.pdf')).toMatchObject({
      kind: 'url',
      host: '127.0.0.1:8080',
      pattern: 'http://127.0.0.1/*',
    });
  });

  it('?file, nothing, or an empty src wait for a local file', () => {
    expect(viewerSource('?file')).toEqual({ kind: 'file' });
    expect(viewerSource('')).toEqual({ kind: 'file' });
    expect(viewerSource('?src=')).toEqual({ kind: 'file' });
    expect(viewerSource('?src=%20%20')).toEqual({ kind: 'file' });
  });

  it('anything but http(s) is refused, never fetched', () => {
    for (const raw of [
      `javascript${':'}alert(1)`,
      'file:///etc/passwd',
      'data:application/pdf;base64,JVBERi0=',
      'chrome://settings',
      'not a url',
      '/relative.pdf',
    ]) {
      expect(viewerSource(`?src=${encodeURIComponent(raw)}`), raw).toEqual({ kind: 'invalid', raw });
    }
  });

  it('viewerPath is the inverse for a PDF address, and ?file without one', () => {
    const src = 'http://example.gov.cn/a b/预算.pdf?x=1&y=2#page=3';
    const path = viewerPath(src);
    expect(path.startsWith('/viewer.html?src=')).toBe(true);
    const back = viewerSource(path.slice(path.indexOf('?')));
    expect(back).toMatchObject({ kind: 'url', url: new URL(src).href });
    expect(viewerPath()).toBe('/viewer.html?file');
    expect(viewerSource(viewerPath().slice('/viewer.html'.length))).toEqual({ kind: 'file' });
  });
});

describe('originPattern (the host permission asked for)', () => {
  it('is scheme://host/* for http(s), lower-cased, without port, path, query or credentials', () => {
    expect(originPattern('https://CZJ.Example.GOV.cn:8443/a/b.pdf?x=1#y')).toBe('https://czj.example.gov.cn/*');
    expect(originPattern('http://user:pw@10.0.0.1/x.pdf')).toBe('http://10.0.0.1/*');
    expect(originPattern('http://[::1]:3000/x.pdf')).toBe('http://[::1]/*');
  });

  it('is undefined for anything else', () => {
    expect(originPattern('file:///x.pdf')).toBeUndefined();
    expect(originPattern('ftp://example.org/x.pdf')).toBeUndefined();
    expect(originPattern('nonsense')).toBeUndefined();
  });
});

describe('PDF addresses and files', () => {
  it('isPdfUrl looks at the path only, in either case', () => {
    expect(isPdfUrl('https://a.gov.cn/x/2024预算.pdf')).toBe(true);
    expect(isPdfUrl('https://a.gov.cn/x/A.PDF?download=1#page=2')).toBe(true);
    expect(isPdfUrl('https://a.gov.cn/download.jsp?file=a.pdf')).toBe(false);
    expect(isPdfUrl('https://a.gov.cn/a.pdf.html')).toBe(false);
    expect(isPdfUrl('file:///a.pdf')).toBe(false);
    expect(isPdfUrl(`javascript${':'}x.pdf`)).toBe(false);
  });

  it('the context menu patterns cover .pdf links with and without a query', () => {
    expect(PDF_LINK_PATTERNS).toEqual(expect.arrayContaining(['*://*/*.pdf', '*://*/*.PDF', '*://*/*.pdf?*']));
  });

  it('a local file is filed under file:///<name>, one segment, encoded as a URL', () => {
    expect(localFileUrl('2024年部门预算.pdf')).toBe(new URL('file:///2024年部门预算.pdf').href);
    expect(localFileUrl('a/b\\c.pdf')).toBe('file:///a_b_c.pdf');
    expect(localFileUrl('  ')).toBe('file:///document.pdf');
    expect(localFileUrl('x.pdf')).toBe('file:///x.pdf');
  });

  it('fileNameOf gives the decoded last segment', () => {
    expect(fileNameOf('https://a.gov.cn/x/%E9%A2%84%E7%AE%97.pdf?x=1')).toBe('预算.pdf');
    expect(fileNameOf('https://a.gov.cn/')).toBe('https://a.gov.cn/');
    expect(fileNameOf('nonsense')).toBe('nonsense');
  });

  it('isPdfFile trusts the type, and the name only when the type is missing or generic', () => {
    expect(isPdfFile({ name: 'a.bin', type: 'application/pdf' })).toBe(true);
    expect(isPdfFile({ name: 'a.PDF', type: '' })).toBe(true);
    expect(isPdfFile({ name: 'a.pdf', type: 'application/octet-stream' })).toBe(true);
    expect(isPdfFile({ name: 'a.pdf', type: 'text/html' })).toBe(false);
    expect(isPdfFile({ name: 'a.docx', type: '' })).toBe(false);
  });

  it('a PDF is told by %PDF- within the first kilobyte', () => {
    const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
    expect(looksLikePdf(enc('%PDF-1.7\n...'))).toBe(true);
    expect(looksLikePdf(enc(`${' '.repeat(500)}%PDF-1.4`))).toBe(true);
    expect(looksLikePdf(enc('<!doctype html><title>登录</title>'))).toBe(false);
    expect(looksLikePdf(enc(`${' '.repeat(1100)}%PDF-1.4`))).toBe(false);
    expect(looksLikePdf(new Uint8Array())).toBe(false);
  });

  it('the open-pdf message is validated like every message', () => {
    const ok = (m: unknown) => MessageSchema.safeParse(m).success;
    expect(ok({ type: 'bl:open-pdf', url: 'https://a.gov.cn/a.pdf' })).toBe(true);
    expect(ok({ type: 'bl:open-pdf' })).toBe(false);
    expect(ok({ type: 'bl:open-pdf', url: 'x'.repeat(9000) })).toBe(false);
  });
});

describe('zoom', () => {
  it('100 % is 96 CSS px per 72 points', () => {
    expect(cssScale(1)).toBeCloseTo(4 / 3, 10);
    expect(cssScale(1.5)).toBeCloseTo(2, 10);
  });

  it('steps up and down, staying within the steps', () => {
    expect(stepZoom(1, 1)).toBe(1.1);
    expect(stepZoom(1, -1)).toBe(0.9);
    expect(stepZoom(1.07, 1)).toBe(1.1);
    expect(stepZoom(1.07, -1)).toBe(1);
    expect(stepZoom(ZOOM_STEPS[ZOOM_STEPS.length - 1]!, 1)).toBe(ZOOM_STEPS[ZOOM_STEPS.length - 1]);
    expect(stepZoom(ZOOM_STEPS[0]!, -1)).toBe(ZOOM_STEPS[0]);
  });

  it('fit width fills the space (rounded down to a percent), within the steps', () => {
    // An A4 page (595.28 pt) in 850 px: 850 / (4/3) / 595.28 = 1.0709 → 107 %.
    expect(fitWidthZoom(595.28, 850)).toBe(1.07);
    expect(fitWidthZoom(595.28, 100)).toBe(ZOOM_STEPS[0]);
    expect(fitWidthZoom(595.28, 100000)).toBe(ZOOM_STEPS[ZOOM_STEPS.length - 1]);
    expect(fitWidthZoom(0, 800)).toBe(1);
  });
});

describe("the detector's button: links to a disclosure's PDF", () => {
  it('a .pdf link whose text, file name or page title speaks of 预算 / 决算 / 三公', () => {
    expect(isDisclosurePdfLink('https://a.gov.cn/f/2024.pdf', '杭州市信访局2024年部门预算', '通知公告')).toBe(true);
    expect(isDisclosurePdfLink('https://a.gov.cn/f/%E5%86%B3%E7%AE%97.PDF?x=1', '附件1', '政务公开')).toBe(true);
    expect(isDisclosurePdfLink('https://a.gov.cn/f/1.pdf', '附件1', '2023年部门决算公开')).toBe(true);
    expect(isDisclosurePdfLink('https://a.gov.cn/f/1.pdf', '“三公”经费说明', '')).toBe(true);
  });

  it('not other PDFs, nor addresses whose path does not end in .pdf', () => {
    expect(isDisclosurePdfLink('https://a.gov.cn/f/1.pdf', '防汛应急预案', '通知公告')).toBe(false);
    expect(isDisclosurePdfLink('https://a.gov.cn/download.jsp?f=预算.pdf', '部门预算', '部门预算')).toBe(false);
    expect(isDisclosurePdfLink('https://a.gov.cn/预算.pdf.html', '部门预算', '')).toBe(false);
    expect(isDisclosurePdfLink('not a url', '部门预算.pdf', '')).toBe(false);
  });
});
