// The trace panel's webview: shows one step of a trace (input, answer, target, overlays, where it is
// in the recursion, charts and the trajectories over the run, cells turned wrong or right) and moves
// through the steps. The state and behaviour live in
// PanelModel; this file builds the views around it and connects it to the host.

import './panel.css';
import type { HostToPanel, NotifyLane, PanelLane, PersistedPanelState } from '../../src/shared/protocol';
import { el } from '../common/dom';
import { untagNonFinite } from '../../src/shared/wireNumbers';
import { connectToHost } from '../common/hostConnection';
import { ChartsView } from './chartsView';
import { GridsView } from './gridsView';
import { HelpView } from './helpView';
import { handleKeys } from './keyboard';
import { PaintPerf } from './paintPerf';
import { PanelModel, type Scheduler } from './panelModel';
import { StatusView } from './statusView';
import { ToolbarView } from './toolbarView';
import { TrajectoryView } from './trajectoryView';
import { TurnsView } from './turnsView';

const perf = new PaintPerf();
const host = connectToHost<PanelLane, NotifyLane<HostToPanel>>(untagNonFinite);
const scheduler: Scheduler = {
  after: (ms, run) => {
    const timer = window.setTimeout(run, ms);
    return () => window.clearTimeout(timer);
  },
};
const model = new PanelModel({
  channel: host.channel,
  scheduler,
  saveState: (state) => host.setState(state),
  restored: host.getState() as PersistedPanelState | undefined,
});
// Performance first, so a trace's readiness is timed from its arrival, before any view paints it.
model.onChange((change) => {
  if (change === 'trace' && model.openedAt !== null) perf.traceLoaded(model.openedAt);
});

const app = document.getElementById('app') ?? document.body;
const status = new StatusView(model);
const toolbar = new ToolbarView(model);
const grids = new GridsView(model, perf, () => app.clientWidth);
const charts = new ChartsView(model);
const trajectory = new TrajectoryView(model);
const turns = new TurnsView(model);
const help = new HelpView(model);
/** Everything that needs a trace; hidden until one arrives, so an empty panel shows only its message. */
const traceSection = el(
  'div',
  { id: 'trace-view', hidden: true },
  toolbar.toolbar,
  el('div', { className: 'scrub' }, toolbar.scrubber),
  status.stack,
  grids.element,
  grids.readout,
  toolbar.overlays,
  charts.element,
  el('div', { className: 'run-views' }, trajectory.element, turns.element),
);
model.onChange((change) => {
  if (change === 'trace') traceSection.hidden = false;
});
app.replaceChildren(
  status.header,
  status.banner,
  status.solving,
  traceSection,
  status.notice,
  status.empty,
  help.element,
  status.live,
);

handleKeys(model, grids, toolbar.scrubber, perf);
window.addEventListener('resize', () => grids.fit());
// VS Code swaps the body's theme class (vscode-light, vscode-dark, vscode-high-contrast) on a theme change.
new MutationObserver(() => grids.themeChanged()).observe(document.body, {
  attributes: true,
  attributeFilter: ['class'],
});

host.channel.onNotification((message) => {
  // A command the host forwards counts as a key press for the key-to-paint figure.
  if (message.type === 'panel/action') perf.keyPressed(performance.now());
  model.receive(message);
});
host.channel.notify({ type: 'panel/ready' });
