import type { ImportFileRef } from '../../contract';

/**
 * A file the import services read. Through the contract only a staged copy arrives (the renderer
 * never names a path); a path is for callers inside the trusted process — tests and benches that
 * read a fixture in place. The CLI stages the files on its command line (stage-from-disk.ts).
 */
export type FileRef = ImportFileRef | { path: string };
