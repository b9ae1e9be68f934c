import fs from 'node:fs';

/** Bytes per read call: large enough to stream, small enough that several are in flight. */
const CHUNK_BYTES = 16 * 1024 * 1024;
/** Reads in flight: libuv's default thread pool has four threads. */
const READS_IN_FLIGHT = 4;

/**
 * A whole file in one buffer, read with several chunks in flight. sql.js needs the snapshot whole
 * before it can open it, so opening a big workspace is a read of its snapshot; from a cold page
 * cache a single sequential read leaves the disk's queue nearly empty, and four concurrent reads
 * were about twice as fast on the machines we measured (`npm run bench`). Also lifts
 * readFileSync's 2 GiB limit: a Buffer holds up to 4 GiB on 64-bit Node.
 */
export async function readWholeFile(file: string): Promise<Uint8Array> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const size = (await handle.stat()).size;
    const bytes = Buffer.allocUnsafe(size);
    let nextOffset = 0;
    const readChunks = async (): Promise<void> => {
      while (nextOffset < size) {
        const start = nextOffset;
        const end = Math.min(start + CHUNK_BYTES, size);
        nextOffset = end;
        for (let offset = start; offset < end; ) {
          const { bytesRead } = await handle.read(bytes, offset, end - offset, offset);
          if (bytesRead === 0) throw new Error(`${file}: file ended at ${offset} of ${size} bytes`);
          offset += bytesRead;
        }
      }
    };
    await Promise.all(Array.from({ length: READS_IN_FLIGHT }, readChunks));
    return bytes;
  } finally {
    await handle.close();
  }
}
