import { randomBytes } from 'node:crypto';
import { Logger, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { Environment } from '../config/environment';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { TokensService } from './tokens.service';
import { WebSessionsService } from './web-sessions.service';

@Module({
  imports: [
    UsersModule,
    JwtModule.registerAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) => {
        let secret = config.get('JWT_SECRET', { infer: true });
        if (!secret) {
          // Only outside production (validated at boot): tokens then last until the next restart.
          new Logger('AuthModule').warn('JWT_SECRET is not set: using a random secret for this run');
          secret = randomBytes(48).toString('base64url');
        }
        return { secret, signOptions: { algorithm: 'HS256' } };
      },
    }),
    ThrottlerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) => ({
        throttlers: [{ name: 'login', ttl: 60_000, limit: config.get('LOGIN_RATE_LIMIT_PER_MINUTE', { infer: true }) }],
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, TokensService, WebSessionsService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [TokensService, AuthService, WebSessionsService],
})
export class AuthModule {}
