// The undo stack: a snapshot before each change of the story ({ scenario, target, label }),
// and the Undo button that names the change it would undo.

export class UndoStack {
  constructor() {
    this.entries = [];
  }

  get length() {
    return this.entries.length;
  }

  push(entry) {
    this.entries.push(entry);
  }

  /** The snapshot before the last change, taken off the stack; undefined when there is none. */
  pop() {
    return this.entries.pop();
  }

  clear() {
    this.entries = [];
  }

  /** The Undo `button`: off with nothing to undo, else naming the change it undoes. */
  render(button) {
    const last = this.entries[this.entries.length - 1];
    button.disabled = !last;
    button.textContent = last ? `Undo: ${last.label}` : 'Undo';
  }
}
