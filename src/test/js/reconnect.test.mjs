// The signaling client's reconnect back-off (web/js/backoff.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { retryDelay } from '../../main/resources/web/js/backoff.js';

test('the first retry is quick and later ones double up to the cap', () => {
  const top = (n) => retryDelay(n, () => 1);
  assert.equal(top(0), 500);
  assert.equal(top(1), 1000);
  assert.equal(top(2), 2000);
  assert.equal(top(4), 8000);
  assert.equal(top(40), 8000);
});

test('jitter keeps at least half of each wait and spreads the rest', () => {
  for (const n of [0, 1, 3, 10]) {
    const low = retryDelay(n, () => 0);
    const high = retryDelay(n, () => 0.999999);
    assert.equal(low * 2, Math.round(high));
    assert.ok(retryDelay(n, () => 0.5) > low && retryDelay(n, () => 0.5) < high);
  }
});
