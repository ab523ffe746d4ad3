// What the panel remembers of its view, beyond the contract's PanelViewState: the overlays that show what
// moved (motion, entropy, regressed cells) and whether the extra charts are open. The contract's part is
// what the host reads back and checks after a reload (src/extension/trace/panelRestore.ts), so it keeps
// only the overlays the host knows; the panel's own additions ride beside it in webview state, and a state
// saved before they existed restores with them off.

import type { Overlay, PanelAction, PanelViewState, PersistedPanelState, TraceSource } from '../../src/shared/protocol';

/** Overlays of the panel alone: no host command toggles them, and the host's view state does not hold them. */
export type MovementOverlay = 'motion' | 'entropy' | 'regressed';
export type PanelOverlay = Overlay | MovementOverlay;

const MOVEMENT_OVERLAYS: readonly MovementOverlay[] = ['motion', 'entropy', 'regressed'];
const isMovement = (o: PanelOverlay): o is MovementOverlay => (MOVEMENT_OVERLAYS as readonly string[]).includes(o);

/** The heat maps share the cells' tint: one at a time. */
export const HEAT_OVERLAYS: readonly PanelOverlay[] = ['confidence', 'norm', 'motion', 'entropy'];

export interface PanelView extends Omit<PanelViewState, 'overlays'> {
  readonly overlays: readonly PanelOverlay[];
  /** Whether the charts that say little under RMSNorm (|y|, |z|) and the cosines are shown too. */
  readonly moreCharts: boolean;
}

/** The panel's additions to its webview state. */
interface PanelExtras {
  readonly overlays: readonly MovementOverlay[];
  readonly moreCharts: boolean;
}

export interface PanelState extends PersistedPanelState {
  readonly panel?: PanelExtras;
}

/** What a key or a button asks of the panel: the contract's actions, with every overlay and the chart toggle. */
export type PanelCommand =
  | Exclude<PanelAction, { type: 'toggleOverlay' }>
  | { readonly type: 'toggleOverlay'; readonly overlay: PanelOverlay }
  | { readonly type: 'toggleMoreCharts' };

/** The contract's view with the panel's additions from `extras` (off when there are none). */
export function panelView(view: PanelViewState, extras: Partial<PanelExtras> | undefined): PanelView {
  return {
    ...view,
    overlays: [...view.overlays, ...(extras?.overlays ?? []).filter(isMovement)],
    moreCharts: extras?.moreCharts === true,
  };
}

/** The panel's view as it goes to webview state: the contract's part, and the panel's additions beside it. */
export function panelState(source: TraceSource | null, view: PanelView, index: number): PanelState {
  const { overlays, moreCharts, ...rest } = view;
  return {
    source,
    view: { ...rest, index, overlays: overlays.filter((o): o is Overlay => !isMovement(o)) },
    panel: { overlays: overlays.filter(isMovement), moreCharts },
  };
}

/** The panel's additions of a view, to carry them onto a view the host sends. */
export function extrasOf(view: PanelView): PanelExtras {
  return { overlays: view.overlays.filter(isMovement), moreCharts: view.moreCharts };
}
