/**
 * At most `limit` reports drawn at once; the others wait their turn in order. Each drawing is a worker thread
 * with its own heap (tens of MB), so without a limit a burst of report requests would multiply memory by
 * the burst's size. A slot is freed when its drawing ends, successfully or not.
 */
export class RenderSlots {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  get load(): { waiting: number; running: number } {
    return { waiting: this.waiting.length, running: this.running };
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await work();
    } finally {
      // The slot passes straight to the next in line, or is given back.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
