/**
 * Graphviz (WebAssembly, render/svg.ts) is the only WebAssembly the CLI runs.
 * On Node 20 and 22, V8 re-compiles its hot functions with TurboFan while a
 * layout runs, which costs more than it saves for the one or two layouts a
 * command makes: with Liftoff's code alone `tsprof render -o x.png` of a
 * 50-box graph used 0.77x the CPU (Node 20), the layout after a run's command
 * 0.35x (Node 22), and a 250-box layout still less; the pictures are
 * byte-identical (test/cli/one-path.e2e). Node 24's V8 gained nothing from it.
 *
 * A V8 flag holds for the whole process, so only the CLI asks for it, before
 * Graphviz's worker starts, and the library (renderGraph in someone else's
 * process) never does. The worker sets it itself, once Node's modules it
 * needs are loaded (render/graphviz-worker.mts says why). graphviz.ts is
 * required here, not imported: a DOT run never loads it.
 */
export function runGraphvizAsLiftoffCode(): void {
  if (Number(process.versions.node.split('.')[0]) > 22) return;
  (require('../render/graphviz') as typeof import('../render/graphviz')).useLiftoffCodeOnly();
}
