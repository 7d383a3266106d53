import { badInput, stateProblem } from './errors.js';
import type { Datacenter, Host, Vm } from './model.js';
import type { State } from './state.js';
import { didYouMean } from './text.js';

export function requireDatacenter(state: State): Datacenter {
  if (!state.datacenter) throw stateProblem('no-datacenter', 'no datacenter has been applied to this state', 'run dcctl dc apply FILE (or dcctl init FILE); try fixtures/lab-dc.yaml');
  return state.datacenter;
}

export function findVm(state: State, name: string): Vm {
  const vm = state.vms.find((v) => v.name === name);
  if (!vm) throw badInput('unknown-vm', `no VM named ${name}`, didYouMean(name, state.vms.map((v) => v.name)));
  return vm;
}

export function findHost(dc: Datacenter, name: string): Host {
  const host = dc.hosts.find((h) => h.name === name);
  if (!host) throw badInput('unknown-host', `no host named ${name}`, didYouMean(name, dc.hosts.map((h) => h.name)));
  return host;
}

export function replaceVm(state: State, vm: Vm): State {
  return { ...state, vms: state.vms.map((v) => (v.name === vm.name ? vm : v)) };
}
