// The machine's matrix-multiply peak as onnxruntime-node reaches it: one square float32 MatMul graph,
// written here as ONNX protobuf bytes (just the fields such a graph needs), run with the bench's thread
// count and session options, so the solve's GFLOP/s compare against what the same runtime can do.

import * as ort from 'onnxruntime-node';

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 127) {
    out.push((n % 128) | 128);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

const int = (field: number, value: number): number[] => [field << 3, ...varint(value)];
const bytes = (field: number, payload: number[] | string): number[] => {
  const body = typeof payload === 'string' ? [...Buffer.from(payload, 'utf8')] : payload;
  return [(field << 3) | 2, ...varint(body.length), ...body];
};

/** ValueInfoProto of a float32 [n, n] tensor. */
function squareFloat(name: string, n: number): number[] {
  const dim = bytes(1, int(1, n)); // TensorShapeProto.dim { dim_value }
  const tensorType = [...int(1, 1), ...bytes(2, [...dim, ...dim])]; // elem_type FLOAT, shape
  return [...bytes(1, name), ...bytes(2, bytes(1, tensorType))];
}

/** ModelProto (IR 8, opset 17) of C = MatMul(A, B) on [n, n] float32 inputs. */
export function matmulModel(n: number): Uint8Array {
  const node = [...bytes(1, 'A'), ...bytes(1, 'B'), ...bytes(2, 'C'), ...bytes(4, 'MatMul')];
  const graph = [
    ...bytes(1, node),
    ...bytes(2, 'matmul'),
    ...bytes(11, squareFloat('A', n)),
    ...bytes(11, squareFloat('B', n)),
    ...bytes(12, squareFloat('C', n)),
  ];
  return Uint8Array.from([...int(1, 8), ...bytes(8, [...bytes(1, ''), ...int(2, 17)]), ...bytes(7, graph)]);
}

/** Median GFLOP/s of an n x n MatMul over `runs` runs after one warm-up. */
export async function matmulPeakGflops(
  options: ort.InferenceSession.SessionOptions,
  n = 2048,
  runs = 5,
): Promise<number> {
  const session = await ort.InferenceSession.create(matmulModel(n), options);
  try {
    const data = new Float32Array(n * n).map((_, i) => ((i * 7919) % 1000) / 1000);
    const feeds = { A: new ort.Tensor('float32', data, [n, n]), B: new ort.Tensor('float32', data, [n, n]) };
    await session.run(feeds);
    const seconds: number[] = [];
    for (let r = 0; r < runs; r++) {
      const started = performance.now();
      await session.run(feeds);
      seconds.push((performance.now() - started) / 1000);
    }
    seconds.sort((a, b) => a - b);
    return (2 * n ** 3) / seconds[Math.floor(runs / 2)] / 1e9;
  } finally {
    await session.release();
  }
}
