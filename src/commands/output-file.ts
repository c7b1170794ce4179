// The file a command writes (`export --out`, `opml export --output`): checked before any work, written under a
// temporary name beside it and renamed into place when complete, so a failed write leaves no half of a file.
import { constants } from 'node:fs';
import { access, type FileHandle, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { CommandError } from './command.js';

/** Text is handed to the file in pieces of about this size: few system calls, little memory. */
const chunkChars = 256 * 1024;

export class OutputFile {
  readonly path: string;
  readonly #temp: string;
  readonly #handle: FileHandle;
  #pending: string[] = [];
  #pendingChars = 0;
  #closed = false;

  private constructor(path: string, temp: string, handle: FileHandle) {
    this.path = path;
    this.#temp = temp;
    this.#handle = handle;
  }

  /** Opens the temporary file beside `path`; CommandError saying why when `path` cannot be written. */
  static async create(path: string): Promise<OutputFile> {
    await checkDestination(path);
    const temp = `${path}.partial-${process.pid}`;
    try {
      return new OutputFile(path, temp, await open(temp, 'wx'));
    } catch (err) {
      throw cannotWrite(path, err);
    }
  }

  async write(text: string): Promise<void> {
    this.#pending.push(text);
    this.#pendingChars += text.length;
    if (this.#pendingChars >= chunkChars) await this.#flush();
  }

  /** Writes what is left and puts the file in its place, replacing any file there. */
  async finish(): Promise<void> {
    await this.#flush();
    try {
      await this.#handle.close();
      this.#closed = true;
      await rename(this.#temp, this.path);
    } catch (err) {
      throw cannotWrite(this.path, err);
    }
  }

  /** Removes the temporary file after a failure; a file already at the path is left as it was. */
  async discard(): Promise<void> {
    if (!this.#closed) await this.#handle.close().catch(() => {});
    this.#closed = true;
    await rm(this.#temp, { force: true });
  }

  async #flush(): Promise<void> {
    const text = this.#pending.join('');
    this.#pending = [];
    this.#pendingChars = 0;
    const bytes = Buffer.from(text);
    try {
      // One write may take only part of the bytes (at a file size limit, say); the next one then says why.
      for (let at = 0; at < bytes.byteLength; ) {
        const { bytesWritten } = await this.#handle.write(bytes, at);
        if (bytesWritten === 0) throw new Error('the system took none of the bytes written');
        at += bytesWritten;
      }
    } catch (err) {
      throw cannotWrite(this.path, err);
    }
  }
}

/** Writes `text` to `path` whole or not at all. */
export async function writeOutputFile(path: string, text: string): Promise<void> {
  const file = await OutputFile.create(path);
  try {
    await file.write(text);
    await file.finish();
  } catch (err) {
    await file.discard();
    throw err;
  }
}

/** Refuses a path that is a folder, in a folder that does not exist, or a file that may not be replaced. */
async function checkDestination(path: string): Promise<void> {
  const folder = dirname(resolve(path));
  try {
    if (!(await stat(folder)).isDirectory()) throw new CommandError(`cannot write ${path}: ${folder} is not a folder`);
    const existing = await stat(path).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw err;
    });
    if (existing?.isDirectory()) throw new CommandError(`cannot write ${path}: it is a folder`);
    await access(folder, constants.W_OK);
    if (existing) await access(path, constants.W_OK);
  } catch (err) {
    throw cannotWrite(path, err);
  }
}

function cannotWrite(path: string, err: unknown): Error {
  if (err instanceof CommandError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  const folder = dirname(resolve(path));
  const reasons: Record<string, string> = {
    ENOENT: `no such folder ${folder}`,
    ENOTDIR: `${folder} is not a folder`,
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EISDIR: 'it is a folder',
    EROFS: 'the file system is read-only',
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is used up',
    EFBIG: 'the file would be larger than this system allows (see ulimit -f)',
    ENAMETOOLONG: 'the name is too long',
  };
  const reason = (code && reasons[code]) || (err as Error).message;
  return new CommandError(`cannot write ${path}: ${reason}`);
}
