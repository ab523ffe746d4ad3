// What a job needs from the machine, checked in about a second before the job spends minutes failing:
// code-server's install builds native modules (kerberos, argon2) with node-gyp, which needs a C/C++
// toolchain and the GSSAPI headers; the end-to-end tests drive Chromium; the Python side needs PyTorch,
// onnx, PyYAML and pytest. A missing piece is one line naming it and how to install it.
//   node scripts/prerequisites.mjs start|code-server|test:e2e|python|test
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { toolPaths } from '../test/e2e/codeServer.mjs';

/** Every executable called `name` in PATH's folders, in PATH order; a name with a slash is taken as is. */
function allOnPath(name, env) {
  const executable = (file) => {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  };
  if (name.includes('/')) return executable(name) ? [name] : [];
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  return [...new Set(dirs.map((dir) => path.join(dir, name)))].filter(executable);
}
const onPath = (name, env) => allOnPath(name, env).length > 0;

/** The project's Python modules, with the Debian package of each. */
const pythonModules = {
  torch: 'python3-torch',
  onnx: 'python3-onnx',
  yaml: 'python3-yaml',
  pytest: 'python3-pytest',
};

// Prints, as JSON, the modules it cannot import: one run answers for all of them (torch takes 1-2 s).
const importProbe = [
  'import json, sys',
  'missing = []',
  'for m in sys.argv[1:]:',
  '    try: __import__(m)',
  '    except Exception: missing.append(m)',
  'print(json.dumps({"missing": missing}))',
].join('\n');

/** The modules `python` cannot import, or null when it is no Python that runs (no answer to the probe). */
function missingImports(python, modules, env) {
  const run = spawnSync(python, ['-c', importProbe, ...modules], { env, encoding: 'utf8', timeout: 60_000 });
  try {
    const { missing } = JSON.parse(run.stdout);
    return Array.isArray(missing) ? missing : null;
  } catch {
    return null;
  }
}

/**
 * The Python to run: TRM_LENS_PYTHON, else the first `python3` on PATH that imports every module (a
 * version manager's python3 often comes first on PATH without them). `missing` is what the chosen one
 * lacks (null: it does not run; python undefined: there is none).
 */
export function findPython(env, modules = Object.keys(pythonModules)) {
  const candidates = env.TRM_LENS_PYTHON ? [env.TRM_LENS_PYTHON] : allOnPath('python3', env);
  const probes = [];
  for (const python of candidates) {
    const missing = missingImports(python, modules, env);
    if (missing?.length === 0) return { python, missing };
    probes.push({ python, missing });
  }
  // None has them all: report the first that runs, since its missing modules say what to install.
  return probes.find((probe) => probe.missing !== null) ?? probes[0] ?? { python: undefined, missing: null };
}

/**
 * The machine a check looks at. Tests pass their own: an environment whose PATH lacks the tools, include
 * folders without the headers, a Debian or another system.
 */
export function thisMachine(env = process.env) {
  const split = (value) => (value ?? '').split(path.delimiter).filter(Boolean);
  return {
    env,
    apt: fs.existsSync('/etc/debian_version'),
    // The compiler's own list plus the folders it searches by default.
    includeDirs: [
      ...split(env.CPATH),
      ...split(env.C_INCLUDE_PATH),
      ...split(env.CPLUS_INCLUDE_PATH),
      '/usr/local/include',
      '/usr/include',
    ],
    /** `ldconfig -p`'s list of shared libraries, or undefined where there is no ldconfig. */
    sharedLibraries: () => {
      // ldconfig lives in sbin, which a user's PATH may lack.
      const sbin = { ...env, PATH: `${env.PATH ?? ''}:/sbin:/usr/sbin` };
      const run = spawnSync('ldconfig', ['-p'], { encoding: 'utf8', env: sbin });
      return run.status === 0 ? run.stdout : undefined;
    },
  };
}

// A missing piece: `apt` the Debian/Ubuntu packages, `what` its name there, `words` its name elsewhere,
// `hint` another way out.
const toolchain = (machine) => {
  const { env } = machine;
  // node-gyp's Makefiles call $(CXX) (default g++), $(CC) (default cc) and make.
  const tools = [(env.CXX ?? 'g++').split(' ')[0], (env.CC ?? 'cc').split(' ')[0], 'make'];
  const absent = tools.filter((tool) => !onPath(tool, env));
  return absent.length === 0
    ? []
    : [
        {
          apt: ['build-essential'],
          what: `build-essential (${absent.join(', ')} for node-gyp)`,
          words: 'a C/C++ compiler and make',
        },
      ];
};

const gssapi = ({ env, includeDirs }) => {
  const headers = ['gssapi/gssapi.h', 'gssapi.h'];
  const header = includeDirs.some((dir) => headers.some((h) => fs.existsSync(path.join(dir, h))));
  return onPath('krb5-config', env) || header
    ? []
    : [
        {
          apt: ['libkrb5-dev'],
          what: 'libkrb5-dev (GSSAPI headers)',
          words: 'the Kerberos/GSSAPI development headers (krb5)',
        },
      ];
};

