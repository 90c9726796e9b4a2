// PNG images of the pack: each playbook's task graph (a box per task at its position in the playbook's view, an
// arrow per nexttasks edge with its branch label, the task names as text) and the integration's 120×50 logo.
// Drawn as SVG and rasterised by resvg with the DejaVu Sans font from the dejavu-fonts-ttf package and no system
// fonts, so the bytes are the same on every machine (the pack is drift-checked).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import type { Playbook, PlaybookTask } from '../playbook.js';

const require = createRequire(import.meta.url);
const FONT_DIR = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FONT_FILES = [join(FONT_DIR, 'DejaVuSans.ttf'), join(FONT_DIR, 'DejaVuSans-Bold.ttf')];
const FONT = 'DejaVu Sans';

export function svgToPng(svg: string): Uint8Array {
  const resvg = new Resvg(svg, {
    font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: FONT },
    shapeRendering: 2,
    textRendering: 1,
  });
  return new Uint8Array(resvg.render().asPng());
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Greedy word wrap to at most `maxLines` lines of `width` characters (the last one ends with … when cut). */
export function wrap(text: string, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (candidate.length <= width) { line = candidate; continue; }
    if (line) lines.push(line);
    line = word.length > width ? `${word.slice(0, width - 1)}…` : word;
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  const last = kept[maxLines - 1]!;
  kept[maxLines - 1] = `${last.length >= width ? last.slice(0, width - 1) : last}…`;
  return kept;
}

const BOX_W = 240;
const BOX_H = 64;
const MARGIN = 40;
const COLORS: Record<string, { fill: string; stroke: string }> = {
  start: { fill: '#D9F2E3', stroke: '#2E9E5B' },
  condition: { fill: '#FFF1D6', stroke: '#D98E04' },
  title: { fill: '#E6E9EF', stroke: '#6B7585' },
  section: { fill: '#E6E9EF', stroke: '#6B7585' },
  playbook: { fill: '#EDE4FB', stroke: '#7A4FD9' },
  regular: { fill: '#E3EEFB', stroke: '#2F6FCC' },
};

interface Placed { id: string; task: PlaybookTask; x: number; y: number }

function positionOf(task: PlaybookTask): { x: number; y: number } {
  const view = JSON.parse(task.view) as { position?: { x?: number; y?: number } };
  const x = view.position?.x;
  const y = view.position?.y;
  if (typeof x !== 'number' || typeof y !== 'number') throw new Error(`playbook task ${task.id}: its view has no position`);
  return { x, y };
}

function label(task: PlaybookTask): string {
  if (task.type === 'start') return 'Start';
  const name = task.task.name?.trim();
  return name || `Task ${task.id}`;
}

function subtitle(task: PlaybookTask): string {
  const script = task.task.script ?? task.task.scriptName ?? task.task.playbookName;
  if (task.type === 'condition') return script ? `condition · ${script.replace(/^.*\|\|\|/, '')}` : 'condition';
  if (script) return script.replace(/^.*\|\|\|/, '');
  return task.type;
}

