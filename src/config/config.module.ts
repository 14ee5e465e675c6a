import { Module } from '@nestjs/common';
import { ConfigModule as NestConfigModule } from '@nestjs/config';
import { validateEnvironment } from './environment';

/** Global, validated configuration: a bad variable stops the process at boot with its name. */
@Module({
  imports: [NestConfigModule.forRoot({ isGlobal: true, cache: true, validate: validateEnvironment })],
})
export class ConfigModule {}
