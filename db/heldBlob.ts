/**
 * A Blob over bytes already in memory whose arrayBuffer() hands them over as they are. Node's own
 * Blob copies its parts when built and copies them again, in chunks, on arrayBuffer(): ~0.6 s of
 * CPU for a 67 MB PGlite data dir, paid by every PGlite test file that starts from the template.
 * PGlite reads `loadDataDir` through arrayBuffer() and `type` only; the other Blob methods see an
 * empty Blob, so this is for handing a data dir to PGlite, nothing else.
 */
export function heldBlob(bytes: Uint8Array): Blob {
  const whole =
    bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
      ? (bytes.buffer as ArrayBuffer)
      : (bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const blob = new Blob();
  return Object.defineProperty(blob, "arrayBuffer", { value: () => Promise.resolve(whole) });
}
