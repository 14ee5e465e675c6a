import { Module } from '@nestjs/common';
import { CatalogueBootstrap } from './catalogue-bootstrap.service';
import { CatalogueController } from './catalogue.controller';
import { CatalogueService } from './catalogue.service';
import { CatalogueLoader } from './loader/catalogue-loader.service';

@Module({
  controllers: [CatalogueController],
  providers: [CatalogueService, CatalogueLoader, CatalogueBootstrap],
  exports: [CatalogueService, CatalogueLoader],
})
export class CatalogueModule {}
