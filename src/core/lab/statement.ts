import type { LabFile, LabStep } from '../../config/lab-schema.js';
import type { ParamSpec } from './params.js';

/** A step as a student may see it before running it: no answer, solution, hint or explanation. */
export interface StepStatement {
  name: string;
  kind: 'run' | 'ask' | 'task' | 'check';
  points: number;
  /** The command (with ${params} as written: the values depend on the student's variant). */
  run: string | null;
  question: string | null;
  choices: unknown[] | null;
  task: string | null;
}

export interface LabStatement {
  lab: string;
  title: string;
  file: string;
  topics: string[];
  params: Record<string, ParamSpec>;
  passScore: number;
  maxScore: number;
  steps: StepStatement[];
}

/** What kind of step it is: a task, a question (ask with run), a command, or only relations (check). */
export const stepKind = (s: Pick<LabStep, 'task' | 'ask' | 'run'>): StepStatement['kind'] => (s.task !== undefined ? 'task' : s.ask ? 'ask' : s.run === undefined ? 'check' : 'run');

/** A step's points (1 unless the lab says otherwise) and a lab's whole. */
export const stepPoints = (step: Pick<LabStep, 'points'>): number => step.points ?? 1;
export const labMaxScore = (lab: LabFile): number => lab.spec.steps.reduce((sum, s) => sum + stepPoints(s), 0);

export function labStatement(lab: LabFile, file: string): LabStatement {
  const steps = lab.spec.steps.map((s): StepStatement => ({
    name: s.name,
    kind: stepKind(s),
    points: stepPoints(s),
    run: s.run ?? null,
    question: s.ask?.question ?? null,
    choices: s.ask?.choices ? [...s.ask.choices] : null,
    task: s.task ?? null,
  }));
  return {
    lab: lab.metadata.name,
    title: lab.metadata.title ?? lab.metadata.name,
    file,
    topics: [...lab.spec.topics],
    params: (lab.spec.params ?? {}) as Record<string, ParamSpec>,
    passScore: lab.spec.passScore ?? 1,
    maxScore: labMaxScore(lab),
    steps,
  };
}
