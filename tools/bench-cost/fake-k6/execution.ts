// `k6/execution` stand-in: the harness sets which VU and iteration run.
import { state } from './state.ts';

const exec = {
  vu: {
    get idInTest() {
      return state.vu;
    },
    get iterationInScenario() {
      return state.iteration;
    },
    tags: {},
  },
  scenario: {
    get name() {
      return state.scenario;
    },
    get executor() {
      return state.executor;
    },
    get iterationInTest() {
      return state.iteration;
    },
  },
  instance: { vusActive: 1 },
  test: { abort(): void {} },
};
export default exec;
