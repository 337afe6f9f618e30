// @ts-check
/**
 * One remote tile of the call view: the peer's <video> (kept playing even without picture: its
 * audio is the call), initial, name and connection state, and the tile's tools: connection
 * quality (tap for the numbers), picture-in-picture and full screen where the browser has them.
 */

import { t } from '../i18n.js';
import { el } from './dom.js';
import { initial } from './room.js';

/**
 * @typedef {import('../quality.js').Quality} Quality
 * @typedef {{tile: HTMLElement, video: HTMLVideoElement, state: HTMLElement, name: HTMLElement,
 *   avatar: HTMLElement, setQuality: (q: Quality) => void}} Tile
 */

/** @param {string} id @param {string} name @returns {Tile} */
export function createRemoteTile(id, name) {
  const video = el('video', { testid: 'remote-video', autoplay: true, playsInline: true, dataset: { peer: id } });
  const state = el('span', { class: 'state', testid: 'peer-state', dataset: { state: 'new' }, text: t('state.new') });
  const nameEl = el('span', { class: 'name', text: name });
  const avatar = el('div', { class: 'avatar-big', 'aria-hidden': 'true', text: initial(name) });
  const quality = createQualityBadge();
  const tile = el(
    'div',
    { class: 'tile remote no-video', testid: 'tile', dataset: { peer: id, speaking: 'false' } },
    video,
    avatar,
    el('div', { class: 'tile-label' }, nameEl, state),
    quality.pop,
  );
  tile.append(el('div', { class: 'tile-tools' }, quality.button, pipButton(video), fullscreenButton(tile, video)));
  return { tile, video, state, name: nameEl, avatar, setQuality: quality.set };
}

function createQualityBadge() {
  const value = () => el('span', { class: 'q-value', text: '—' });
  const rtt = value();
  const loss = value();
  const rate = value();
  const row = (/** @type {string} */ key, /** @type {HTMLElement} */ v) => el('div', { class: 'q-row' }, el('span', { text: t(key) }), v);
  const pop = el('div', { class: 'quality-pop', testid: 'quality-details', hidden: true },
    row('quality.rtt', rtt), row('quality.loss', loss), row('quality.bitrate', rate));
  const button = el(
    'button',
    {
      type: 'button', class: 'tile-btn quality', testid: 'quality', dataset: { level: 'unknown' },
      title: t('quality.unknown'), 'aria-label': t('quality.unknown'), 'aria-expanded': 'false',
      on: {
        click: () => {
          pop.hidden = !pop.hidden;
          button.setAttribute('aria-expanded', String(!pop.hidden));
        },
      },
    },
    el('span', { class: 'bar' }), el('span', { class: 'bar' }), el('span', { class: 'bar' }),
  );
  return {
    button,
    pop,
    /** @param {Quality} q */
    set(q) {
      rtt.textContent = q.rtt === null ? '—' : t('quality.ms', { n: Math.round(q.rtt) });
      loss.textContent = q.loss === null ? '—' : t('quality.percent', { n: q.loss.toFixed(1) });
      rate.textContent = q.kbps === null ? '—' : q.kbps >= 1000 ? t('quality.mbps', { n: (q.kbps / 1000).toFixed(1) }) : t('quality.kbps', { n: Math.round(q.kbps) });
      const summary = `${t(`quality.${q.level}`)} · ${t('quality.rtt')} ${rtt.textContent} · ${t('quality.loss')} ${loss.textContent} · ${t('quality.bitrate')} ${rate.textContent}`;
      button.dataset.level = q.level;
      button.title = summary;
      button.setAttribute('aria-label', summary);
    },
  };
}

/** @param {HTMLVideoElement} video */
function pipButton(video) {
  if (!document.pictureInPictureEnabled || typeof video.requestPictureInPicture !== 'function') return null;
  const toggle = () => {
    const p = document.pictureInPictureElement === video ? document.exitPictureInPicture() : video.requestPictureInPicture();
    p.catch((err) => console.debug('parley: picture-in-picture', err));
  };
  return el('button', { type: 'button', class: 'tile-btn', testid: 'pip', title: t('call.pip'), 'aria-label': t('call.pip'), on: { click: toggle } }, el('span', { class: 'icon icon-pip', 'aria-hidden': 'true' }));
}

/** The tile goes full screen; iOS Safari only has the video's own full screen. @param {HTMLElement} tile @param {HTMLVideoElement} video */
function fullscreenButton(tile, video) {
  const native = document.fullscreenEnabled && typeof tile.requestFullscreen === 'function';
  const ios = /** @type {{webkitEnterFullscreen?: () => void}} */ (/** @type {unknown} */ (video));
  if (!native && typeof ios.webkitEnterFullscreen !== 'function') return null;
  const toggle = () => {
    if (!native) return ios.webkitEnterFullscreen?.();
    const p = document.fullscreenElement === tile ? document.exitFullscreen() : tile.requestFullscreen();
    p.catch((err) => console.debug('parley: full screen', err));
  };
  return el('button', { type: 'button', class: 'tile-btn', testid: 'fullscreen', title: t('call.fullscreen'), 'aria-label': t('call.fullscreen'), on: { click: toggle } }, el('span', { class: 'icon icon-fs', 'aria-hidden': 'true' }));
}