const chromium = ({ env }) => {
  const file = toolPaths(env).chromium;
  if (fs.existsSync(file)) return [];
  const where = env.TRM_CHROMIUM ? ` (TRM_CHROMIUM=${file} does not exist)` : '';
  return [{ apt: ['chromium'], what: `chromium${where}`, words: `Chromium at ${file} (TRM_CHROMIUM names another)` }];
};

/** What a findPython() answer lacks, as missing pieces. */
export function pythonGaps({ python: found, missing }) {
  const hint = 'or set TRM_LENS_PYTHON to a Python 3 that has them';
  if (missing === null) {
    const why = found ? `${found} does not run` : 'no python3 on PATH';
    return [
      {
        apt: ['python3', ...Object.values(pythonModules)],
        what: `python3 with torch, onnx, yaml, pytest (${why})`,
        words: `Python 3 with PyTorch, onnx, PyYAML and pytest (${why})`,
        hint,
      },
    ];
  }
  if (!missing.length) return [];
  const packages = missing.map((m) => pythonModules[m]);
  return [
    {
      apt: packages,
      what: `${packages.join(', ')} (${missing.join(', ')} missing in ${found})`,
      words: `the Python modules ${missing.join(', ')} (missing in ${found})`,
      hint,
    },
  ];
}

const python = (machine) => pythonGaps(findPython(machine.env));

// Debian's PyTorch runs on whatever BLAS is installed; the reference BLAS makes it about 20x slower.
export function openblasWarning(machine) {
  const libraries = machine.apt ? machine.sharedLibraries() : undefined;
  return libraries === undefined || /libopenblas/.test(libraries)
    ? []
    : [
        'TRM Lens: OpenBLAS is not installed, so PyTorch runs about 20x slower. Install it with: ' +
          'sudo apt-get install -y libopenblas0-pthread',
      ];
}

const codeServerInstalled = ({ env }) => fs.existsSync(toolPaths(env).codeServer);
// start.mjs opens a desktop `code` when there is one (and TRM_LENS_CODE_SERVER is unset), building nothing.
const desktopCode = ({ env }) => !env.TRM_LENS_CODE_SERVER && onPath('code', env);
const codeServerBuild = [toolchain, gssapi];
const unlessInstalled = (machine) => (codeServerInstalled(machine) ? [] : codeServerBuild);

/** Each job's checks, and whether it runs Python (then OpenBLAS is worth a warning). */
const jobs = {
  start: { checks: (m) => (desktopCode(m) ? [] : unlessInstalled(m)) },
  'code-server': { checks: () => codeServerBuild },
  'test:e2e': { checks: (m) => [...unlessInstalled(m), chromium] },
  python: { checks: () => [python], python: true },
  test: { checks: (m) => [...unlessInstalled(m), chromium, python], python: true },
};

/** What `job` lacks on `machine`: the missing pieces and warnings that do not stop it. */
export function checkPrerequisites(job, machine = thisMachine()) {
  const { checks, python: runsPython } = jobs[job];
  return {
    missing: checks(machine).flatMap((check) => check(machine)),
    warnings: runsPython ? openblasWarning(machine) : [],
  };
}

/** The one line for what is missing, in apt's words on Debian/Ubuntu; undefined when nothing is. */
export function prerequisiteLine(missing, apt) {
  if (!missing.length) return undefined;
  const hints = [...new Set(missing.map((m) => m.hint).filter(Boolean))].map((hint) => `; ${hint}`).join('');
  const needs = `TRM Lens needs: ${missing.map((m) => (apt ? m.what : m.words)).join(', ')}.`;
  if (!apt) return `${needs} See "Prerequisites" in README.md${hints}.`;
  const packages = [...new Set(missing.flatMap((m) => m.apt))].join(' ');
  return `${needs} Install them with: sudo apt-get install -y ${packages}${hints}`;
}

/** Prints the warnings; with anything missing, prints its line and exits 1. */
export function exitOnMissing({ missing, warnings }, apt) {
  for (const warning of warnings) console.error(warning);
  const line = prerequisiteLine(missing, apt);
  if (line) {
    console.error(line);
    process.exit(1);
  }
}

/** Exits 1 with the line naming what `job` lacks on `machine`, if anything. */
export function requirePrerequisites(job, machine = thisMachine()) {
  exitOnMissing(checkPrerequisites(job, machine), machine.apt);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const job = process.argv[2];
  if (!Object.hasOwn(jobs, job)) {
    console.error(`usage: node scripts/prerequisites.mjs ${Object.keys(jobs).join('|')}`);
    process.exit(1);
  }
  requirePrerequisites(job);
}
