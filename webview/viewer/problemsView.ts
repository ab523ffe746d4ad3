// Why a file cannot be shown: every problem with its JSON path and a link to its place in the text.

import type { ProblemView } from '../../src/shared/protocol';
import { plural } from './gridModel';

export function renderProblems(problems: readonly ProblemView[], reveal: (problem: ProblemView) => void): HTMLElement {
  const container = document.createElement('div');
  container.className = 'problems';
  const heading = document.createElement('h2');
  heading.textContent = `This file is not a valid ARC task: ${plural(problems.length, 'problem')}`;
  const list = document.createElement('ul');
  for (const problem of problems) {
    const item = document.createElement('li');
    item.className = 'problem';
    item.dataset.path = problem.path;
    const link = document.createElement('a');
    link.className = 'location';
    link.href = '#';
    link.textContent = `Ln ${problem.line}, Col ${problem.column}`;
    link.title = 'Show in the text editor';
    link.addEventListener('click', (event) => {
      event.preventDefault();
      reveal(problem);
    });
    const path = document.createElement('code');
    path.className = 'path';
    path.textContent = problem.path;
    const message = document.createElement('span');
    message.className = 'message';
    message.textContent = problem.message;
    item.append(link, path, message);
    list.appendChild(item);
  }
  container.append(heading, list);
  return container;
}
