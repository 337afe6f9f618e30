// The page's protocol tables against the shared JSON fixtures (the Java tests read the same files).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const root = new URL('../../../', import.meta.url);
const read = (path) => readFileSync(new URL(path, root), 'utf8');
const fixture = (name) => JSON.parse(read(`src/test/resources/protocol/${name}`));
// Loaded as a module from its text: the file is plain ESM without imports.
const tables = await import(
  'data:text/javascript,' + encodeURIComponent(read('src/main/resources/web/js/protocol-tables.js')));

test('every valid client fixture has a type the page knows it may send', () => {
  for (const c of fixture('client-valid.json')) {
    assert.ok(tables.CLIENT_TYPES.includes(c.frame.type), c.frame.type);
    assert.deepEqual(JSON.parse(JSON.stringify(c.frame)), c.frame);
  }
});

test('every client type has a valid fixture', () => {
  const covered = new Set(fixture('client-valid.json').map((c) => c.type));
  for (const t of tables.CLIENT_TYPES) assert.ok(covered.has(t), t);
});

test('every error code in the fixtures is one the page can show', () => {
  for (const c of fixture('client-invalid.json')) assert.ok(tables.ERROR_CODES.includes(c.error), c.error);
  for (const c of fixture('server.json')) {
    if (c.json.type === 'error') assert.ok(tables.ERROR_CODES.includes(c.json.code), c.json.code);
  }
});

test('every server fixture has a type the page handles, and every server type has a fixture', () => {
  const types = fixture('server.json').map((c) => c.json.type);
  for (const t of types) assert.ok(tables.SERVER_TYPES.includes(t), t);
  for (const t of tables.SERVER_TYPES) assert.ok(types.includes(t), `fixture for ${t}`);
});

test('the page accepts exactly the room names the server accepts', () => {
  const names = fixture('room-names.json');
  for (const n of names.valid) assert.ok(tables.ROOM_PATTERN.test(n), n);
  for (const n of names.invalid) assert.ok(!tables.ROOM_PATTERN.test(n), n);
});

test('the protocol version matches the fixtures', () => {
  const hello = fixture('client-valid.json').find((c) => c.type === 'hello');
  assert.equal(hello.frame.version, tables.PROTOCOL_VERSION);
});
