// The puzzle viewer's webview: a toolbar (Solve, zoom, values as symbols, open as text), then the task's
// grids, or the list of problems when the file is not a valid task. The state and behaviour live in
// ViewerModel; this file builds the views around it and connects it to the host.

import './viewer.css';
import type { HostToViewer, NotifyLane, ViewerLane } from '../../src/shared/protocol';
import { connectToHost } from '../common/hostConnection';
import { ContentView } from './contentView';
import { keepScroll } from './scrollKeeper';
import { ToolbarView } from './toolbarView';
import { ViewerModel } from './viewerModel';
import { handleWindowInput } from './windowInput';

const host = connectToHost<ViewerLane, NotifyLane<HostToViewer>>();
const model = new ViewerModel({ saveState: (state) => host.setState(state), restored: host.getState() });

const root = document.getElementById('root')!;
const toolbar = new ToolbarView(model, {
  solve: () => host.channel.request({ type: 'viewer/solve' }),
  reopenAsText: () => void host.channel.request({ type: 'viewer/reopenAsText' }),
});
const content = new ContentView(
  model,
  root,
  (problem) => void host.channel.request({ type: 'viewer/reveal', offset: problem.offset, length: problem.length }),
);
root.append(toolbar.element, content.element);
keepScroll(model);
handleWindowInput(model);

host.channel.onNotification((message) => model.show(message));
host.channel.notify({ type: 'viewer/ready' });
