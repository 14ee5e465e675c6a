import { Presets, SingleBar } from 'cli-progress';

/**
 * A progress bar over named steps, on standard error and only on a terminal, so scripts that read standard
 * output or run without a TTY see nothing of it.
 */
export class StepProgress {
  private readonly bar?: SingleBar;
  private done = 0;

  constructor(total: number) {
    if (!process.stderr.isTTY) return;
    this.bar = new SingleBar({ format: ' {bar} {percentage}% | {step}', stream: process.stderr, hideCursor: true }, Presets.shades_classic);
    this.bar.start(total, 0, { step: 'starting' });
  }

  step(label: string): void {
    this.done += 1;
    this.bar?.update(this.done, { step: label });
  }

  stop(): void {
    this.bar?.stop();
  }
}
