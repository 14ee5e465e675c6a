// pdf-parse 1.x ships no types; its lib entry avoids the package index's self-test on import.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pdfParse = require('pdf-parse/lib/pdf-parse.js') as (
  data: Buffer,
  options?: { pagerender?: (page: PdfPage) => Promise<string> },
) => Promise<{ numpages: number; text: string }>;

interface PdfPage {
  getTextContent(): Promise<{ items: Array<{ str: string; transform: number[] }> }>;
}

/** Parses a PDF and returns the text of each page (lines joined by newlines). */
export async function pdfPages(data: Buffer): Promise<{ pageCount: number; pages: string[] }> {
  const pages: string[] = [];
  const result = await pdfParse(data, {
    pagerender: async (page) => {
      const content = await page.getTextContent();
      let lastY: number | undefined;
      let text = '';
      for (const item of content.items) {
        text += lastY === undefined || lastY === item.transform[5] ? item.str : `\n${item.str}`;
        lastY = item.transform[5];
      }
      pages.push(text);
      return text;
    },
  });
  return { pageCount: result.numpages, pages };
}
