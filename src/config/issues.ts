import { UnitError } from '../core/units.js';

export type Path = (string | number)[];

/** A problem with one field of the input, before it is tied to a file position or a flag. */
export interface FieldIssue {
  path: Path;
  message: string;
  hint: string;
  /** Point at the key itself rather than its value (unknown keys). */
  atKey?: boolean;
}

/** Collects issues while converting; `unit` runs a unit parser and records its failure at a path. */
export class IssueList {
  readonly items: FieldIssue[] = [];
  /** Problems that do not stop the file from loading (reported, then ignored). */
  readonly warnings: FieldIssue[] = [];

  warn(path: Path, message: string, hint: string): void {
    this.warnings.push({ path, message, hint });
  }

  add(path: Path, message: string, hint: string, atKey = false): void {
    this.items.push(atKey ? { path, message, hint, atKey } : { path, message, hint });
  }

  unit<T>(path: Path, parse: () => T, fallback: T): T {
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof UnitError)) throw error;
      this.add(path, error.message, error.hint);
      return fallback;
    }
  }
}

export function pathText(path: Path): string {
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${part}` : part), '');
}
