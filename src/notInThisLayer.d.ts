// Not a module, on purpose. The tsconfig.json of a layer that must not load a package (src/core, src/debug,
// src/cli and src/bench: `vscode`; src/shared and webview: `vscode` and `onnxruntime-node`) maps that
// package's name here, so importing it there fails to compile with "File '.../notInThisLayer.d.ts' is not a
// module". The layers and their rules: CONTRIBUTING.md.
