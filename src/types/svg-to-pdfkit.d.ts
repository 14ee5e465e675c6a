declare module 'svg-to-pdfkit' {
  interface SvgToPdfOptions {
    /** Name of a font registered in the document for the SVG's font family (default: the standard fonts). */
    fontCallback?: (family: string, bold: boolean, italic: boolean) => string;
    width?: number;
    height?: number;
    preserveAspectRatio?: string;
    assumePt?: boolean;
  }
  function SVGtoPDF(doc: PDFKit.PDFDocument, svg: string, x: number, y: number, options?: SvgToPdfOptions): void;
  export = SVGtoPDF;
}
