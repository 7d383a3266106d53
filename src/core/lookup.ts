import { badInput, stateProblem } from './errors.js';
import type { Datacenter, Host, Vm } from './model.js';
import type { State } from './state.js';
import { didYouMean } from './text.js';

export function requireDatacenter(state: State): Datacenter {
  if (!state.datacenter) throw stateProblem('no-datacenter', 'no datacenter has been applied to this state', 'run dcctl dc apply FILE (or dcctl init FILE); try fixtures/lab-dc.yaml');
  return state.datacenter;
}

/** Longer than any name a state can hold: refused at once, without a did-you-mean search. */
const LONGEST_NAME = 80;

function tooLong(kind: string, code: string, name: string): never {
  throw badInput(code, `no ${kind} named ${name.slice(0, 40)}… (${name.length.toLocaleString('en-US')} characters; names have at most 63)`, 'check the name (dcctl vm list, dcctl host list)');
}

export function findVm(state: State, name: string): Vm {
  if (name.length > LONGEST_NAME) tooLong('VM', 'unknown-vm', name);
  const vm = state.vms.find((v) => v.name === name);
  if (!vm) throw badInput('unknown-vm', `no VM named ${name}`, didYouMean(name, state.vms.map((v) => v.name)));
  return vm;
}

export function findHost(dc: Datacenter, name: string): Host {
  if (name.length > LONGEST_NAME) tooLong('host', 'unknown-host', name);
  const host = dc.hosts.find((h) => h.name === name);
  if (!host) throw badInput('unknown-host', `no host named ${name}`, didYouMean(name, dc.hosts.map((h) => h.name)));
  return host;
}

export function replaceVm(state: State, vm: Vm): State {
  return { ...state, vms: state.vms.map((v) => (v.name === vm.name ? vm : v)) };
}
