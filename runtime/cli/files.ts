/**
 * Node file access for the CLI: reading and writing files, and loading a memory image from any
 * file the tools understand (ELF, Intel HEX, TI-TXT, or assembly source assembled on the fly).
 *
 * The library layers take bytes and strings; this is the only place that touches the disk.
 */

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';

import {
  assemble,
  type AsmError,
  type AssembleOptions,
  type Assembly,
} from '../../emulator/asm/index.js';
import { detectFormat, readImage, type DetectedFormat } from '../../emulator/image/index.js';
import type { ImageError, MemoryImage } from '../../emulator/image/image.js';
import { fail, ok, type Result } from '../../emulator/result.js';

/** A file that could not be read or written. */
export interface FileError {
  readonly kind: 'file';
  readonly path: string;
  readonly message: string;
}

export type LoadError = FileError | ImageError | AsmError;

const SOURCE_EXTENSIONS = new Set(['.s', '.S', '.asm', '.s43']);

export function isAssemblySource(path: string): boolean {
  return SOURCE_EXTENSIONS.has(extname(path));
}

function fileError(path: string, action: string, e: unknown): FileError {
  const code = (e as { code?: unknown }).code;
  const reason =
    code === 'ENOENT'
      ? 'no such file'
      : code === 'EISDIR'
        ? 'is a directory'
        : code === 'EACCES'
          ? 'permission denied'
          : e instanceof Error
            ? e.message
            : String(e);
  return { kind: 'file', path, message: `cannot ${action} ${path}: ${reason}` };
}

export function readBytes(path: string): Result<Uint8Array, FileError> {
  try {
    return ok(new Uint8Array(readFileSync(path)));
  } catch (e) {
    return fail(fileError(path, 'read', e));
  }
}

export function readText(path: string): Result<string, FileError> {
  try {
    return ok(readFileSync(path, 'utf8'));
  } catch (e) {
    return fail(fileError(path, 'read', e));
  }
}

export function writeFile(path: string, data: Uint8Array | string): Result<null, FileError> {
  try {
    writeFileSync(path, data);
    return ok(null);
  } catch (e) {
    return fail(fileError(path, 'write', e));
  }
}

/** Assembler options a file on disk can take (the file supplies its name and includes). */
export type AssembleFileOptions = Omit<AssembleOptions, 'fileName' | 'readInclude'>;

/** Assembles a source file; `.include` paths resolve relative to the including file. */
export function assembleFile(
  path: string,
  options: AssembleFileOptions = {},
): Result<Assembly, FileError | AsmError> {
  const source = readText(path);
  if (!source.ok) return source;
  const readInclude = (included: string, fromFile: string): string | undefined => {
    try {
      return readFileSync(resolve(dirname(fromFile), included), 'utf8');
    } catch {
      return undefined;
    }
  };
  return assemble(source.value, { ...options, fileName: path, readInclude });
}

export interface LoadedImage {
  readonly image: MemoryImage;
  /** How the file was read: an image format, or 'assembly' for source assembled on the fly. */
  readonly format: Exclude<DetectedFormat, 'unknown'> | 'assembly';
}

/** Reads an image file of any supported kind, choosing by extension and content. */
export function loadImage(
  path: string,
  options: AssembleFileOptions = {},
): Result<LoadedImage, LoadError> {
  if (isAssemblySource(path)) {
    const assembly = assembleFile(path, options);
    return assembly.ok ? ok({ image: assembly.value.image, format: 'assembly' }) : assembly;
  }
  const bytes = readBytes(path);
  if (!bytes.ok) return bytes;
  const image = readImage(bytes.value, path);
  if (!image.ok) return image;
  const format = detectFormat(bytes.value, path);
  return ok({ image: image.value, format: format === 'unknown' ? 'elf' : format });
}

/** Where an error happened, as `file:line:col`, `file: offset 0x…` or just the file. */
export function errorPlace(error: LoadError, path: string): string {
  switch (error.kind) {
    case 'file':
      return 'unit430';
    case 'asm':
      return `${error.file}:${error.line}:${error.column}`;
    case 'image': {
      if (error.line !== undefined) {
        return error.column === undefined
          ? `${path}:${error.line}`
          : `${path}:${error.line}:${error.column}`;
      }
      return error.offset === undefined ? path : `${path}: offset 0x${error.offset.toString(16)}`;
    }
  }
}

/** The message of an error, with what was expected when the library says. */
export function errorMessage(error: LoadError): string {
  switch (error.kind) {
    case 'file':
      return error.message;
    case 'asm':
      return error.expected === undefined
        ? error.message
        : `${error.message} (expected ${error.expected})`;
    case 'image':
      return error.field === undefined ? error.message : `${error.message} [${error.field}]`;
  }
}
