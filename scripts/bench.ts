// npm run bench [-- --rebuild]: measures the box on 100,000 synthetic elements against hello-world
// baselines and writes bench/report.json and bench/summary.txt (see scripts/bench/README.md).
import { runBench } from './bench/run.ts';

await runBench(process.argv.slice(2));
