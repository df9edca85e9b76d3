import { addHistograms } from './histogram';
import type { MessageFlow } from './flow-types';

/**
 * Message flows across parts (flow-types.ts): merging joins each handled
 * message to its publish by `origin`, and every step that renumbers contexts
 * renumbers the flows' ends with them.
 */

/** A flow's ends in another numbering of contexts; an end whose context is gone becomes -1 (not profiled there). */
export function renumberFlows(flows: readonly MessageFlow[], newId: (context: number) => number | undefined): MessageFlow[] {
  const moved = (context: number): number => (context < 0 ? -1 : (newId(context) ?? -1));
  return flows.map((flow) => ({ ...flow, from: moved(flow.from), to: moved(flow.to) }));
}

function originKey(flow: MessageFlow): string {
  return `${flow.origin?.process}\u0000${flow.origin?.context}\u0000${flow.system}\u0000${flow.destination}`;
}

interface Published {
  flow: MessageFlow;
  handled: number;
}

/**
 * Joins flows whose ends are already in one numbering (each part's mapped
 * through its renumbering): a handled message (`from` -1) joins the publish
 * with the same origin, system and destination and takes its `from`; the
 * publish keeps what no handled message accounts for as an unjoined flow.
 * Fan-out (one publish handled by several queues or subscribers) and
 * redelivery can handle more messages than were published: those are all
 * joined, and nothing stays unjoined on the publishing side. Flows with the
 * same ends add up (counts exact, latency histograms summed), so merging a
 * merged profile again gives the same flows.
 */
export function joinFlows(flows: readonly MessageFlow[]): MessageFlow[] {
  const published = new Map<string, Published>();
  for (const flow of flows) {
    if (flow.to >= 0 || flow.from < 0 || !flow.origin) continue;
    const key = originKey(flow);
    const known = published.get(key);
    if (known) known.flow.messages += flow.messages;
    else published.set(key, { flow: { ...flow }, handled: 0 });
  }
  const out = new Map<string, MessageFlow>();
  const add = (key: string, flow: MessageFlow): void => {
    const known = out.get(key);
    if (!known) {
      out.set(key, { ...flow, ...(flow.latency ? { latency: addHistograms(flow.latency, undefined) } : {}) });
      return;
    }
    known.messages += flow.messages;
    const latency = addHistograms(known.latency, flow.latency);
    if (latency) known.latency = latency;
  };
  for (const flow of flows) {
    if (flow.from >= 0 && flow.to >= 0) {
      add(joinedKey(flow), flow);
    } else if (flow.from < 0 && flow.origin) {
      const publish = published.get(originKey(flow));
      if (!publish) {
        add(`received\u0000${originKey(flow)}\u0000${flow.to}`, flow);
        continue;
      }
      publish.handled += flow.messages;
      const joined: MessageFlow = {
        system: flow.system,
        destination: flow.destination,
        from: publish.flow.from,
        to: flow.to,
        messages: flow.messages,
        ...(flow.latency ? { latency: flow.latency } : {}),
        clock: flow.latency ? 'one host' : 'unreconciled',
      };
      add(joinedKey(joined), joined);
    }
  }
  for (const [key, { flow, handled }] of published) {
    if (flow.messages > handled) add(`published\u0000${key}`, { ...flow, messages: flow.messages - handled });
  }
  return [...out.values()];
}

function joinedKey(flow: MessageFlow): string {
  return `joined\u0000${flow.from}\u0000${flow.to}\u0000${flow.system}\u0000${flow.destination}\u0000${flow.clock ?? ''}`;
}
