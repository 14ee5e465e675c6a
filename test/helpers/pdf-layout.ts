// The PDF.js that pdf-parse ships (a development dependency already): it reads word boxes and the outline.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pdfjs = require('pdf-parse/lib/pdf.js/v2.0.550/build/pdf.js') as {
  getDocument(source: { data: Uint8Array }): { promise: Promise<PdfDocument> };
};

interface PdfDocument {
  numPages: number;
  getPage(n: number): Promise<{
    getViewport(scale: number): { width: number; height: number };
    getTextContent(): Promise<{ items: Array<{ str: string; transform: number[]; width: number; height: number }> }>;
  }>;
  getOutline(): Promise<OutlineItem[] | null>;
  getMetadata(): Promise<{ info: Record<string, unknown> }>;
}

interface OutlineItem {
  title: string;
  items: OutlineItem[];
}

/** A run of text as drawn: its box in PDF units, y upwards from the bottom of the page. */
export interface Word {
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PageLayout {
  number: number;
  width: number;
  height: number;
  words: Word[];
}

export interface PdfLayout {
  pages: PageLayout[];
  outline: Array<{ title: string; children: string[] }>;
  info: Record<string, unknown>;
}

export async function pdfLayout(data: Buffer): Promise<PdfLayout> {
  const doc = await pdfjs.getDocument({ data: new Uint8Array(data) }).promise;
  const pages: PageLayout[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const { width, height } = page.getViewport(1);
    const { items } = await page.getTextContent();
    const words = items
      .filter((item) => item.str.trim() !== '')
      .map((item) => {
        const size = item.height || Math.hypot(item.transform[2], item.transform[3]);
        // From a little below the baseline (descenders) to the top of capitals.
        return { text: item.str, x: item.transform[4], y: item.transform[5] - 0.2 * size, width: item.width, height: 0.95 * size };
      });
    pages.push({ number: n, width, height, words });
  }
  const outline = ((await doc.getOutline()) ?? []).map((item) => ({ title: item.title, children: item.items.map((child) => child.title) }));
  const { info } = await doc.getMetadata();
  return { pages, outline, info };
}

/** Lower edge of the body: text below it is the footer. */
const FOOTER_ZONE = 45;
/** Boxes must overlap by more than this (in points, each way) to count: glyph boxes are estimates. */
const TOLERANCE = 1;

/**
 * What a reader would call broken: text of different blocks drawn over each other, text off the page, no
 * outline, and a page other than the last that is nearly empty (at most two lines of body text).
 */
export function layoutProblems(layout: PdfLayout): string[] {
  const problems: string[] = [];
  if (layout.outline.length === 0) problems.push('the PDF has no outline (bookmarks)');
  for (const page of layout.pages) {
    for (const w of page.words) {
      if (w.x < -TOLERANCE || w.y < -TOLERANCE || w.x + w.width > page.width + TOLERANCE || w.y + w.height > page.height + TOLERANCE) {
        problems.push(`page ${page.number}: "${w.text}" lies outside the page`);
      }
    }
    for (let i = 0; i < page.words.length; i++) {
      for (let j = i + 1; j < page.words.length; j++) {
        const [a, b] = [page.words[i], page.words[j]];
        const dx = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
        const dy = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
        // Pieces of one line may touch; what matters is text over other text.
        const sameLine = Math.abs(a.y - b.y) < 0.5 && dx < 2;
        if (dx > TOLERANCE && dy > TOLERANCE && !sameLine) problems.push(`page ${page.number}: "${a.text}" overlaps "${b.text}"`);
      }
    }
    const lines = new Set(page.words.filter((w) => w.y > FOOTER_ZONE).map((w) => Math.round(w.y)));
    if (page.number < layout.pages.length && lines.size <= 2) problems.push(`page ${page.number} is nearly empty (${lines.size} lines)`);
  }
  return problems;
}
