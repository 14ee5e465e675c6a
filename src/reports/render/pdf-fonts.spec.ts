import PDFDocument from 'pdfkit';
import { forgetWordLayouts, registerReportFonts } from './pdf-fonts';

type FontCaches = { _fontFamilies: Record<string, { layoutCache?: Record<string, unknown> }> };

// forgetWordLayouts reaches into PDFKit (there is no public way to empty the cache but to turn it off, which made
// the all-states PDF ~25 % slower): if an upgrade renames what it relies on, this fails instead of memory growing again.
describe('forgetWordLayouts', () => {
  it("empties PDFKit's per-word layout cache of the embedded fonts", () => {
    const doc = new PDFDocument();
    registerReportFonts(doc);
    doc.text('Стратегия кибербезопасности 2026');
    const fonts = Object.values((doc as unknown as FontCaches)._fontFamilies);
    const cached = () => fonts.reduce((n, font) => n + Object.keys(font.layoutCache ?? {}).length, 0);
    expect(fonts.some((font) => font.layoutCache !== undefined)).toBe(true);
    expect(cached()).toBeGreaterThan(0);
    forgetWordLayouts(doc);
    expect(cached()).toBe(0);
    doc.end();
  });
});
