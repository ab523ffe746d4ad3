// Builds a platform-specific VSIX: `npm run package [-- --target linux-x64]` (default: this machine).
// onnxruntime-node ships native binaries for every platform (about 290 MB); a VSIX carries only its
// target's folder, so each platform gets its own package (vsce --target), as VS Code's Marketplace expects.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TARGETS = ['linux-x64', 'linux-arm64', 'darwin-arm64', 'win32-x64', 'win32-arm64'];

const flag = process.argv.indexOf('--target');
const target = flag >= 0 ? process.argv[flag + 1] : `${process.platform}-${process.arch}`;
if (!TARGETS.includes(target)) {
  console.error(`package: unsupported target "${target}"; onnxruntime-node ships binaries for ${TARGETS.join(', ')}`);
  process.exit(2);
}
const [os, cpu] = target.split('-');

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run(process.execPath, ['scripts/build.mjs', '--production']);

const { name, version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const scratch = mkdtempSync(path.join(tmpdir(), 'trm-lens-package-'));
const ignoreFile = path.join(scratch, 'vscodeignore');
const binaries = `node_modules/onnxruntime-node/bin/napi-v6/${os}/${cpu}`;
writeFileSync(ignoreFile, `${readFileSync(path.join(root, '.vscodeignore'), 'utf8')}\n!${binaries}/*\n`);
const out = `${name}-${target}-${version}.vsix`;
try {
  run(process.execPath, [
    path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce'),
    'package',
    '--target',
    target,
    '--ignoreFile',
    ignoreFile,
    '--out',
    out,
    '--allow-missing-repository',
    // The README's screenshot is a relative link; with no published repository to rewrite it against,
    // vsce would refuse to package. Links stay as written.
    '--no-rewrite-relative-links',
  ]);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
console.log(`package: ${out} (${(statSync(path.join(root, out)).size / 1024 / 1024).toFixed(1)} MB)`);
