import { element } from './dom';

/** A function the search can find: its id (a box's, a row's) and its name. */
export interface Findable {
  id: number;
  name: string;
}

/**
 * The search field of both pages: the functions whose name contains the
 * text (case aside) are the matches; Enter or `n` steps to the next one,
 * Shift+Enter or `N` to the previous, Escape clears. The page marks the
 * matches in its views (`onMatches`) and picks the one stepped to (`onStep`).
 */
export class SearchBox {
  readonly input = element('input', { type: 'search', id: 'search', placeholder: 'Search functions (/)', 'aria-label': 'search functions by name', autocomplete: 'off' });
  readonly count = element('span', { class: 'match-count', 'aria-live': 'polite' });
  matches: number[] = [];
  private index = -1;

  constructor(private readonly candidates: () => readonly Findable[], private readonly onMatches: () => void, private readonly onStep: (id: number) => void) {
    this.input.addEventListener('input', () => this.find());
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') this.next(event.shiftKey ? -1 : 1);
      if (event.key === 'Escape') {
        this.input.value = '';
        this.find();
        this.input.blur();
      }
    });
  }

  /** Finds the matches again (the text or the functions changed). */
  find(): void {
    const text = this.input.value.trim().toLowerCase();
    this.matches = text === '' ? [] : this.candidates().filter((candidate) => candidate.name.toLowerCase().includes(text)).map((candidate) => candidate.id);
    this.index = -1;
    this.count.textContent = text === '' ? '' : `${this.matches.length} ${this.matches.length === 1 ? 'match' : 'matches'}`;
    this.onMatches();
  }

  next(step: number): void {
    if (this.matches.length === 0) return;
    this.index = (this.index + step + this.matches.length) % this.matches.length;
    this.onStep(this.matches[this.index]);
  }
}
