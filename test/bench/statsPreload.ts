// Loaded with `node --require out/bench/statsPreload.cjs` into the CLI process the throughput
// bench runs: reports that process's peak RSS and CPU time on exit (see processStats.ts).
import { exitStatsPreload } from './processStats';

exitStatsPreload();
