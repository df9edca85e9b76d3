import { element } from './dom';

/**
 * The call graph as Graphviz drew it (inline SVG), with pan (drag, arrow
 * keys) and zoom (wheel, + and -) done on the viewBox, so text stays sharp.
 * Boxes are buttons: a click or Enter picks the function, a double click
 * focuses on it.
 */
export class GraphView {
  readonly root = element('div', { class: 'graph-view', tabindex: '0', 'aria-label': 'call graph; drag or arrow keys to pan, wheel or + and - to zoom, 0 to fit' });
  private svg: SVGSVGElement | null = null;
  private box = { x: 0, y: 0, width: 1, height: 1 };
  private full = { x: 0, y: 0, width: 1, height: 1 };

  constructor(private readonly pick: (id: number) => void, private readonly focus: (id: number) => void) {
    this.root.addEventListener('wheel', (event) => this.onWheel(event), { passive: false });
    this.root.addEventListener('pointerdown', (event) => this.onPointerDown(event));
    this.root.addEventListener('keydown', (event) => this.onKey(event));
  }

  /** Shows a new drawing, fitted to the view. */
  show(svg: SVGSVGElement): void {
    const viewBox = svg.viewBox.baseVal;
    this.full = { x: viewBox.x, y: viewBox.y, width: viewBox.width || 1, height: viewBox.height || 1 };
    svg.removeAttribute('width');
    svg.removeAttribute('height');
    svg.setAttribute('preserveAspectRatio', 'xMidYMin meet');
    for (const node of svg.querySelectorAll<SVGGElement>('g.node')) {
      const id = functionIdOf(node);
      if (id === undefined) continue;
      node.dataset.functionId = String(id);
      node.setAttribute('tabindex', '0');
      node.setAttribute('role', 'button');
      node.setAttribute('aria-label', node.querySelector('text')?.textContent ?? `function ${id}`);
      node.addEventListener('click', () => this.pick(id));
      node.addEventListener('dblclick', () => this.focus(id));
      node.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') this.pick(id);
      });
    }
    this.svg?.remove();
    this.svg = svg;
    this.root.append(svg);
    this.fit();
  }

  /** Marks the boxes of these functions (search matches, the picked one). */
  mark(className: string, ids: ReadonlySet<number>): void {
    for (const node of this.root.querySelectorAll<SVGGElement>('g.node')) {
      node.classList.toggle(className, ids.has(Number(node.dataset.functionId)));
    }
  }

  nodeOf(id: number): SVGGElement | null {
    return this.root.querySelector(`g.node[data-function-id="${id}"]`);
  }

  fit(): void {
    this.box = { ...this.full };
    this.apply();
  }

  private apply(): void {
    this.svg?.setAttribute('viewBox', `${this.box.x} ${this.box.y} ${this.box.width} ${this.box.height}`);
  }

  private zoom(factor: number, towardX = 0.5, towardY = 0.5): void {
    const width = Math.min(this.full.width * 4, Math.max(this.full.width / 40, this.box.width * factor));
    const scale = width / this.box.width;
    const height = this.box.height * scale;
    this.box = { x: this.box.x + (this.box.width - width) * towardX, y: this.box.y + (this.box.height - height) * towardY, width, height };
    this.apply();
  }

  private pan(dx: number, dy: number): void {
    this.box = { ...this.box, x: this.box.x + dx * this.box.width, y: this.box.y + dy * this.box.height };
    this.apply();
  }

  private onWheel(event: WheelEvent): void {
    if (!this.svg) return;
    event.preventDefault();
    const bounds = this.svg.getBoundingClientRect();
    this.zoom(Math.exp(wheelPixels(event, bounds.height) * 0.002), (event.clientX - bounds.left) / bounds.width, (event.clientY - bounds.top) / bounds.height);
  }

  private onPointerDown(event: PointerEvent): void {
    if (!this.svg || event.button !== 0) return;
    const bounds = this.svg.getBoundingClientRect();
    let last = { x: event.clientX, y: event.clientY };
    const move = (moved: PointerEvent): void => {
      this.pan(-(moved.clientX - last.x) / bounds.width, -(moved.clientY - last.y) / bounds.height);
      last = { x: moved.clientX, y: moved.clientY };
    };
    const up = (): void => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  }

  private onKey(event: KeyboardEvent): void {
    const step = 0.1;
    const actions: Record<string, () => void> = {
      '+': () => this.zoom(0.8),
      '=': () => this.zoom(0.8),
      '-': () => this.zoom(1.25),
      '0': () => this.fit(),
      ArrowLeft: () => this.pan(-step, 0),
      ArrowRight: () => this.pan(step, 0),
      ArrowUp: () => this.pan(0, -step),
      ArrowDown: () => this.pan(0, step),
    };
    const action = actions[event.key];
    if (!action || event.ctrlKey || event.metaKey || event.altKey) return;
    event.preventDefault();
    event.stopPropagation();
    action();
  }
}

/** DOT names boxes `n<function id>` (render/dot.ts); Graphviz keeps the name as the group's title. */
function functionIdOf(node: SVGGElement): number | undefined {
  const match = /^n(\d+)$/.exec(node.querySelector('title')?.textContent ?? '');
  return match ? Number(match[1]) : undefined;
}

/** A line of wheel scrolling, in pixels: Firefox's notch is 3 lines, Chromium's 100 or 120 pixels. */
const WHEEL_LINE_PIXELS = 16;

/**
 * The wheel's vertical delta in pixels. Firefox reports lines (deltaMode 1) to a
 * listener that asks for deltaMode first, and some devices report pages (2);
 * counted as pixels, a notch of 3 lines would zoom by half a percent.
 */
function wheelPixels(event: WheelEvent, pageHeight: number): number {
  if (event.deltaMode === WheelEvent.DOM_DELTA_LINE) return event.deltaY * WHEEL_LINE_PIXELS;
  if (event.deltaMode === WheelEvent.DOM_DELTA_PAGE) return event.deltaY * pageHeight;
  return event.deltaY;
}
