import { ConfigService } from '@nestjs/config';
import { Command, CommandRunner } from 'nest-commander';
import { CatalogueError } from '../catalogue/loader/catalogue-error';
import { CatalogueLoader } from '../catalogue/loader/catalogue-loader.service';
import { Environment } from '../config/environment';
import { EXIT } from './exit-codes';

@Command({
  name: 'catalogue:load',
  arguments: '[dir]',
  description: 'Load the catalogue folder (default: CATALOGUE_DIR). Idempotent; a broken file is rejected whole.',
})
export class LoadCatalogueCommand extends CommandRunner {
  constructor(
    private readonly loader: CatalogueLoader,
    private readonly config: ConfigService<Environment, true>,
  ) {
    super();
  }

  async run([dir]: string[]): Promise<void> {
    try {
      const summary = await this.loader.loadFolder(dir ?? this.config.get('CATALOGUE_DIR', { infer: true }), { quiet: true });
      console.log(JSON.stringify(summary, null, 2));
    } catch (error) {
      if (!(error instanceof CatalogueError)) throw error;
      console.error(error.message);
      process.exitCode = EXIT.invalidInput;
    }
  }
}
