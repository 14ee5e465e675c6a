import { Command, CommandRunner, Option } from 'nest-commander';
import { DemoService } from '../demo/demo.service';
import { reportCliError } from './cli-errors';

interface DemoOptions {
  year: number;
  publish: boolean;
}

@Command({
  name: 'demo:seed',
  description: 'Fill a clearly labelled synthetic demonstration cycle (default 2099, published), to see a full report at once',
})
export class DemoCommand extends CommandRunner {
  constructor(private readonly demo: DemoService) {
    super();
  }

  async run(_args: string[], options: DemoOptions): Promise<void> {
    try {
      const summary = await this.demo.seed({ year: options.year ?? 2099, publish: options.publish ?? true });
      console.log(JSON.stringify(summary, null, 2));
    } catch (error) {
      if (!reportCliError(error)) throw error;
    }
  }

  @Option({ flags: '-y, --year <year>', description: 'cycle year (2000-2100)' })
  parseYear(value: string): number {
    return Number(value);
  }

  @Option({ flags: '--no-publish', description: 'leave the cycle open instead of publishing it' })
  parsePublish(): boolean {
    return false;
  }
}
