import PDFDocument from 'pdfkit';
import { TEXT_FONT } from './pdf-fonts';

type Doc = InstanceType<typeof PDFDocument>;

/** PDFKit's text state, in fields its typings leave out: a footer drawn mid-text must put them back. */
interface TextState {
  _font: unknown;
  _fontSize: number;
  _fillColor: unknown;
  _wrapper: unknown;
}

/**
 * Writes a footer ending in "Page n" on every page as the page is finished: just before PDFKit adds the next
 * one (asked for by the report, or because a long text flows over) and, through finish(), on the last.
 * Without bufferPages PDFKit writes each page out when the next is added, which keeps memory flat but means
 * the number of pages is unknown while a page can still be drawn on: hence "Page n", not "page n of N".
 */
export function numberPages(doc: Doc, footer: (page: number) => string, margin: number): { finish(): void } {
  let page = 1;
  const addPage = doc.addPage.bind(doc);
  doc.addPage = (options) => {
    drawFooter(doc, footer(page++), margin);
    return addPage(options);
  };
  return { finish: () => drawFooter(doc, footer(page), margin) };
}

function drawFooter(doc: Doc, text: string, margin: number): void {
  const state = doc as unknown as TextState;
  const saved = { font: state._font, size: state._fontSize, fill: state._fillColor, wrapper: state._wrapper, x: doc.x, y: doc.y };
  const bottom = doc.page.margins.bottom;
  // The footer sits in the bottom margin, where PDFKit would otherwise start a new page for it.
  doc.page.margins.bottom = 0;
  state._wrapper = null;
  doc.font(TEXT_FONT).fontSize(7).fillColor('#555').text(text, margin, doc.page.height - 30, {
    width: doc.page.width - 2 * margin,
    align: 'center',
    lineBreak: false,
  });
  doc.page.margins.bottom = bottom;
  Object.assign(state, { _font: saved.font, _fontSize: saved.size, _fillColor: saved.fill, _wrapper: saved.wrapper });
  doc.x = saved.x;
  doc.y = saved.y;
}
