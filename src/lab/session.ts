import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '@oclif/core';
import type { LabAnswers } from '../config/lab-answers.js';
import { applyDatacenter } from '../core/apply.js';
import type { CommandCatalog } from '../core/lab/commands.js';
import type { ParamValue } from '../core/lab/params.js';
import { drawParams } from '../core/lab/params.js';
import type { AnswerSource, LabExecutor, LabReport, RunLabOptions, StateSnapshot } from '../core/lab/run.js';
import { REFERENCE_ANSWER, runLab } from '../core/lab/run.js';
import { badInput, isRefusal } from '../core/errors.js';
import { emptyState } from '../core/state.js';
import { StateStore } from '../store/store.js';
import { inProcessExecutor } from './in-process.js';
import type { LabSource } from './source.js';
import { variantDatacenter } from './source.js';

/** A variant's state ready to run on: the lab's datacenter with the params in, applied to a fresh state. */
export interface PreparedVariant {
  params: Record<string, ParamValue>;
  stateDir: string;
  execute: LabExecutor;
  /** Where a replaced state was kept (--state-dir --force), null otherwise. */
  backup: string | null;
  /** Remove the temporary state (a no-op for a state dir the user named). */
  dispose(): void;
}

export async function prepareVariant(config: Config, catalog: CommandCatalog, source: LabSource, seed: number, stateDir?: string): Promise<PreparedVariant> {
  const params = drawParams(source.lab.spec.params ?? {}, seed);
  const datacenter = variantDatacenter(source, params);
  const applied = applyDatacenter(emptyState(), datacenter);
  if (isRefusal(applied)) {
    throw badInput('invalid-lab', `${datacenter.file}: the lab's datacenter cannot be applied (seed ${seed}): ${applied.message}`, applied.hint);
  }
  const dir = stateDir ?? mkdtempSync(join(tmpdir(), 'dcctl-lab-'));
  const { backup } = await new StateStore(dir).replace(applied.state, { backup: stateDir !== undefined });
  return {
    params,
    stateDir: dir,
    execute: inProcessExecutor(config, catalog, dir),
    backup,
    dispose: () => {
      if (!stateDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A copy of a state dir (without its locks or backups), and forks of it: counterfactuals never touch the lab's own state. */
export function snapshotOf(config: Config, catalog: CommandCatalog, stateDir: string): () => Promise<StateSnapshot> {
  const copyOf = (from: string) => {
    const copy = mkdtempSync(join(tmpdir(), 'dcctl-lab-copy-'));
    cpSync(from, copy, { recursive: true, filter: (path) => !path.endsWith('.lock') && !path.endsWith('.bak') });
    return copy;
  };
  return async () => {
    const base = copyOf(stateDir);
    return {
      fork: async () => {
        const fork = copyOf(base);
        return { execute: inProcessExecutor(config, catalog, fork), dispose: () => rmSync(fork, { recursive: true, force: true }) };
      },
      dispose: () => rmSync(base, { recursive: true, force: true }),
    };
  };
}

/** Answers from an answers file: each ask's value, each task's commands run before its check. */
export function fileAnswers(answers: LabAnswers): AnswerSource {
  return {
    ask: async (step) => {
      const value = Object.hasOwn(answers, step.name) ? answers[step.name] : undefined;
      return value === undefined || Array.isArray(value) ? null : value;
    },
    task: async (step, _index, work) => {
      const commands = Object.hasOwn(answers, step.name) ? answers[step.name] : undefined;
      for (const command of Array.isArray(commands) ? commands : []) await work.run(command);
      return 'check';
    },
  };
}

/** The reference (`lab verify`): every ask answered with the model's value, every task by its solution. */
export const referenceAnswers: AnswerSource = {
  ask: async () => REFERENCE_ANSWER,
  task: async (step, _index, work) => {
    for (const command of step.solution ?? []) await work.run(command);
    return 'check';
  },
};

export type RunVariant = Omit<RunLabOptions, 'lab' | 'file' | 'seed' | 'params' | 'execute' | 'now' | 'dcctlVersion'>;

/** Run one variant of a lab on a fresh (or the given) state; the temporary state is removed after. */
export async function runVariant(config: Config, catalog: CommandCatalog, source: LabSource, seed: number, options: RunVariant & { stateDir?: string; onReady?: () => void }, onStep?: Parameters<typeof runLab>[1]): Promise<LabReport & { backup: string | null }> {
  const variant = await prepareVariant(config, catalog, source, seed, options.stateDir);
  try {
    options.onReady?.();
    const { onReady: _ready, stateDir: _dir, ...rest } = options;
    const report = await runLab({
      ...rest, snapshot: snapshotOf(config, catalog, variant.stateDir), lab: source.lab, file: source.file, seed, params: variant.params, execute: variant.execute,
      dcctlVersion: config.version, now: () => performance.now(),
    }, onStep);
    return { ...report, backup: variant.backup };
  } finally {
    variant.dispose();
  }
}
