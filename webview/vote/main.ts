// The vote panel's webview: the ranked candidates of one vote over augmentations, each augmentation a
// button that opens its run's trace and one that debugs the run. The words live in VoteModel; VoteView
// draws them; the host sends the vote again whenever this page says it is ready. The webview state keeps
// only the id the host gave the saved vote, which is how the host finds it again after a window reload.

import './vote.css';
import type { HostToVote, NotifyLane, PersistedVoteState, VoteLane } from '../../src/shared/protocol';
import { connectToHost } from '../common/hostConnection';
import { VoteModel } from './voteModel';
import { VoteView } from './voteView';

const host = connectToHost<VoteLane, NotifyLane<HostToVote>>();
const model = new VoteModel();

const ask = (type: 'vote/openTrace' | 'vote/debug') => (position: number) => {
  void host.channel.request({ type, position }).then((outcome) => {
    if (!outcome.ok) model.receive({ type: 'vote/error', message: outcome.message });
  });
};
const view = new VoteView(model, ask('vote/openTrace'), ask('vote/debug'));
document.getElementById('root')!.append(view.element);
// VS Code marks the theme with body classes; the grids resolve theme colours again when they change.
new MutationObserver(() => view.themeChanged()).observe(document.body, {
  attributes: true,
  attributeFilter: ['class'],
});

model.onChange((change) => {
  const source = model.source;
  if (change === 'result' && source) host.setState({ source } satisfies PersistedVoteState);
});
host.channel.onNotification((message) => model.receive(message));
host.channel.notify({ type: 'vote/ready' });
