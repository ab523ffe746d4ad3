// `npm run test:electron`: downloads desktop VS Code with @vscode/test-electron and runs suite.js in it.
// Machines without internet access cannot download VS Code; `npm run test:e2e` runs the suite in code-server.
import path from 'node:path';
import { runTests } from '@vscode/test-electron';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
await runTests({
  extensionDevelopmentPath: root,
  extensionTestsPath: path.join(root, 'test', 'electron', 'suite.js'),
  launchArgs: [path.join(root, 'test', 'electron', 'workspace'), '--disable-extensions', '--disable-workspace-trust'],
});
