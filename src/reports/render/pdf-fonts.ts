import PDFDocument from 'pdfkit';

type Doc = InstanceType<typeof PDFDocument>;

/**
 * The PDF's fonts: DejaVu Sans, embedded (and subset by PDFKit to the glyphs used), because PDFKit's standard
 * fonts only know WinAnsi and turned every Cyrillic, Greek or Arabic letter of a narrative or evidence title
 * into "?". DejaVu covers Latin, Greek, Cyrillic, Armenian, Georgian, Hebrew and basic Arabic; not Chinese,
 * Japanese or Korean (those show as empty boxes; the HTML report and the open data keep every character).
 * Subset names derive from the font's id in the document, so published PDFs stay byte-reproducible.
 */
export const TEXT_FONT = 'Text';
export const BOLD_FONT = 'Text-Bold';

export function registerReportFonts(doc: Doc): void {
  doc.registerFont(TEXT_FONT, require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'));
  doc.registerFont(BOLD_FONT, require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'));
  doc.font(TEXT_FONT);
}

/** svg-to-pdfkit's font choice for chart text: the same embedded fonts. */
export function chartFont(_family: string, bold: boolean): string {
  return bold ? BOLD_FONT : TEXT_FONT;
}

/**
 * PDFKit keeps the layout of every word it has drawn with an embedded font for the life of the document; in a
 * report with every state that is every title, name and number, so memory grew with the states. Forgotten
 * after each state page (the next page lays its words out again, which is cheap next to drawing it).
 */
export function forgetWordLayouts(doc: Doc): void {
  const fonts = (doc as unknown as { _fontFamilies: Record<string, { layoutCache?: Record<string, unknown> }> })._fontFamilies;
  for (const font of Object.values(fonts)) if (font.layoutCache) font.layoutCache = Object.create(null);
}
