// Flow arrows in the DOT (render/dot-flows.ts): their own kind of arrow, labelled with messages,
// destination and percentiles; box-less labels for ends with no box; a legend only when drawn.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCallGraph, selectedCallGraph } from '../../dist/graph/build.js';
import { applyGraphSteps } from '../../dist/graph/steps.js';
import { toDot } from '../../dist/render/dot.js';
import { producerConsumerProfile } from '../helpers/flow-profiles.mjs';

const dotOf = (profile, selection = {}, options = {}) => toDot(applyGraphSteps(selectedCallGraph(profile, selection), options), { cwd: '/project' });
const flowLines = (dot) => dot.split('\n').filter((line) => line.includes('class="tsprof-flow"'));
const idOf = (dot, name) => new RegExp(`^\\s+(n\\d+) \\[class="tsprof-node[^"]*", label="${name.replace('.', '\\.')}\\\\n`, 'm').exec(dot)[1];

test('a matched flow is one arrow from the publisher’s box to the handler’s, distinct from calls and off the layout', () => {
  const dot = dotOf(producerConsumerProfile());
  const [matched] = flowLines(dot);
  assert.ok(matched.startsWith(`  ${idOf(dot, 'Producer.publish')} -> ${idOf(dot, 'Consumer.onMessage')} [`), matched);
  assert.match(matched, /label="    500 msgs via orders\\n    p50 1\.2 ms  p99 39\.9 ms"/);
  assert.match(matched, /style="dashed"/);
  assert.match(matched, /arrowhead=empty/);
  assert.match(matched, /constraint=false/);
  assert.match(matched, /color="#8e24aa"/);
  assert.match(matched, /tooltip="Producer\.publish -> Consumer\.onMessage\\nrabbitmq orders: 500 messages\\nsend to handler: p50 1\.2 ms, p90 3\.0 ms, p99 39\.9 ms, max 39\.9 ms"/);
  // No call arrow is purple, dashed or open-headed: the flow cannot be read as one.
  const calls = dot.split('\n').filter((line) => / -> /.test(line) && !line.includes('tsprof-flow'));
  assert.ok(calls.length > 0 && calls.every((line) => !/8e24aa|arrowhead|dashed/.test(line)));
});

test('an unmatched end is a box-less label saying nobody profiled published or handled them', () => {
  const dot = dotOf(producerConsumerProfile());
  assert.match(dot, /^ {2}flow1_to \[class="tsprof-flow-end", shape=plaintext, style="solid", label="\(not profiled: no profiled process handled them\)"/m);
  assert.match(dot, /^ {2}n\d+ -> flow1_to \[class="tsprof-flow", label="    20 msgs via audit", /m);
  assert.match(dot, /^ {2}flow2_from \[.*label="\(not profiled: published before the run or by a process tsprof did not run\)"/m);
  assert.ok(!/flow1_to.*constraint=false/.test(dot), 'a label end is placed by its arrow');
  assert.match(dot, /\(not profiled\): messages whose publisher or handler was not in a profiled process; counted, never guessed/);
});

test('an end off the selection is named, not boxed', () => {
  const dot = dotOf(producerConsumerProfile(), { focus: /publish/ });
  assert.match(dot, /label="Consumer\.onMessage\\n\(off the selected paths\)"/);
  assert.match(dot, /\(off the selected paths\): the function at that end is left out by --root, --focus or --ignore/);
});

test('unreconciled clocks: no latency, and the label says why', () => {
  const profile = producerConsumerProfile();
  profile.flows = [{ system: 'nats', destination: 'orders.created', from: 3, to: 5, messages: 1, clock: 'unreconciled' }];
  const dot = dotOf(profile);
  assert.match(flowLines(dot)[0], /label="    1 msg via orders\.created\\n    clocks not reconciled"/);
  assert.match(dot, /clocks not reconciled: the two ends ran on hosts whose clocks could not be related, so no latency is given/);
});

test('the legend explains the flow mark only when a flow is drawn; a graph without flows has no trace of them', () => {
  const withFlows = dotOf(producerConsumerProfile());
  assert.match(withFlows, /purple dashed arrow, open head: messages one function published and another handled/);
  const without = toDot(buildCallGraph(producerConsumerProfile({ flows: null })), { cwd: '/project' });
  assert.ok(!/flow|purple|8e24aa|msgs/.test(without));
  assert.equal(without, toDot(buildCallGraph(producerConsumerProfile({ flows: [] })), { cwd: '/project' }));
});

test('grouped by process, the flow arrow leaves the producer’s cluster for the consumer’s', () => {
  const dot = dotOf(producerConsumerProfile(), {}, { group: 'process' });
  const clusterOf = (id) => {
    const before = dot.slice(0, dot.indexOf(`    ${id} [`));
    return before.slice(before.lastIndexOf('subgraph cluster_')).match(/label="([^"]*)"/)[1];
  };
  assert.equal(clusterOf(idOf(dot, 'Producer.publish')), 'process 4101 on web-1: node producer.js');
  assert.equal(clusterOf(idOf(dot, 'Consumer.onMessage')), 'process 4102 on web-1: node consumer.js');
  assert.ok(flowLines(dot)[0].startsWith(`  ${idOf(dot, 'Producer.publish')} -> ${idOf(dot, 'Consumer.onMessage')} [`));
});

test('a picture with its own legend (tsprof diff) still explains the flow arrows it draws', () => {
  const graph = applyGraphSteps(selectedCallGraph(producerConsumerProfile(), {}), {});
  const dot = toDot(graph, { cwd: '/project', decoration: { legend: ['coloured by change'], node: () => undefined, edge: () => undefined } });
  assert.match(dot, /coloured by change\\npurple dashed arrow, open head/);
  assert.equal(flowLines(dot).length, 3);
});
