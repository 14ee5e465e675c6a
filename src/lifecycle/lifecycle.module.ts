import { Global, Module } from '@nestjs/common';
import { Lifecycle } from './lifecycle.service';

/** One Lifecycle per process, for the health checks, the reports and the shutdown. */
@Global()
@Module({ providers: [Lifecycle], exports: [Lifecycle] })
export class LifecycleModule {}
