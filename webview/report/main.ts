// The dataset report panel's webview: one report.json's figures, plots and task table, a row of which opens
// its trace. The words live in ReportModel; ReportView draws them. The host sends the report again whenever
// this page says it is ready; the webview state keeps only the id the host gave the report file, which is
// how the host finds it again after a window reload.

import './report.css';
import type { HostToReport, NotifyLane, PersistedReportState, ReportLane } from '../../src/shared/protocol';
import { connectToHost } from '../common/hostConnection';
import { ReportModel } from './reportModel';
import { ReportView } from './reportView';

const host = connectToHost<ReportLane, NotifyLane<HostToReport>>();
const model = new ReportModel();

const view = new ReportView(model, (row) => {
  void host.channel.request({ type: 'report/openTrace', row }).then((outcome) => {
    if (!outcome.ok) model.receive({ type: 'report/error', message: outcome.message });
  });
});
document.getElementById('root')!.append(view.element);

model.onChange((change) => {
  const source = model.source;
  if (change === 'report' && source) host.setState({ source } satisfies PersistedReportState);
});
host.channel.onNotification((message) => model.receive(message));
host.channel.notify({ type: 'report/ready' });
