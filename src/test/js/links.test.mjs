// Room links with keys and access tokens in the fragment (web/js/links.js), and the human
// message behind every error code the server can send.
import { test } from 'node:test';
import assert from 'node:assert/strict';

globalThis.location = new URL('http://127.0.0.1:8080/');
const web = new URL('../../main/resources/web/js/', import.meta.url);
const links = await import(new URL('links.js', web));
const { ERROR_CODES } = await import(new URL('protocol-tables.js', web));
const { hasMessage } = await import(new URL('i18n.js', web));

/** An unsigned stand-in token whose payload holds `claims` (the page never checks signatures). */
const token = (claims) => `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2ln`;

test('a fragment gives its key and its token apart', () => {
  const t = token({ room: 'team-standup' });
  assert.equal(links.keyFromHash('#Zx3mQ0pW1vB7yT5uK9rE2a'), 'Zx3mQ0pW1vB7yT5uK9rE2a');
  assert.equal(links.tokenFromHash('#Zx3mQ0pW1vB7yT5uK9rE2a'), '');
  assert.equal(links.keyFromHash(`#Zx3mQ0pW1vB7yT5uK9rE2a&token=${t}`), 'Zx3mQ0pW1vB7yT5uK9rE2a');
  assert.equal(links.tokenFromHash(`#Zx3mQ0pW1vB7yT5uK9rE2a&token=${t}`), t);
  assert.equal(links.keyFromHash(`#token=${t}`), '');
  assert.equal(links.tokenFromHash(`#token=${t}`), t);
  assert.equal(links.tokenFromHash('#token=<script>'), '');
});

test('links carry the token after the key, and pasted links keep it', () => {
  const t = token({ room: '48213' });
  const link = links.roomLink('48213', 'Zx3mQ0pW1vB7yT5uK9rE2a', true, t);
  assert.equal(link, `http://127.0.0.1:8080/?room=48213#Zx3mQ0pW1vB7yT5uK9rE2a&token=${t}`);
  assert.deepEqual(links.parseRoom(link), { room: '48213', key: 'Zx3mQ0pW1vB7yT5uK9rE2a', token: t });
  assert.equal(links.roomLink('48213'), '/?room=48213');
});

test('only a token for exactly this room goes into its share link', () => {
  assert.equal(links.shareableToken(token({ room: 'Team-Standup' }), 'team-standup'), token({ room: 'Team-Standup' }));
  assert.equal(links.shareableToken(token({ room: '*' }), 'team-standup'), '');
  assert.equal(links.shareableToken(token({ room: 'retro' }), 'team-standup'), '');
  assert.equal(links.shareableToken('garbage', 'team-standup'), '');
});

test('every error code the server sends has a human message', () => {
  for (const code of ERROR_CODES) assert.ok(hasMessage(code), code);
});
