// A story in the address: the fragment (after #), which browsers never send to a server, so
// sharing a preview sends nothing anywhere.
//
//   #story=november-8.json&target=d2               a preset, untouched
//   #scenario=j.<base64url JSON>&title=…&target=d2   a scenario, short
//   #scenario=z.<base64url deflate-raw JSON>&…       a scenario, compressed (a long one)
//
// `description` carries the rollback description when there is one. Everything read from an
// address is untrusted: the engine reads the scenario like any other input, and the page
// shows the title as text. `Address` keeps the page's address in step with its story.

import { fill } from './dom.js';

/** Scenarios up to this many bytes of JSON go in as they are; longer ones compressed. */
const RAW_LIMIT = 1024;
/** Past this the address would be too long to share (browsers cap URLs at about 2 MB). */
const MAX_PAYLOAD = 1_500_000;

function toBase64Url(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('it is not base64url');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function through(bytes, transform) {
  const stream = new Blob([bytes]).stream().pipeThrough(transform);
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** A scenario as the address carries it. */
export async function encodeScenario(scenario) {
  const bytes = new TextEncoder().encode(JSON.stringify(scenario));
  const payload =
    bytes.length <= RAW_LIMIT || typeof CompressionStream === 'undefined'
      ? `j.${toBase64Url(bytes)}`
      : `z.${toBase64Url(await through(bytes, new CompressionStream('deflate-raw')))}`;
  if (payload.length > MAX_PAYLOAD) throw new Error(`the story is ${payload.length.toLocaleString('en')} characters long even compressed`);
  return payload;
}

/** The scenario an address carries (parsed JSON; the engine judges it). */
export async function decodeScenario(payload) {
  const [kind, data] = [payload.slice(0, 2), payload.slice(2)];
  let bytes;
  try {
    if (kind === 'j.') bytes = fromBase64Url(data);
    else if (kind === 'z.') bytes = await through(fromBase64Url(data), new DecompressionStream('deflate-raw'));
    else throw new Error(`it starts with “${kind}”, not j. or z.`);
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new Error(`The scenario in this link is damaged (${error.message}). Was the link cut short?`);
  }
}

/** The address parameters that name the story: a preset's file, or the scenario itself. */
export async function shareParams({ story, scenario, pristine }) {
  if (pristine) return { story: story.file };
  return { scenario: await encodeScenario(scenario), title: story.title };
}

/**
 * The story an address names, with the parameters that name it: `{ story, shared }`, or null
 * when the address names none. `fetchPreset(file)` loads a preset.
 */
export async function readShared(params, fetchPreset) {
  const target = params.get('target');
  const description = params.get('description') ?? '';
  if (params.has('story')) {
    const file = params.get('story');
    if (!/^[a-z0-9-]+\.json$/.test(file)) throw new Error(`“${file}” is not the name of a story`);
    const preset = await fetchPreset(file);
    return { story: { ...preset, target, description }, shared: { story: file } };
  }
  if (params.has('scenario')) {
    const payload = params.get('scenario');
    const scenario = await decodeScenario(payload);
    const title = params.get('title') || 'A shared story';
    return {
      story: {
        title,
        summary: 'Opened from a link: the scenario and the picked target come from the address, read in this page.',
        scenario,
        target,
        description,
        file: null,
      },
      shared: { scenario: payload, title },
    };
  }
  return null;
}

/**
 * The address as the page keeps it: the story and the picked target in the fragment, and a
 * sentence about it in `note`. `read()` gives what the address says: `{ story, scenario,
 * pristine, target, description }`. A scenario is encoded asynchronously (compressing a
 * long one takes a moment); a change that comes before the encoding is done wins.
 */
export class Address {
  constructor(note, read) {
    this.note = note;
    this.read = read;
    /** The story's parameters as the address carries them, or null while they are encoded. */
    this.shared = null;
    this.seq = 0;
    /** The fragment this page wrote last (so that only a visitor's own edits reload). */
    this.last = null;
    this.timer = 0;
  }

  /** The scenario changed: its parameters are not known until `share()` has encoded it. */
  forget() {
    this.shared = null;
  }

  /** The target or the description changed: the address follows a moment later. */
  schedule(delay = 150) {
    clearTimeout(this.timer);
    document.documentElement.dataset.hash = 'pending';
    this.timer = setTimeout(() => this.write(), delay);
  }

  /** The scenario changed: encode it, then write the address. */
  share() {
    const seq = ++this.seq;
    document.documentElement.dataset.hash = 'pending';
    const { story, scenario, pristine } = this.read();
    shareParams({ story, scenario, pristine })
      .then((shared) => {
        if (seq !== this.seq) return;
        this.shared = shared;
        this.write();
      })
      .catch((error) => {
        if (seq !== this.seq) return;
        this.shared = { tooLong: true, reason: String(error?.message ?? error) };
        this.write();
      });
  }

  /** Opened from a link: `shared` (from `readShared`) already says it all. */
  opened(shared) {
    this.seq += 1;
    this.shared = shared;
    this.write();
  }

  write() {
    clearTimeout(this.timer);
    const shared = this.shared;
    if (!shared) return; // share() writes it when the encoding is done
    const params = new URLSearchParams();
    if (shared.tooLong) {
      fill(this.note, 'This story is too long to keep in the address: reloading loses its changes.');
      document.documentElement.dataset.hash = 'ready';
      return;
    }
    const { target, description } = this.read();
    for (const [key, value] of Object.entries(shared)) params.set(key, value);
    if (target) params.set('target', target);
    if (description) params.set('description', description);
    const hash = params.toString();
    if (hash !== this.last) {
      this.last = hash;
      history.replaceState(history.state, '', `#${hash}`);
    }
    fill(this.note, 'The address holds this story and the picked target: copy it to share the preview. Nothing is sent anywhere: the story lives after the #, which browsers keep to themselves.');
    document.documentElement.dataset.hash = 'ready';
  }
}
