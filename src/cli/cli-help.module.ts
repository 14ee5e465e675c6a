import { Module } from '@nestjs/common';
import { CLI_COMMANDS } from './cli-commands';

/**
 * The commands without their services, for --help: nest-commander reads names, arguments and options from
 * the decorators of the instances it finds, so bare instances are enough and nothing (no database) starts.
 */
@Module({ providers: CLI_COMMANDS.map((command) => ({ provide: command, useValue: Object.create(command.prototype) as object })) })
export class CliHelpModule {}
