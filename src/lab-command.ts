import type { Command } from '@oclif/core';
import { DcctlCommand } from './base-command.js';
import type { CommandCatalog } from './core/lab/commands.js';
import { commandCatalog } from './lab/in-process.js';
import type { LabSource } from './lab/source.js';
import { findLab } from './lab/source.js';

/** The lab commands: a lab named or given by path, checked against this CLI's own commands and flags. */
export abstract class LabCommand<T extends typeof Command> extends DcctlCommand<T> {
  private catalogCache?: CommandCatalog;

  protected catalog(): CommandCatalog {
    this.catalogCache ??= commandCatalog(this.config);
    return this.catalogCache;
  }

  protected findLab(ref: string): LabSource {
    return findLab(ref, this.config.root, this.catalog());
  }
}
