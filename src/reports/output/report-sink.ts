/** Where a renderer writes a report, piece by piece, in order. */
export interface ReportSink {
  /** Takes the next bytes (a string as UTF-8). Never waits: renderers call drain() at natural breaks. */
  write(chunk: string | Uint8Array): void;
  /** Resolves once what was written so far is stored, so a renderer stays at most a page ahead of the disk. */
  drain(): Promise<void>;
}
