import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { asVersion1, brokenBundle, editManifest, symlink, variants, withExternalEmbed } from './badBundle.fixtures';
import { BundleError, embedInputs, openBundle } from './bundle';
import { solve } from './engine';

type Case = readonly [name: string, fixture: 'tiny-trm' | 'tiny-arc', mutate: (dir: string) => void, message: RegExp];

/** Each case is refused by openBundle with a BundleError whose one line matches and names the bundle's file. */
async function assertRefused(cases: readonly Case[]): Promise<void> {
  for (const [name, fixture, mutate, message] of cases) {
    const bundle = brokenBundle(fixture, mutate);
    try {
      await assert.rejects(openBundle(bundle.dir), (e: Error) => {
        assert.ok(e instanceof BundleError, `${name}: a BundleError, not ${e.name}: ${e.message}`);
        assert.match(e.message, message, name);
        assert.ok(e.message.includes(bundle.dir), `${name}: names the bundle's file: ${e.message}`);
        assert.ok(!e.message.includes('\n'), `${name}: one line: ${e.message}`);
        return true;
      });
    } finally {
      bundle.remove();
    }
  }
}

test(
  'graph and manifest files that are devices, FIFOs or symlinks out of the bundle are refused without reading them',
  { timeout: 20_000 },
  async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'trm-outside-'));
    try {
      fs.copyFileSync(path.join(variants, '..', 'tiny-trm', 'bundle', 'net.onnx'), path.join(outside, 'net.onnx'));
      fs.copyFileSync(
        path.join(variants, '..', 'tiny-trm', 'bundle', 'manifest.json'),
        path.join(outside, 'manifest.json'),
      );
      await assertRefused([
        [
          'graph to /dev/zero',
          'tiny-trm',
          (d) => symlink(d, 'net.onnx', '/dev/zero'),
          /net\.onnx: leads outside the bundle folder .* \(to \/dev\/zero\)/,
        ],
        [
          'manifest to /dev/zero',
          'tiny-trm',
          (d) => symlink(d, 'manifest.json', '/dev/zero'),
          /manifest\.json: leads outside the bundle folder/,
        ],
        [
          'graph to a genuine graph outside',
          'tiny-trm',
          (d) => symlink(d, 'net.onnx', path.join(outside, 'net.onnx')),
          /net\.onnx: leads outside the bundle folder/,
        ],
        [
          'manifest outside',
          'tiny-trm',
          (d) => symlink(d, 'manifest.json', path.join(outside, 'manifest.json')),
          /manifest\.json: leads outside the bundle folder/,
        ],
        [
          'graph a FIFO',
          'tiny-trm',
          (d) => {
            fs.rmSync(path.join(d, 'net.onnx'));
            assert.equal(spawnSync('mkfifo', [path.join(d, 'net.onnx')]).status, 0);
          },
          /net\.onnx: not a regular file/,
        ],
        [
          'graph a folder',
          'tiny-trm',
          (d) => {
            fs.rmSync(path.join(d, 'heads.onnx'));
            fs.mkdirSync(path.join(d, 'heads.onnx'));
          },
          /heads\.onnx: not a regular file/,
        ],
      ]);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  },
);

test('a symlink to a graph inside the bundle folder is followed', async () => {
  const copy = brokenBundle('tiny-trm', (d) => {
    fs.mkdirSync(path.join(d, 'graphs'));
    fs.renameSync(path.join(d, 'net.onnx'), path.join(d, 'graphs', 'net.onnx'));
    fs.symlinkSync(path.join('graphs', 'net.onnx'), path.join(d, 'net.onnx'));
  });
  try {
    const bundle = await openBundle(copy.dir);
    await bundle.release();
  } finally {
    copy.remove();
  }
});

