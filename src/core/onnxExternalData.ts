// Where an ONNX model keeps initializers outside its own file: the `location` of every TensorProto's
// `external_data`, read with a minimal protobuf walk over only the messages that can hold a tensor
// (graphs, nodes' attributes, sparse tensors, functions, training graphs). Everything else is skipped
// by length without being decoded, so a graph with large inline weights is walked in one pass.

/** A tensor whose data lives in another file, `location` as written (relative to the model's folder). */
export interface ExternalData {
  readonly tensor: string;
  readonly location: string;
}

/** A file that is not a well-formed protobuf message; `offset` is the byte where decoding failed. */
export class ProtobufError extends Error {
  constructor(
    readonly offset: number,
    what: string,
  ) {
    super(`${what} at byte ${offset}`);
  }
}

// Field numbers from onnx.proto of the messages that (transitively) contain a TensorProto.
type Kind = 'model' | 'graph' | 'node' | 'attribute' | 'sparse' | 'function' | 'training' | 'tensor';
const CHILDREN: Record<Exclude<Kind, 'tensor'>, Readonly<Record<number, Kind>>> = {
  model: { 7: 'graph', 20: 'training', 25: 'function' },
  training: { 1: 'graph', 2: 'graph' },
  function: { 3: 'node' },
  graph: { 1: 'node', 5: 'tensor', 15: 'sparse' },
  node: { 5: 'attribute' },
  attribute: { 5: 'tensor', 6: 'graph', 10: 'tensor', 11: 'graph', 22: 'sparse', 23: 'sparse' },
  sparse: { 1: 'tensor', 2: 'tensor' },
};
const TENSOR_NAME = 8;
const TENSOR_EXTERNAL_DATA = 13;
/** Deeper than any real model nests subgraphs; a crafted file must not overflow the stack. */
const MAX_DEPTH = 64;

interface Field {
  readonly number: number;
  /** for a length-delimited field, its bytes; null for the other wire types */
  readonly bytes: Uint8Array | null;
}

class Wire {
  private at: number;
  constructor(
    private readonly buf: Uint8Array,
    private readonly base: number,
  ) {
    this.at = 0;
  }

  *fields(): Generator<Field> {
    while (this.at < this.buf.length) {
      const key = this.varint();
      const number = Math.floor(key / 8);
      const wireType = key % 8;
      if (number === 0) throw this.error('field number 0');
      if (wireType === 0) this.varint();
      else if (wireType === 1) this.skip(8);
      else if (wireType === 5) this.skip(4);
      else if (wireType === 2) {
        const length = this.varint();
        const start = this.at;
        this.skip(length);
        yield { number, bytes: this.buf.subarray(start, start + length) };
        continue;
      } else throw this.error(`unsupported wire type ${wireType}`);
      yield { number, bytes: null };
    }
  }

  /** Absolute offset of `bytes` (a subarray of this message) in the file, for nested errors. */
  offsetOf(bytes: Uint8Array): number {
    return this.base + (bytes.byteOffset - this.buf.byteOffset);
  }

  private varint(): number {
    let value = 0;
    for (let shift = 0; shift < 64; shift += 7) {
      if (this.at >= this.buf.length) throw this.error('truncated varint');
      const byte = this.buf[this.at++]!;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
    throw this.error('varint longer than 10 bytes');
  }

  private skip(length: number): void {
    if (length > this.buf.length - this.at) throw this.error('field runs past the end of its message');
    this.at += length;
  }

  private error(what: string): ProtobufError {
    return new ProtobufError(this.base + this.at, what);
  }
}

const utf8 = new TextDecoder('utf-8');

/** Every tensor of the model in `bytes` that names an external data location. Throws ProtobufError. */
export function externalDataOf(bytes: Uint8Array): ExternalData[] {
  const found: ExternalData[] = [];
  walk(bytes, 0, 'model', 0, found);
  return found;
}

function walk(bytes: Uint8Array, base: number, kind: Kind, depth: number, found: ExternalData[]): void {
  if (depth > MAX_DEPTH) throw new ProtobufError(base, `messages nested deeper than ${MAX_DEPTH}`);
  const wire = new Wire(bytes, base);
  if (kind === 'tensor') {
    let tensor = '';
    const locations: string[] = [];
    for (const f of wire.fields()) {
      if (f.bytes && f.number === TENSOR_NAME) tensor = utf8.decode(f.bytes);
      if (f.bytes && f.number === TENSOR_EXTERNAL_DATA) {
        const location = entryLocation(f.bytes, wire.offsetOf(f.bytes));
        if (location !== null) locations.push(location);
      }
    }
    for (const location of locations) found.push({ tensor, location });
    return;
  }
  const children = CHILDREN[kind];
  for (const f of wire.fields()) {
    const child = children[f.number];
    if (child && f.bytes) walk(f.bytes, wire.offsetOf(f.bytes), child, depth + 1, found);
  }
}

/** The value of a StringStringEntryProto whose key is "location", else null. */
function entryLocation(bytes: Uint8Array, base: number): string | null {
  let key = '';
  let value = '';
  for (const f of new Wire(bytes, base).fields()) {
    if (f.bytes && f.number === 1) key = utf8.decode(f.bytes);
    if (f.bytes && f.number === 2) value = utf8.decode(f.bytes);
  }
  return key === 'location' ? value : null;
}
