// The signaling client's reconnect back-off (web/js/protocol.js), as a pure function.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const root = new URL('../../../', import.meta.url);
const read = (path) => readFileSync(new URL(path, root), 'utf8');
// protocol.js imports its tables relatively; inline them so the module loads from a data: URL.
const tablesUrl = 'data:text/javascript,' + encodeURIComponent(read('src/main/resources/web/js/protocol-tables.js'));
const source = read('src/main/resources/web/js/protocol.js').replace("'./protocol-tables.js'", `'${tablesUrl}'`);
const { retryDelay } = await import('data:text/javascript,' + encodeURIComponent(source));

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
