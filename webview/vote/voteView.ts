// The vote panel's DOM: a header (title, counts, score, the orientation notice, the running or error
// line), the ranked candidates, each a grid with its votes and a button per voting augmentation, and the
// runs skipped. Everything is buttons and headings in reading order, so Tab walks it and a screen reader
// reads it.
//
// DOM contract (relied on by test/e2e):
//   #title, #counts, #score, #status[data-kind]
//   .candidate[data-rank][data-count][data-correct]   one per candidate, best first
//     .live-grid                                        its answer (common/liveGrid.ts data attributes)
//     button.voter[data-position][data-identifier][data-steps]
//   #skipped .skipped[data-position][data-identifier]

import { EMPTY_ANSWER } from '../../src/shared/emptyAnswer';
import type { CellGrid, VoteCandidateView, VoteResult } from '../../src/shared/protocol';
import { button, el } from '../common/dom';
import { LiveGrid } from '../common/liveGrid';
import { paletteStyle, type PaletteStyle } from '../common/paletteStyle';
import { showStatus } from '../common/statusLine';
import { cellSize, ORIENTATION_NOTICE, type VoteModel } from './voteModel';

export class VoteView {
  readonly element = el('main', { className: 'vote' });
  private readonly title = el('h1', { id: 'title' });
  private readonly counts = el('p', { id: 'counts' });
  private readonly score = el('p', { id: 'score' });
  private readonly status = el('p', { id: 'status', role: 'status' });
  private readonly body = el('div', { className: 'body' });
  private grids: LiveGrid[] = [];

  constructor(
    private readonly model: VoteModel,
    private readonly openTrace: (position: number) => void,
    private readonly debugRun: (position: number) => void,
  ) {
    const notice = el('p', { className: 'notice', textContent: ORIENTATION_NOTICE });
    this.element.append(el('header', {}, this.title, this.counts, this.score, notice, this.status), this.body);
    model.onChange((change) => (change === 'result' ? this.renderResult() : this.renderStatus()));
    this.renderResult();
  }

  /** The theme changed: grid colours given as CSS variables resolve again. */
  themeChanged(): void {
    for (const grid of this.grids) {
      grid.themeChanged();
      grid.render();
    }
  }

  private renderResult(): void {
    const result = this.model.result;
    this.title.textContent = this.model.title();
    this.counts.textContent = this.model.counts();
    this.score.textContent = this.model.score();
    this.grids = [];
    this.body.replaceChildren();
    if (result) {
      const look = paletteStyle(result.palette, result.cellLabels);
      this.body.append(this.puzzle(result, look), this.candidates(result, look), this.skipped(result));
      for (const grid of this.grids) grid.render(); // after they are in the document, so theme colours resolve
    }
    this.renderStatus();
  }

  private renderStatus(): void {
    showStatus(this.status, this.model.status);
  }

  private grid(grid: CellGrid, label: string, look: PaletteStyle): HTMLElement {
    const live = new LiveGrid(look, `${label}, ${grid.height} by ${grid.width}`);
    live.setCellSize(cellSize(grid.height, grid.width));
    live.show(grid);
    this.grids.push(live);
    if (grid.height === 0) return el('div', { className: 'empty-grid', textContent: EMPTY_ANSWER }, live.element);
    return live.element;
  }

  private figure(caption: string, grid: CellGrid, look: PaletteStyle): HTMLElement {
    return el('figure', {}, el('figcaption', { textContent: caption }), this.grid(grid, caption, look));
  }

  /** The test input and, when known, its output, in the puzzle's own orientation. */
  private puzzle(result: VoteResult, look: PaletteStyle): HTMLElement {
    const figures = [this.figure('Test input', result.input, look)];
    if (result.target) figures.push(this.figure('Test output', result.target, look));
    return el('section', { className: 'puzzle', ariaLabel: 'The test input' }, ...figures);
  }

  private candidates(result: VoteResult, look: PaletteStyle): HTMLElement {
    const heading = el('h2', { textContent: 'Candidates, best first' });
    if (result.candidates.length === 0) {
      return el('section', {}, heading, el('p', { textContent: 'No augmentation ran, so nothing was voted.' }));
    }
    const list = el('ol', { id: 'candidates' }, ...result.candidates.map((c, i) => this.candidate(c, i, look)));
    return el('section', {}, heading, list);
  }

  private candidate(candidate: VoteCandidateView, index: number, look: PaletteStyle): HTMLElement {
    const verdict = this.model.verdict(candidate);
    const facts = el(
      'div',
      { className: 'facts' },
      el('h3', { textContent: `${index + 1}. ${this.model.candidateLine(candidate)}` }),
      ...(verdict ? [el('p', { className: 'verdict', textContent: verdict })] : []),
      el('p', { className: 'voted-by', textContent: 'Voted by (opens the run’s trace):' }),
      el('div', { className: 'voters' }, ...this.voterButtons(candidate)),
    );
    const answer = el('div', { className: 'answer' }, this.grid(candidate.answer, `Candidate ${index + 1}`, look));
    const item = el('li', { className: 'candidate' }, answer, facts);
    item.dataset.rank = String(index + 1);
    item.dataset.count = String(candidate.count);
    item.dataset.correct = String(candidate.correct);
    return item;
  }

  /** Per voter: its button, which opens the run's trace, and a Debug button beside it. */
  private voterButtons(candidate: VoteCandidateView): HTMLElement[] {
    return this.model.voters(candidate).map((run) => {
      const b = button(this.model.voterLabel(run), this.model.voterTitle(run), () => this.openTrace(run.position));
      b.className = 'voter';
      b.dataset.position = String(run.position);
      b.dataset.identifier = run.identifier;
      b.dataset.steps = String(run.steps);
      const debug = button('Debug', this.model.debugTitle(run), () => this.debugRun(run.position));
      debug.className = 'debug-run';
      debug.dataset.position = String(run.position);
      return el('span', { className: 'voter-group' }, b, debug);
    });
  }

  private skipped(result: VoteResult): HTMLElement {
    const section = el('section', { id: 'skipped' }, el('h2', { textContent: `Skipped (${result.skipped.length})` }));
    if (result.skipped.length === 0) {
      section.append(el('p', { textContent: 'Every identifier of the task ran.' }));
      return section;
    }
    const items = result.skipped.map((s) => {
      const item = el('li', { className: 'skipped' }, el('code', { textContent: s.identifier }), `: ${s.reason}`);
      item.dataset.position = String(s.position);
      item.dataset.identifier = s.identifier;
      return item;
    });
    section.append(el('ul', {}, ...items));
    return section;
  }
}
