// The panel's controls: the toolbar (stepping, granularity, play and speed, run-to targets and the
// threshold, exports, the orientation of an augmented puzzle, help), the step scrubber, and the overlay
// toggles under the grids.

import {
  OVERLAYS,
  PLAY_SPEEDS,
  type Granularity,
  type Orientation,
  type Overlay,
  type PanelAction,
} from '../../src/shared/protocol';
import { button, el } from '../common/dom';
import type { PanelChange, PanelModel } from './panelModel';

const OVERLAY_TITLES: Record<Overlay, string> = {
  changed: 'Changed (1)',
  wrong: 'Wrong (2)',
  confidence: 'Confidence (3)',
  norm: 'Norm (4)',
  motion: 'Motion (5)',
  entropy: 'Entropy (6)',
  regressed: 'Regressed (7)',
  churn: 'Changes (8)',
};

export class ToolbarView {
  readonly toolbar = el('div', { className: 'toolbar', ariaLabel: 'Trace controls' });
  readonly scrubber = el('input', { id: 'scrubber', type: 'range', min: '0', max: '0', value: '0', ariaLabel: 'Step' });
  readonly overlays = el('fieldset', { className: 'overlays' }, el('legend', { textContent: 'Overlays' }));
  private readonly play: HTMLButtonElement;
  private readonly speed = el(
    'select',
    { id: 'speed', ariaLabel: 'Play speed, steps per second' },
    ...PLAY_SPEEDS.map((s, i) => el('option', { value: String(i), textContent: `${s}/s` })),
  );
  private readonly threshold = el('input', {
    id: 'threshold',
    type: 'number',
    min: '0.01',
    max: '1',
    step: '0.05',
    value: '0.5',
    ariaLabel: 'Halting probability threshold',
  });
  private readonly norm = el(
    'select',
    { id: 'norm-source', ariaLabel: 'Norm heat map of' },
    el('option', { value: 'y', textContent: '|y|' }),
    el('option', { value: 'z', textContent: '|z|' }),
  );
  private readonly overlayBoxes = new Map<Overlay, HTMLInputElement>();
  private readonly exports: HTMLButtonElement[];
  /** The task's test inputs (a Solve panel of a task with several); hidden elsewhere. */
  private readonly tests = el('select', { id: 'test-switch', ariaLabel: 'Test input to solve', hidden: true });
  /** How a trace of an augmented puzzle is shown (a vote's run); hidden for any other trace. */
  private readonly orientation = el(
    'select',
    { id: 'orientation', ariaLabel: 'Show the augmented puzzle', hidden: true },
    el('option', { value: 'asGiven', textContent: 'puzzle as given' }),
    el('option', { value: 'model', textContent: 'puzzle as the model saw it' }),
  );