test('schedule, shape and count fields out of their documented ranges are refused with their JSON path', async () => {
  const schedule = (edit: (s: Record<string, number>) => void) => (d: string) =>
    editManifest(d, (m) => edit(m.schedule));
  await assertRefused([
    [
      'haltMaxSteps 1e6',
      'tiny-trm',
      schedule((s) => {
        s.haltMaxSteps = 1e6;
      }),
      /\$\.schedule\.haltMaxSteps: expected an integer from 1 to 64, got 1000000/,
    ],
    [
      'lCycles 1e9',
      'tiny-trm',
      schedule((s) => {
        s.lCycles = 1e9;
      }),
      /\$\.schedule\.lCycles: expected an integer from 1 to 64/,
    ],
    [
      'hCycles 0',
      'tiny-trm',
      schedule((s) => {
        s.hCycles = 0;
      }),
      /\$\.schedule\.hCycles: expected an integer from 1 to 64/,
    ],
    [
      'too many updates',
      'tiny-trm',
      schedule((s) => {
        s.hCycles = 64;
        s.lCycles = 64;
        s.haltMaxSteps = 64;
      }),
      /\$\.schedule: haltMaxSteps x hCycles x \(lCycles \+ 1\) is 266240 updates per solve, more than 20,000/,
    ],
    [
      'seqLen',
      'tiny-trm',
      (d) =>
        editManifest(d, (m) => {
          m.architecture.seqLen = 5000;
        }),
      /\$\.architecture\.seqLen: expected an integer from 1 to 4096/,
    ],
    [
      'hiddenSize',
      'tiny-trm',
      (d) =>
        editManifest(d, (m) => {
          m.architecture.hiddenSize = 1e7;
        }),
      /\$\.architecture\.hiddenSize: expected an integer from 1 to 8192/,
    ],
    [
      'puzzleEmbLen',
      'tiny-trm',
      (d) =>
        editManifest(d, (m) => {
          m.architecture.puzzleEmbLen = 1e6;
        }),
      /\$\.architecture\.puzzleEmbLen: expected an integer from 0 to 256/,
    ],
    [
      'vocabSize',
      'tiny-trm',
      (d) =>
        editManifest(d, (m) => {
          m.architecture.vocabSize = 1e9;
        }),
      /\$\.architecture\.vocabSize: expected an integer from 2 to 4096/,
    ],
    [
      'grid height',
      'tiny-trm',
      (d) =>
        editManifest(d, (m) => {
          m.encoding.height = 1e5;
        }),
      /\$\.encoding\.height: expected an integer from 1 to 4096/,
    ],
    [
      'padToken',
      'tiny-trm',
      (d) =>
        editManifest(d, (m) => {
          m.encoding.padToken = 6;
        }),
      /\$\.encoding\.padToken: expected an integer from 0 to 5, got 6/,
    ],
    [
      'eosToken 1000',
      'tiny-arc',
      (d) =>
        editManifest(d, (m) => {
          m.encoding.eosToken = 1000;
        }),
      /\$\.encoding\.eosToken: expected an integer from 0 to 11, got 1000/,
    ],
    [
      'no identifiers',
      'tiny-trm',
      (d) =>
        editManifest(d, (m) => {
          m.identifiers.names = [];
        }),
      /\$\.identifiers\.names: expected a list of 1 to 4,000,000 strings/,
    ],
  ]);
});

