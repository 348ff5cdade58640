// Child process of `npm run bench:cost -- --anatomy`: what one script's after-init heap per VU is made of,
// printed as JSON. A fresh process, because V8 flushes the bytecode of functions that have not run for a
// while: in the parent, the CPU rounds' code would be flushed between the two snapshots and count negative.
import { installEnv, measureAnatomy } from './measure.ts';

const [path, vus, scriptBytes, abuse] = process.argv.slice(2);
if (path === undefined || !(Number(vus) > 0) || !(Number(scriptBytes) > 0)) {
  throw new Error(
    `anatomy: expected <script path> <vus> <script bytes> [abuse], got ${process.argv.slice(2).join(' ')}`,
  );
}
installEnv({ ABUSE: abuse ?? 'enabled' });
const parts = await measureAnatomy(
  { name: path, path },
  { vus: Number(vus), scriptBytes: Number(scriptBytes) },
);
process.stdout.write(`${JSON.stringify(parts)}\n`);
