/** Result of an `embed-texts` job. */
export interface EmbedTextsResult {
  /**
   * One vector per text, in payload order, each the base64 of its little-endian float32 bytes:
   * exact, and a quarter the size of the numbers as JSON in the completion event.
   */
  vectors: string[];
  /** Length of every vector. */
  dimensions: number;
  /** Positions (in the payload) of texts longer than the model's window, embedded truncated. */
  truncated: number[];
  /** Tokens fed to the model including padding, and the real tokens among them. */
  paddedTokens: number;
  realTokens: number;
  /** Milliseconds of model runs spent on this job's texts (its share of shared runs). */
  busyMs: number;
  workerId: string;
}

/** A vector as an embed result carries it (see EmbedTextsResult.vectors). */
export function encodeVector(vector: Float32Array): string {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64');
}

/** The vector of an embed result; copies, so the result's string buffer may be let go. */
export function decodeVector(encoded: string): Float32Array {
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.byteLength % 4 !== 0) throw new Error(`an encoded vector has ${bytes.byteLength} bytes, not a multiple of 4`);
  const vector = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(vector.buffer).set(bytes);
  return vector;
}