  constructor(private readonly model: PanelModel) {
    const act = (action: PanelAction) => () => model.act(action);
    const step = (direction: 1 | -1) => () => model.act({ type: 'step', granularity: model.granularity, direction });
    this.scrubber.addEventListener('input', () => model.go(Number(this.scrubber.value)));
    const granularity = el(
      'select',
      { id: 'granularity', ariaLabel: 'Step by' },
      el('option', { value: 'latent', textContent: 'latent update' }),
      el('option', { value: 'answer', textContent: 'answer update' }),
      el('option', { value: 'supervision', textContent: 'supervision step' }),
    );
    granularity.addEventListener('change', () => model.setGranularity(granularity.value as Granularity));
    this.play = button('Play', 'Play (Space)', act({ type: 'togglePlay' }), 'play');
    this.speed.addEventListener('change', () => model.setView({ speed: Number(this.speed.value) }));
    this.threshold.addEventListener('change', () => {
      const t = Number(this.threshold.value);
      if (t > 0 && t <= 1) model.setView({ threshold: t });
    });
    this.norm.addEventListener('change', () => model.setView({ norm: this.norm.value as 'y' | 'z' }));
    for (const o of OVERLAYS) {
      const box = el('input', { type: 'checkbox', id: `overlay-${o}` });
      box.addEventListener('change', () => model.setOverlay(o, box.checked));
      this.overlayBoxes.set(o, box);
      const label = el('label', {}, box, OVERLAY_TITLES[o]);
      // The norm's |y| / |z| choice stays beside its box when the row wraps.
      this.overlays.append(o === 'norm' ? el('span', { className: 'overlay-with-choice' }, label, this.norm) : label);
    }

    const runTo = (
      label: string,
      title: string,
      condition: Extract<PanelAction, { type: 'runTo' }>['condition'],
      id: string,
    ) => button(label, title, act({ type: 'runTo', condition }), id);
    this.tests.addEventListener('change', () => {
      model.solveTest(Number(this.tests.value));
      // The other test opens in its own panel; this one still shows its own.
      this.syncTests();
    });
    this.orientation.addEventListener('change', () => model.orient(this.orientation.value as Orientation));
    this.exports = [
      button('JSON', 'Export the trace as JSON', act({ type: 'export', format: 'json' }), 'export-json'),
      button('CSV', 'Export per-step metrics as CSV', act({ type: 'export', format: 'csv' }), 'export-csv'),
      button(
        'PNG',
        'Export the answer over the supervision steps as a PNG strip',
        act({ type: 'export', format: 'png' }),
        'export-png',
      ),
    ];
    const group = (...children: (Node | string)[]) => el('span', { className: 'group' }, ...children);
    const groupLabel = (text: string) => el('span', { className: 'group-label', textContent: text });
    this.toolbar.setAttribute('role', 'toolbar');
    this.toolbar.append(
      group(
        button('First', 'First step (Home)', act({ type: 'first' }), 'first'),
        button('◀ Back', 'Step back (← latent, ↑ answer, Page Up supervision)', step(-1), 'back'),
        button('Forward ▶', 'Step forward (→ latent, ↓ answer, Page Down supervision)', step(1), 'forward'),
        button('Last', 'Last step (End)', act({ type: 'last' }), 'last'),
        granularity,
        this.play,
        this.speed,
      ),
      group(
        groupLabel('Run to'),
        runTo('Halt', 'Run to the halting step (H)', 'halt', 'run-halt'),
        runTo('= Target', 'Run to the first step equal to the target (T)', 'target', 'run-target'),
        runTo('Change', 'Run to the next step where any cell changes (C)', 'anyChange', 'run-change'),
        runTo(
          'Cell change',
          'Run to the next step where the chosen cell changes (X); click a cell of the answer to choose it',
          'cellChange',
          'run-cell',
        ),
        runTo(
          'Halt p ≥',
          'Run to the first step whose halting probability reaches the threshold (P)',
          'haltThreshold',
          'run-threshold',
        ),
        this.threshold,
        runTo(
          'Non-finite',
          'Go to the first update where y or z is not finite, NaN or infinite (F)',
          'nonFinite',
          'run-nonfinite',
        ),
      ),
      group(groupLabel('Export'), ...this.exports),
      group(
        this.orientation,
        this.tests,
        button('Model…', 'Choose the model Solve runs', () => model.chooseModel(), 'choose-model'),
      ),
      button('?', 'Keyboard help (?)', act({ type: 'toggleHelp' }), 'help-button'),
    );
    this.syncControls();
    model.onChange((change) => this.render(change));
  }

  private render(change: PanelChange): void {
    switch (change) {
      case 'trace':
        this.syncControls();
        this.syncOrientation();
        return this.syncLength();
      case 'steps':
        return this.syncLength();
      case 'position':
        this.scrubber.value = String(this.model.current);
        return;
      case 'view':
        return this.syncControls();
      case 'tests':
        return this.syncTests();
      case 'orientation':
        return this.syncOrientation();
      case 'playing': {
        const label = this.model.playing ? 'Pause' : 'Play';
        this.play.textContent = label;
        this.play.setAttribute('aria-label', `${label} (Space)`);
        return;
      }
      default:
        return;
    }
  }

  private syncLength(): void {
    this.scrubber.max = String(Math.max(0, this.model.steps.length - 1));
    // A trace of no steps has nothing to export.
    for (const b of this.exports) b.disabled = this.model.steps.length === 0;
  }

  private syncTests(): void {
    const tests = this.model.tests;
    this.tests.hidden = !tests || tests.count < 2;
    if (!tests) return;
    this.tests.replaceChildren(
      ...Array.from({ length: tests.count }, (_, i) =>
        el('option', { value: String(i), textContent: `test ${i + 1} of ${tests.count}` }),
      ),
    );
    this.tests.value = String(tests.current);
  }

  private syncOrientation(): void {
    const orientation = this.model.orientation;
    this.orientation.hidden = !orientation;
    if (!orientation) return;
    this.orientation.value = orientation.shown;
    this.orientation.title =
      `${orientation.identifier}: the model ran on the puzzle rotated, reflected or recoloured so. ` +
      'Show its grids as the puzzle was given, or as the model saw them.';
  }

  private syncControls(): void {
    const view = this.model.view;
    for (const [o, box] of this.overlayBoxes) box.checked = view.overlays.includes(o);
    this.norm.value = view.norm;
    // Only when it differs, so a value being typed ("0.50") is not rewritten under the cursor.
    if (Number(this.threshold.value) !== view.threshold) this.threshold.value = String(view.threshold);
    this.speed.value = String(view.speed);
  }
}
