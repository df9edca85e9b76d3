// Graphviz in a worker, with its WebAssembly compiled from the bytes bundled
// here (esbuild's binary loader): it never asks for render.wasm by URL, so the
// page fetches nothing, and layouts never block the page.
import initialise from '@aduh95/viz.js/worker';
import wasmBinary from '@aduh95/viz.js/wasm';

// locateFile only names the module (with the bytes given, nothing is loaded by that name); without it,
// Emscripten builds the name from import.meta.url, which a worker started from a blob does not have.
void initialise({ wasmBinary, locateFile: () => 'render.wasm' } as Parameters<typeof initialise>[0]);
