// Several benchmarks write into one docs file: each owns the section between its markers
// (`<!-- bench:<name> -->` … `<!-- /bench:<name> -->`), replaced on every run and appended the first time.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export function writeSection(file: string, name: string, content: string): void {
  const open = `<!-- bench:${name} -->`;
  const close = `<!-- /bench:${name} -->`;
  const block = `${open}\n${content.trimEnd()}\n${close}`;
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const start = text.indexOf(open);
  const end = text.indexOf(close);
  const next = start >= 0 && end > start
    ? `${text.slice(0, start)}${block}${text.slice(end + close.length)}`
    : `${text.trimEnd()}${text ? '\n\n' : ''}${block}\n`;
  writeFileSync(file, next);
}
