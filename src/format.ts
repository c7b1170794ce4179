// Numbers as Readout writes them in messages and pages.

/** A size in bytes, in binary units, rounded up: "512 bytes", "64 KiB", "20.1 MiB" (so a size over a limit never reads as the limit). */
export function formatBytes(n: number): string {
  const [size, unit] = n >= 1024 * 1024 ? [n / 1024 / 1024, 'MiB'] : n >= 1024 ? [n / 1024, 'KiB'] : [n, 'bytes'];
  return `${Number.isInteger(size) ? size : (Math.ceil(size * 10) / 10).toFixed(1)} ${unit}`;
}
