/** What pdfTitle needs of a pdf.js document. */
export interface PdfMetadataSource {
  getMetadata(): Promise<{ readonly info?: unknown; readonly metadata?: { get(name: string): unknown } | null }>;
}

/** A PDF's own title (its XMP dc:title, else its Info dictionary's Title), when it has a non-empty one. */
export async function pdfTitle(doc: PdfMetadataSource): Promise<string | undefined> {
  try {
    const meta = await doc.getMetadata();
    const info = meta.info as { Title?: unknown } | undefined;
    const title = meta.metadata?.get('dc:title') ?? (typeof info?.Title === 'string' ? info.Title : undefined);
    return typeof title === 'string' && title.trim() ? title.trim() : undefined;
  } catch {
    return undefined;
  }
}