test('graphs that are empty, truncated or not ONNX are refused as not valid ONNX graphs', async () => {
  const net = (bytes: Buffer | string) => (d: string) => fs.writeFileSync(path.join(d, 'net.onnx'), bytes);
  await assertRefused([
    ['empty', 'tiny-trm', net(''), /\/net\.onnx: not a valid ONNX graph \(/],
    [
      'truncated',
      'tiny-trm',
      (d) => fs.truncateSync(path.join(d, 'net.onnx'), 1000),
      /\/net\.onnx: not a valid ONNX graph \(/,
    ],
    ['text', 'tiny-trm', net('this is not an ONNX model\n'), /\/net\.onnx: not a valid ONNX graph \(/],
    [
      'garbage',
      'tiny-trm',
      net(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2])),
      /\/net\.onnx: not a valid ONNX graph \(/,
    ],
  ]);
});

test('graph outputs of an element type other than float32 are refused naming the file and tensor', async () => {
  const heads = (variant: string) => (d: string) =>
    fs.copyFileSync(path.join(variants, `heads-${variant}.onnx`), path.join(d, 'heads.onnx'));
  await assertRefused(
    ['int64', 'float16', 'bool'].map(
      (type) =>
        [
          type,
          'tiny-trm',
          heads(type),
          new RegExp(
            `/heads\\.onnx: graph "heads" output tensor "logits" has element type ${type}; ` +
              'the bundle format needs float32',
          ),
        ] as const,
    ),
  );
});

test("a net with one of the heads' outputs but not the other is refused naming the file and tensor", async () => {
  await assertRefused([
    [
      'logits without q_logits',
      'tiny-trm',
      (d: string) => fs.copyFileSync(path.join(variants, 'net-without-q.onnx'), path.join(d, 'net.onnx')),
      /\/net\.onnx: graph "latentNet" has no output tensor "q_logits" \(it has out, logits\)/,
    ],
  ]);
});

test('more identifier names than puzzle-embedding rows are refused naming the manifest field and graph', async () => {
  const addName = (d: string) => editManifest(d, (m) => m.identifiers.names.push('taskC'));
  await assertRefused([
    [
      '4 names, 3 rows in the table file',
      'tiny-arc',
      addName,
      /manifest\.json: \$\.identifiers\.table\.rows: the table has 3 rows, fewer than the 4 identifiers/,
    ],
    [
      '4 names, 3 rows in a version-1 embed graph',
      'tiny-arc',
      (d) => {
        asVersion1(d);
        addName(d);
      },
      /\/embed\.onnx: \$\.identifiers\.names lists 4 identifiers in manifest\.json, .* cannot embed puzzle id 3/,
    ],
  ]);
});

test('a table file that is missing, of the wrong size or outside the bundle is refused naming it', async () => {
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'trm-outside-'));
  try {
    const table = path.join(variants, '..', 'tiny-arc', 'bundle', 'puzzle_emb.f32');
    fs.copyFileSync(table, path.join(outside, 'puzzle_emb.f32'));
    await assertRefused([
      [
        'missing',
        'tiny-arc',
        (d) => fs.rmSync(path.join(d, 'puzzle_emb.f32')),
        /puzzle_emb\.f32: the puzzle-embedding table named in manifest\.json's \$\.identifiers\.table\.file is missing/,
      ],
      [
        'one row short',
        'tiny-arc',
        (d) => fs.truncateSync(path.join(d, 'puzzle_emb.f32'), 2 * 32 * 4),
        /puzzle_emb\.f32: the puzzle-embedding table has 256 bytes; .* says 3 rows x 32 float32 = 384 bytes/,
      ],
      [
        'a symlink out of the bundle',
        'tiny-arc',
        (d) => symlink(d, 'puzzle_emb.f32', path.join(outside, 'puzzle_emb.f32')),
        /puzzle_emb\.f32: leads outside the bundle folder/,
      ],
      [
        'a dim the embed graph does not take',
        'tiny-arc',
        (d) => {
          fs.truncateSync(path.join(d, 'puzzle_emb.f32'), 3 * 16 * 4);
          editManifest(d, (m) => (m.identifiers.table.dim = 16));
        },
        /embed\.onnx: graph "embed" does not accept the shapes .* \(tokens \[1, 64\], puzzle_emb \[1, 16\]\)/,
      ],
      [
        'a version-1 manifest beside a version-2 embed graph',
        'tiny-arc',
        (d) => editManifest(d, (m) => (m.formatVersion = 1)),
        /embed\.onnx: graph "embed" has no input tensor "puzzle_ids" \(it has tokens, puzzle_emb\)/,
      ],
    ]);
  } finally {
    fs.rmSync(outside, { recursive: true, force: true });
  }
});

test('a version-1 bundle (table inside embed.onnx) embeds every puzzle id as its version-2 export does', async () => {
  const v1 = brokenBundle('tiny-arc', asVersion1);
  const [old, current] = [await openBundle(v1.dir), await openBundle(path.join(variants, '..', 'tiny-arc', 'bundle'))];
  try {
    assert.deepEqual([old.manifest.formatVersion, old.puzzleTable], [1, null]);
    assert.equal(current.manifest.formatVersion, 2);
    const s = current.manifest.architecture.seqLen;
    const tokens = BigInt64Array.from({ length: 3 * s }, (_, i) => BigInt(2 + (i % 10)));
    const ids = [2, 0, 1];
    const [a, b] = await Promise.all(
      [old, current].map(async (bundle) => {
        const feeds = await embedInputs(bundle, tokens, ids);
        return (await bundle.sessions.embed.run(feeds)).x.data as Float32Array;
      }),
    );
    assert.equal(a.length, 3 * (2 + s) * 32);
    // The same weights through the same ops; only the lookup moved out of the graph.
    assert.deepEqual(b, a);
    assert.notDeepEqual(a.subarray(0, 64), a.subarray(a.length / 3, a.length / 3 + 64), 'the rows differ');
  } finally {
    await old.release();
    await current.release();
    v1.remove();
  }
});

