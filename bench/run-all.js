// npm run bench: prints every figure the README and the issues quote. Needs `npm run build` first.
import { runMigrationBench } from './migration.js';
import { runPlanBench } from './plans.js';
import { runPlacement } from './placement.js';
import { runSimulateBench } from './simulate.js';
import { runStartup } from './startup.js';
import { runStoreBench } from './store.js';
import { runMovesBench } from './moves.js';
import { runLabBench } from './lab.js';
import { runWhatIfBench } from './what-if.js';

console.log(`dcctl bench, node ${process.version}, ${new Date().toISOString()}\n`);
runStartup();
console.log();
runPlacement();
console.log();
runMigrationBench();
console.log();
runPlanBench();
console.log();
runStoreBench();
console.log();
runMovesBench();
console.log();
runLabBench();
console.log();
runWhatIfBench();
console.log();
runSimulateBench();
