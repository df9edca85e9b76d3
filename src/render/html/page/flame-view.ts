import type { ContextSelection } from '../../../graph/types';
import type { ProfileContext } from '../../../profile/types';
import { shareOf } from '../../../profile/measures';
import { nodeColours } from '../../colour';
import { formatCount, formatDuration } from '../../format';
import { element } from './dom';

/** What a frame's width stands for. */
export type FlameMetric = 'total' | 'self' | 'await' | 'calls';
export const FLAME_METRICS: readonly FlameMetric[] = ['total', 'self', 'await', 'calls'];

/**
 * One frame of the icicle: a calling context and its width. For self, await
 * and calls the width is the context's own number plus its children's, so
 * the top frame is the profile's sum. Total time is not additive (an async
 * callee may outlive its caller), so a frame is at least as wide as its
 * children, and at least its own total.
 */
export interface Frame {
  context: ProfileContext;
  value: number;
  children: Frame[];
}

const OWN: Record<FlameMetric, (context: ProfileContext) => number> = {
  total: (context) => context.totalMs,
  self: (context) => context.selfMs,
  await: (context) => context.awaitMs,
  calls: (context) => context.calls,
};

/** The tree of the selected contexts with widths; the root context (the event loop) adds nothing of its own. */
export function flameTree(selection: ContextSelection, metric: FlameMetric): Frame {
  const frames = new Map<number, Frame>();
  const children = new Map<number, Frame[]>();
  for (const context of selection.contexts) {
    const frame = { context, value: 0, children: [] as Frame[] };
    frames.set(context.id, frame);
    children.set(context.id, frame.children);
    children.get(context.parent)?.push(frame);
  }
  const own = OWN[metric];
  // Parents come before children (profile/types.ts), so children are done first going backwards.
  for (let index = selection.contexts.length - 1; index >= 0; index--) {
    const context = selection.contexts[index];
    const frame = frames.get(context.id)!;
    const below = frame.children.reduce((sum, child) => sum + child.value, 0);
    const mine = context.parent < 0 ? 0 : own(context);
    frame.value = metric === 'total' ? Math.max(mine, below) : mine + below;
    frame.children.sort((a, b) => b.value - a.value);
  }
  return frames.get(selection.contexts[0].id)!;
}

const ROW_HEIGHT = 20;
/** Frames narrower than this many pixels are drawn as one grey frame per parent, so that widths still add up. */
const MIN_FRAME_PIXELS = 2;

/** Where the arrow keys go from a drawn frame: its parent, its drawn children, left to right. */
interface FrameLinks {
  parent?: number;
  children: number[];
}

/**
 * The icicle of the selected contexts. Frames are keyboard items: Tab reaches
 * them, Enter picks, the arrow keys move between drawn frames (Down: the
 * widest child; Up: the parent; Left and Right: the neighbours under one parent).
 */
export class FlameView {
  readonly root = element('div', { class: 'flame-view' });
  private readonly canvas = element('div', { class: 'flame-frames', role: 'tree', 'aria-label': 'calling contexts, top-down; arrow keys move between frames, Enter picks' });
  private links = new Map<number, FrameLinks>();

  constructor(private readonly pick: (id: number) => void, private readonly focus: (id: number) => void) {
    this.root.append(this.canvas);
  }

  /** Draws the contexts at the view's width; `referenceMs` sets the colours, as in the graph. */
  draw(selection: ContextSelection, metric: FlameMetric, referenceMs: number): void {
    const tree = flameTree(selection, metric);
    const width = Math.max(320, this.root.clientWidth - 2);
    this.canvas.replaceChildren();
    this.links = new Map();
    let depth = 0;
    const place = (frame: Frame, left: number, pixels: number, level: number): void => {
      depth = Math.max(depth, level);
      this.canvas.append(this.frameElement(selection, frame, metric, referenceMs, left, pixels, level));
      const links: FrameLinks = { children: [] };
      this.links.set(frame.context.id, links);
      this.links.get(frame.context.parent)?.children.push(frame.context.id);
      if (frame.context.parent >= 0) links.parent = frame.context.parent;
      if (frame.value <= 0) return;
      let x = left;
      let small = 0;
      let smallCount = 0;
      for (const child of frame.children) {
        const childPixels = (child.value / frame.value) * pixels;
        if (childPixels < MIN_FRAME_PIXELS) {
          small += child.value;
          smallCount++;
          continue;
        }
        place(child, x, childPixels, level + 1);
        x += childPixels;
      }
      if (smallCount > 0) this.canvas.append(smallFrames(`${smallCount} narrower: ${formatValue(small, metric)}`, small, x, (small / frame.value) * pixels, level + 1));
    };
    place(tree, 0, width, 0);
    this.canvas.style.height = `${(depth + 1) * ROW_HEIGHT}px`;
    this.canvas.style.width = `${width}px`;
  }

  /** The frame of this calling context, when it is drawn (not among the narrow ones). */
  frameOf(contextId: number): HTMLElement | null {
    return this.canvas.querySelector(`.frame[data-context-id="${contextId}"]`);
  }

  private move(contextId: number, key: string): boolean {
    const links = this.links.get(contextId);
    if (!links) return false;
    const siblings = links.parent === undefined ? [contextId] : this.links.get(links.parent)?.children ?? [contextId];
    const index = siblings.indexOf(contextId);
    const targets: Record<string, number | undefined> = {
      ArrowDown: links.children[0],
      ArrowUp: links.parent,
      ArrowLeft: siblings[index - 1],
      ArrowRight: siblings[index + 1],
    };
    if (!(key in targets)) return false;
    const target = targets[key];
    if (target !== undefined) this.frameOf(target)?.focus();
    return true;
  }

  mark(className: string, ids: ReadonlySet<number>): void {
    for (const frame of this.canvas.querySelectorAll<HTMLElement>('.frame[data-function-id]')) {
      frame.classList.toggle(className, ids.has(Number(frame.dataset.functionId)));
    }
  }

  private frameElement(selection: ContextSelection, frame: Frame, metric: FlameMetric, referenceMs: number, left: number, pixels: number, level: number): HTMLElement {
    const fn = selection.functions[frame.context.function];
    const root = frame.context.parent < 0;
    const label = root ? `all: ${formatValue(frame.value, metric)}` : `${fn.name} ${formatValue(frame.value, metric)}`;
    const colours = nodeColours(shareOf(frame.context.totalMs, referenceMs));
    const made = element('div', {
      class: 'frame',
      role: 'treeitem',
      tabindex: '0',
      'aria-level': String(level + 1),
      title: label,
      'data-value': String(frame.value),
      'data-context-id': String(frame.context.id),
      style: `left:${left}px;width:${pixels}px;top:${level * ROW_HEIGHT}px;background:${root ? '#dddddd' : colours.fill};color:${root ? '#000000' : colours.text}`,
    }, label);
    made.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !root) this.pick(fn.id);
      else if (this.move(frame.context.id, event.key)) event.preventDefault();
    });
    if (!root) {
      made.dataset.functionId = String(fn.id);
      made.addEventListener('click', () => this.pick(fn.id));
      made.addEventListener('dblclick', () => this.focus(fn.id));
    }
    return made;
  }
}

function smallFrames(label: string, value: number, left: number, pixels: number, level: number): HTMLElement {
  return element('div', { class: 'frame small', title: label, 'data-value': String(value), style: `left:${left}px;width:${pixels}px;top:${level * ROW_HEIGHT}px` });
}

export function formatValue(value: number, metric: FlameMetric): string {
  return metric === 'calls' ? `${formatCount(value)} calls` : formatDuration(value);
}
