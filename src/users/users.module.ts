import { Module } from '@nestjs/common';
import { AdminBootstrap } from './admin-bootstrap.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({ controllers: [UsersController], providers: [UsersService, AdminBootstrap], exports: [UsersService] })
export class UsersModule {}
