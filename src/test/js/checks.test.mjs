// The connection check page's reading of the server's ICE list (web/js/checks.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { relayKind, stunUrl, turnServer } from '../../main/resources/web/js/checks.js';

test('a TURN URL names its transport as RFC 7065 says', () => {
  const table = [
    ['turn:calls.example.org:3478?transport=udp', 'udp'],
    ['turn:calls.example.org:3478', 'udp'],
    ['TURN:calls.example.org:3478?transport=TCP', 'tcp'],
    ['turn:[2001:db8::1]:3478?transport=tcp', 'tcp'],
    ['turns:calls.example.org:5349?transport=tcp', 'tls'],
    ['turns:calls.example.org:443', 'tls'],
    ['stun:calls.example.org:3478', null],
    ['turn:x?transport=tcpx', 'udp'],
  ];
  for (const [url, kind] of table) assert.equal(relayKind(url), kind, url);
});

test('each check gets exactly one URL of its kind, with that server entry\'s credentials', () => {
  const servers = [
    { urls: ['stun:192.0.2.1:3478'] },
    { urls: ['turn:192.0.2.1:3478?transport=udp', 'turn:192.0.2.1:3478?transport=tcp'], username: '1:abc', credential: 'pw' },
    { urls: 'turns:relay.example.org:5349?transport=tcp', username: 'u2', credential: 'pw2' },
  ];
  assert.equal(stunUrl(servers), 'stun:192.0.2.1:3478');
  assert.deepEqual(turnServer(servers, 'udp'), { urls: 'turn:192.0.2.1:3478?transport=udp', username: '1:abc', credential: 'pw' });
  assert.deepEqual(turnServer(servers, 'tcp'), { urls: 'turn:192.0.2.1:3478?transport=tcp', username: '1:abc', credential: 'pw' });
  assert.deepEqual(turnServer(servers, 'tls'), { urls: 'turns:relay.example.org:5349?transport=tcp', username: 'u2', credential: 'pw2' });
  assert.equal(turnServer([{ urls: ['stun:192.0.2.1:3478'] }], 'udp'), null);
  assert.equal(stunUrl([]), null);
});
