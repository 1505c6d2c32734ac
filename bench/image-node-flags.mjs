// The gateway image's V8 flags, read from docker/gateway.Dockerfile's CMD, so the bench runs the gateway as the
// image does from the one place they are written (bench/run.mjs and bench/gateway-under-test.sh each held a copy,
// edited by hand whenever the image's changed). Run as a script, prints them space-separated.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The `--` flags between `node` and the script in the gateway image's exec-form CMD. */
export function imageNodeFlags() {
  const dockerfile = readFileSync(join(root, 'docker/gateway.Dockerfile'), 'utf8');
  const cmd = dockerfile.split('\n').find((line) => line.startsWith('CMD ['));
  const args = cmd === undefined ? [] : JSON.parse(cmd.slice('CMD '.length));
  if (args[0] !== 'node') throw new Error('docker/gateway.Dockerfile: expected an exec-form CMD ["node", ...]');
  return args.slice(1).filter((arg) => arg.startsWith('--'));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) console.log(imageNodeFlags().join(' '));