test('a manifest with a UTF-8 byte order mark opens, and its JSON errors are given as file:line:column', async () => {
  const withBom = brokenBundle('tiny-trm', (d) => {
    const file = path.join(d, 'manifest.json');
    fs.writeFileSync(file, '\ufeff' + fs.readFileSync(file, 'utf8'));
  });
  try {
    const bundle = await openBundle(withBom.dir);
    assert.equal(bundle.manifest.name, 'tiny-trm');
    await bundle.release();
  } finally {
    withBom.remove();
  }
  await assertRefused([
    [
      'trailing comma on line 3',
      'tiny-trm',
      (d) => fs.writeFileSync(path.join(d, 'manifest.json'), '{\n "format": "trm-lens-bundle",\n "name": "x",\n}\n'),
      /\/manifest\.json:3:13: invalid JSON: /,
    ],
    [
      'after a BOM',
      'tiny-trm',
      (d) => fs.writeFileSync(path.join(d, 'manifest.json'), '\ufeff{\n  "format": nope\n}'),
      /\/manifest\.json:2:13: invalid JSON: /,
    ],
  ]);
});

test('a bundle whose graph keeps its weights in an external file solves from any working directory', async () => {
  const reference = brokenBundle('tiny-trm', () => {});
  const external = brokenBundle('tiny-trm', (d) => withExternalEmbed(d));
  const cwd = process.cwd();
  try {
    process.chdir('/');
    const answers = [];
    for (const dir of [reference.dir, external.dir]) {
      const bundle = await openBundle(dir);
      try {
        const request = {
          input: [
            [1, 2, 3, 4],
            [3, 4, 1, 2],
            [2, 1, 4, 3],
            [4, 3, 2, 0],
          ],
          target: null,
          where: '$.test[0].input',
          puzzleId: 0,
        };
        const records = [];
        for await (const record of solve(bundle, request)) records.push(record);
        answers.push(records.map((r) => [r.answer, r.qHalt]));
      } finally {
        await bundle.release();
      }
    }
    assert.ok(answers[0]!.length > 0);
    assert.deepEqual(answers[1], answers[0], 'the same weights, read from embed.weights.bin');
  } finally {
    process.chdir(cwd);
    reference.remove();
    external.remove();
  }
});

test('external data outside the bundle folder is refused naming the graph file and the initializer', async () => {
  const at = '/embed\\.onnx: initializer "inner\\.embed_tokens\\.embedding_weight" keeps its data in';
  await assertRefused([
    [
      'relative escape',
      'tiny-trm',
      (d) => withExternalEmbed(d, 'escape-relative.onnx'),
      new RegExp(`${at} "\\.\\./\\.\\./etc/passwd", outside the graph's folder`),
    ],
    [
      'absolute path',
      'tiny-trm',
      (d) => withExternalEmbed(d, 'escape-absolute.onnx'),
      new RegExp(`${at} "/etc/passwd", outside the graph's folder`),
    ],
    [
      'symlink out',
      'tiny-trm',
      (d) => {
        withExternalEmbed(d);
        symlink(d, 'embed.weights.bin', '/etc/passwd');
      },
      new RegExp(`${at} "embed\\.weights\\.bin": .*embed\\.weights\\.bin: leads outside the bundle folder`),
    ],
    [
      'missing',
      'tiny-trm',
      (d) => {
        withExternalEmbed(d);
        fs.rmSync(path.join(d, 'embed.weights.bin'));
      },
      new RegExp(`${at} "embed\\.weights\\.bin": .*embed\\.weights\\.bin: missing`),
    ],
  ]);
});
