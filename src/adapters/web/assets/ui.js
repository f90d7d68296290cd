/* Textbank sandbox page, part 1 of 3: shared helpers (strings, DOM, icons, API calls).
 * Plain browser JavaScript, no build step. Everything built here uses textContent. */
/* global document, window, fetch, setTimeout, clearTimeout */
(function ui() {
  'use strict';
  const boot = JSON.parse(document.getElementById('boot').textContent);
  const api = boot.apiBase;
  const S = (key, params) => {
    const text = boot.strings[key] || key;
    return params ? text.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, k) => (k in params ? String(params[k]) : m)) : text;
  };
  const $ = (id) => document.getElementById(id);
  const el = (tag, cls, text) => {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  // Line icons (Feather, MIT): no emoji font needed.
  const ICONS = {
    clip: 'M21.44 11.05l-9.19 9.19a6 6 0 0 1-8.49-8.49l9.19-9.19a4 4 0 0 1 5.66 5.66l-9.2 9.19a2 2 0 0 1-2.83-2.83l8.49-8.48',
    chat: 'M21 11.5a8.38 8.38 0 0 1-.9 3.8 8.5 8.5 0 0 1-7.6 4.7 8.38 8.38 0 0 1-3.8-.9L3 21l1.9-5.7a8.38 8.38 0 0 1-.9-3.8 8.5 8.5 0 0 1 4.7-7.6 8.38 8.38 0 0 1 3.8-.9h.5a8.48 8.48 0 0 1 8 8v.5z',
    eye: 'M1 12s4-8 11-8 11 8 11 8-4 8-11 8-11-8-11-8zM12 9a3 3 0 1 0 0 6 3 3 0 0 0 0-6z',
    file: 'M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8zM14 2v6h6',
  };
  function icon(name, small) {
    const NS = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(NS, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('class', small ? 'icon icon-sm' : 'icon');
    svg.setAttribute('aria-hidden', 'true');
    const path = document.createElementNS(NS, 'path');
    path.setAttribute('d', ICONS[name]);
    svg.append(path);
    return svg;
  }
  const withIcon = (node, name, small) => {
    node.prepend(icon(name, small));
    return node;
  };

  // ---------- helpers ----------
  let toastTimer;
  function toast(message) {
    const t = $('toast');
    t.textContent = message;
    t.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { t.hidden = true; }, 6000);
  }
  async function call(method, path, body, contentType) {
    let res;
    try {
      res = await fetch(api + path, {
        method,
        headers: body === undefined ? {} : { 'content-type': contentType || 'application/json' },
        body: body === undefined ? undefined : contentType ? body : JSON.stringify(body),
      });
    } catch {
      toast(S('errors.network'));
      return null;
    }
    const data = await res.json().catch(() => ({}));
    if (!res.ok) {
      toast(S('errors.request', { message: data.message || res.statusText }));
      return null;
    }
    return data;
  }
  const initials = (name) => name.split(/\s+/).map((w) => w[0] || '').join('').slice(0, 2).toUpperCase();
  const hue = (text) => [...text].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 360, 7);
  function avatar(name, bot) {
    const a = el('span', bot ? 'avatar avatar-bot' : 'avatar', bot ? 'TB' : initials(name));
    if (!bot) a.style.background = `hsl(${hue(name)} 55% 42%)`;
    a.setAttribute('aria-hidden', 'true');
    return a;
  }
  const time = (iso) => new Date(iso).toLocaleTimeString(boot.lang, { hour: 'numeric', minute: '2-digit' });
  const prettyPhone = (p) => (/^\+1\d{10}$/.test(p) ? `(${p.slice(2, 5)}) ${p.slice(5, 8)}-${p.slice(8)}` : p);
  window.TextbankUi = { boot, api, S, $, el, icon, withIcon, toast, call, avatar, time, prettyPhone };
})();