/** The SVG of a playbook's task graph (exported for tests that check what the picture contains). */
export function playbookSvg(playbook: Playbook): string {
  const placed: Placed[] = Object.entries(playbook.tasks)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([id, task]) => ({ id, task, ...positionOf(task) }));
  if (placed.length === 0) throw new Error(`playbook ${playbook.id}: no tasks to draw`);
  const minX = Math.min(...placed.map((p) => p.x));
  const minY = Math.min(...placed.map((p) => p.y));
  const maxX = Math.max(...placed.map((p) => p.x)) + BOX_W;
  const maxY = Math.max(...placed.map((p) => p.y)) + BOX_H;
  const header = 44;
  const width = maxX - minX + 2 * MARGIN;
  const height = maxY - minY + 2 * MARGIN + header;
  const at = (p: Placed) => ({ x: p.x - minX + MARGIN, y: p.y - minY + MARGIN + header });
  const byId = new Map(placed.map((p) => [p.id, p]));

  const edges: string[] = [];
  const labels: string[] = [];
  for (const from of placed) {
    const branches = Object.entries(from.task.nexttasks ?? {}).flatMap(([branch, targets]) => targets.map((t) => [branch, String(t)] as const));
    branches.forEach(([branch, targetId], i) => {
      const to = byId.get(targetId);
      if (!to) throw new Error(`playbook ${playbook.id}: task ${from.id} points at missing task ${targetId}`);
      const a = at(from);
      const b = at(to);
      // Several branches leave a task side by side, so their labels do not overlap.
      const x1 = a.x + (BOX_W * (i + 1)) / (branches.length + 1);
      const y1 = a.y + BOX_H;
      const x2 = b.x + BOX_W / 2;
      const back = b.y <= a.y;
      const y2 = back ? b.y + BOX_H : b.y;
      // Next row: turn half-way; further down: turn just above the target, where the arrows into it meet.
      const midY = back ? Math.max(y1, y2) + 18 : (y2 - y1 <= 2 * BOX_H + 40 ? (y1 + y2) / 2 : y2 - 22);
      const d = `M ${x1} ${y1} L ${x1} ${midY} L ${x2} ${midY} L ${x2} ${back ? y2 + 6 : y2 - 6}`;
      edges.push(`<path d="${d}" fill="none" stroke="#4A5568" stroke-width="1.6" marker-end="url(#arrow)"/>`);
      if (branch !== '#none#') {
        const text = branch === '#default#' ? 'else' : branch;
        const ly = y1 + 18;
        const w = text.length * 7 + 10;
        labels.push(`<rect x="${x1 - w / 2}" y="${ly - 12}" width="${w}" height="16" rx="3" fill="#FFFFFF" stroke="#A0AEC0" stroke-width="0.8"/>`);
        labels.push(`<text x="${x1}" y="${ly}" font-size="11" text-anchor="middle" fill="#2D3748">${escapeXml(text)}</text>`);
      }
    });
  }

  const boxes = placed.map((p) => {
    const { x, y } = at(p);
    const color = COLORS[p.task.type] ?? COLORS.regular!;
    const lines = wrap(label(p.task), 30, 2);
    const firstY = lines.length === 1 ? y + 28 : y + 21;
    const names = lines.map((line, i) => `<text x="${x + BOX_W / 2}" y="${firstY + i * 16}" font-size="13" font-weight="bold" text-anchor="middle" fill="#1A202C">${escapeXml(line)}</text>`);
    const sub = wrap(subtitle(p.task), 36, 1)[0] ?? '';
    return [
      `<rect x="${x}" y="${y}" width="${BOX_W}" height="${BOX_H}" rx="${p.task.type === 'start' ? 32 : 8}" fill="${color.fill}" stroke="${color.stroke}" stroke-width="2"/>`,
      ...names,
      `<text x="${x + BOX_W / 2}" y="${y + BOX_H - 9}" font-size="10" text-anchor="middle" fill="#4A5568">${escapeXml(sub)}</text>`,
    ].join('');
  });

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    '<defs>',
    '<marker id="arrow" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M 0 0 L 10 5 L 0 10 z" fill="#4A5568"/></marker>',
    '</defs>',
    `<rect width="${width}" height="${height}" fill="#FFFFFF"/>`,
    `<text x="${MARGIN}" y="${MARGIN + 4}" font-size="18" font-weight="bold" fill="#1A202C">${escapeXml(playbook.name)}</text>`,
    ...edges,
    ...boxes,
    ...labels,
    '</svg>',
  ].join('\n');
}

export function renderPlaybookPng(playbook: Playbook): Uint8Array {
  return svgToPng(playbookSvg(playbook));
}

/** The integration's logo: 120×50, as XSOAR shows it on the integrations page. */
export const INTEGRATION_IMAGE_SIZE = { width: 120, height: 50 } as const;

export function integrationImageSvg(): string {
  const { width, height } = INTEGRATION_IMAGE_SIZE;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height}" fill="#FFFFFF"/>`,
    '<circle cx="20" cy="25" r="14" fill="none" stroke="#1F3A5F" stroke-width="3"/>',
    '<circle cx="20" cy="25" r="5" fill="#E8523F"/>',
    '<text x="40" y="23" font-size="13" font-weight="bold" fill="#1F3A5F">Darktrace</text>',
    '<text x="40" y="38" font-size="11" fill="#E8523F">SOAR</text>',
    '</svg>',
  ].join('\n');
}

export function renderIntegrationImage(): Uint8Array {
  return svgToPng(integrationImageSvg());
}
