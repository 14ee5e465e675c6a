import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Environment } from '../config/environment';
import { CatalogueLoader } from './loader/catalogue-loader.service';

/** Loads the shipped catalogue at start-up (idempotent), unless LOAD_CATALOGUE_ON_START=false. */
@Injectable()
export class CatalogueBootstrap implements OnApplicationBootstrap {
  constructor(
    private readonly loader: CatalogueLoader,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.get('LOAD_CATALOGUE_ON_START', { infer: true })) return;
    await this.loader.loadFolder(this.config.get('CATALOGUE_DIR', { infer: true }));
  }
}
