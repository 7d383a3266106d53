import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { stringify } from 'yaml';
import type { LoadedLab } from '../config/lab-load.js';
import { loadLab } from '../config/lab-load.js';
import type { LoadedDatacenter } from '../config/load.js';
import { loadDatacenter } from '../config/load.js';
import { readInputFile } from '../config/read.js';
import type { CommandCatalog } from '../core/lab/commands.js';
import type { ParamValue } from '../core/lab/params.js';
import { substitute } from '../core/lab/params.js';
import { badInput } from '../core/errors.js';
import { didYouMean } from '../core/text.js';

/** A lab as read from disk: the loaded file, where it is, and how reports name it. */
export interface LabSource extends LoadedLab {
  /** Absolute path (for the datacenter file beside it). */
  path: string;
}

export const bundledLabsDir = (root: string) => join(root, 'fixtures', 'labs');

/** The lab files of a directory (*.yaml, *.yml), sorted by name. */
export function labFilesIn(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw badInput('not-a-directory', `${dir} is not a directory`, 'pass a directory of lab files with --dir');
  return readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(dir, f));
}

/** How a report names a lab file: relative to the working directory when inside it (stable across machines). */
function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

export function readLab(path: string, catalog?: CommandCatalog, shownAs = shownPath(path)): LabSource {
  return { ...loadLab(readInputFile(path, 'check the path of the lab file; dcctl lab list shows the bundled ones'), shownAs, catalog), path: resolve(path) };
}

/**
 * NAME (a bundled lab, fixtures/labs/NAME.yaml) or FILE (a path: has a slash or a .yaml/.yml
 * ending, or exists). A bundled lab is named `fixtures/labs/NAME.yaml` in reports wherever dcctl
 * is installed, so a report does not depend on the machine.
 */
export function findLab(ref: string, root: string, catalog?: CommandCatalog): LabSource {
  const looksLikePath = ref.includes('/') || ref.includes('\\') || /\.ya?ml$/.test(ref) || existsSync(ref);
  if (looksLikePath) return readLab(ref, catalog);
  const bundled = join(bundledLabsDir(root), `${ref}.yaml`);
  if (!/^[a-z0-9][a-z0-9-]*$/.test(ref) || !existsSync(bundled)) {
    const names = readdirSync(bundledLabsDir(root)).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5));
    throw badInput('unknown-lab', `no bundled lab is called "${ref}"`, `${didYouMean(ref, names)} (dcctl lab list shows them; a lab file is given by its path)`);
  }
  return readLab(bundled, catalog, `fixtures/labs/${ref}.yaml`);
}

function readLabDatacenter(source: LabSource, named: string, path: string): string {
  try {
    return readInputFile(path, '').toString('utf8');
  } catch (error) {
    throw badInput('invalid-lab', `${source.file}: spec.datacenter is ${named}, and ${(error as Error).message}`, 'a datacenter file is named relative to the lab file (or write the Datacenter document inline)');
  }
}

/**
 * The variant's datacenter: the file beside the lab (or the inline document), with `${param}`
 * replaced in its text before it is parsed, so `memory: ${mem}GiB` and `cpus: ${cpus}` both
 * take the variant's value (a number stays a number). Validated as any datacenter file is.
 */
export function variantDatacenter(source: LabSource, params: Readonly<Record<string, ParamValue>>): LoadedDatacenter {
  const spec = source.lab.spec.datacenter;
  const inline = typeof spec !== 'string';
  const path = inline ? source.path : resolve(dirname(source.path), spec);
  const text = inline ? stringify(spec) : readLabDatacenter(source, spec, path);
  const shownAs = inline ? `${source.file} (spec.datacenter)` : join(dirname(source.file), spec);
  const { text: filled, unknown } = substitute(text, params);
  if (unknown.length) {
    throw badInput('invalid-lab', `${shownAs}: \${${unknown[0]}} is not a param of lab ${source.lab.metadata.name}`, 'declare it under spec.params of the lab');
  }
  return loadDatacenter(new TextEncoder().encode(filled), shownAs);
}
