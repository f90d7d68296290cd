/* Textbank sandbox page, part 3 of 3: the workspace (members, channels, messages, threads,
 * phones), polling the server every 700 ms. Message HTML comes from the server already escaped
 * (render.ts); everything this script builds itself uses textContent. */
/* global document, window, fetch, sessionStorage, setTimeout, clearTimeout, URLSearchParams */
(function main() {
  'use strict';
  const { boot, api, S, $, el, withIcon, call, toast, avatar, time, prettyPhone } = window.TextbankUi;
  const store = {
    get: (k, d) => { try { return sessionStorage.getItem(k) || d; } catch { return d; } },
    set: (k, v) => { try { sessionStorage.setItem(k, v); } catch { /* private mode */ } },
  };
  const ui = {
    memberId: store.get('tb.member', boot.roster[0] && boot.roster[0].id),
    channelId: null,
    threadId: null,
    attachment: null,
    last: { messages: '', thread: '', phones: {}, channels: '' },
    busy: false,
  };
  if (!boot.roster.some((m) => m.id === ui.memberId)) ui.memberId = boot.roster[0].id;
  ui.channelId = store.get(`tb.channel.${ui.memberId}`, boot.defaultChannelId);

  const openModal = (m) =>
    window.TextbankModal.open(m, { memberId: () => ui.memberId, channelId: () => ui.channelId, threadId: () => ui.threadId, upload, refresh });
  const memberName = (id) => (boot.roster.find((m) => m.id === id) || { name: id }).name;

  // ---------- sidebar ----------
  function renderMembers() {
    const list = $('members');
    list.replaceChildren();
    for (const m of boot.roster) {
      const li = el('li');
      const b = el('button', m.id === ui.memberId ? 'member active' : 'member');
      b.type = 'button';
      b.dataset.member = m.id;
      b.setAttribute('role', 'radio');
      b.setAttribute('aria-checked', String(m.id === ui.memberId));
      b.append(avatar(m.name, false));
      const who = el('span', 'who');
      who.append(el('span', 'name', m.name), el('span', 'hint', m.hint));
      b.append(who);
      b.addEventListener('click', () => selectMember(m.id));
      li.append(b);
      list.append(li);
    }
    $('acting-as').textContent = `${S('page.actingAs')}: ${memberName(ui.memberId)}`;
  }
  function selectMember(id) {
    ui.memberId = id;
    store.set('tb.member', id);
    ui.channelId = store.get(`tb.channel.${id}`, boot.defaultChannelId);
    ui.threadId = null;
    ui.last = { messages: '', thread: '', phones: ui.last.phones, channels: '' };
    renderMembers();
    refresh();
  }
  function renderChannels(state) {
    const sig = JSON.stringify([state.channels, state.channel.id]);
    if (sig === ui.last.channels) return;
    ui.last.channels = sig;
    for (const [listId, kind] of [['channel-list', 'channel'], ['dm-list', 'dm']]) {
      const list = $(listId);
      list.replaceChildren();
      for (const c of state.channels.filter((x) => x.kind === kind)) {
        const b = el('button', c.id === state.channel.id ? 'nav active' : 'nav');
        b.type = 'button';
        b.dataset.channel = c.id;
        b.append(el('span', 'nav-mark', kind === 'channel' ? '#' : '●'), el('span', null, c.label));
        b.addEventListener('click', () => {
          ui.channelId = c.id;
          ui.threadId = null;
          store.set(`tb.channel.${ui.memberId}`, c.id);
          refresh();
        });
        const li = el('li');
        li.append(b);
        list.append(li);
      }
    }
    $('channel-title').textContent = state.channel.kind === 'channel' ? `# ${state.channel.label}` : `● ${state.channel.label}`;
  }

  // ---------- messages ----------
  function messageNode(m, inThread) {
    const row = el('article', `msg${m.ephemeral ? ' msg-ephemeral' : ''}${m.bot ? ' msg-bot' : ''}`);
    row.dataset.messageId = m.id;
    row.append(avatar(m.author, m.bot));
    const main = el('div', 'msg-main');
    const head = el('div', 'msg-head');
    head.append(el('span', 'msg-author', m.author));
    if (m.bot) head.append(el('span', 'badge', S('page.appBadge')));
    head.append(el('time', 'msg-time', time(m.at)));
    if (m.edited) head.append(el('span', 'msg-edited', S('page.edited')));
    if (m.ephemeral) head.append(withIcon(el('span', 'msg-only-you', S('page.onlyYou')), 'eye', true));
    main.append(head);
    const body = el('div', 'msg-body');
    body.innerHTML = m.html; // server-escaped (render.ts)
    main.append(body);
    for (const f of m.files) {
      if (f.imageAlt) {
        // A chart: shown inline; the alt text says what it shows (the numbers are also in the text).
        const img = el('img', 'file-image');
        img.src = f.url;
        img.alt = f.imageAlt;
        img.title = f.imageAlt;
        img.loading = 'lazy';
        main.append(img);
      }
      const a = withIcon(el('a', 'file-link', `${f.name} — ${S('page.download')}`), 'file', true);
      a.href = f.url;
      a.setAttribute('download', f.name);
      main.append(a);
    }
    if (!inThread && m.replyCount > 0) {
      const open = withIcon(el('button', 'replies-link', m.repliesLabel), 'chat', true);
      open.type = 'button';
      open.dataset.openThread = m.id;
      main.append(open);
    }
    row.append(main);
    return row;
  }
  function renderMessages(state) {
    const sig = JSON.stringify(state.messages);
    if (sig === ui.last.messages) return;
    ui.last.messages = sig;
    const box = $('messages');
    const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 80;
    box.replaceChildren();
    if (state.messages.length === 0) box.append(el('p', 'empty', state.channel.kind === 'dm' ? S('page.emptyDm') : S('page.emptyChannel')));
    for (const m of state.messages) box.append(messageNode(m, false));
    if (atBottom) box.scrollTop = box.scrollHeight;
  }
  function renderThread(state) {
    const panel = $('thread-panel');
    if (!state.thread) {
      panel.hidden = true;
      $('app').classList.remove('with-thread');
      ui.threadId = null;
      ui.last.thread = '';
      return;
    }
    panel.hidden = false;
    $('app').classList.add('with-thread');
    const sig = JSON.stringify(state.thread);
    if (sig === ui.last.thread) return;
    ui.last.thread = sig;
    const body = $('thread-body');
    const atBottom = body.scrollHeight - body.scrollTop - body.clientHeight < 80;
    body.replaceChildren(messageNode(state.thread.root, true));
    const count = el('div', 'thread-count', state.thread.root.repliesLabel || '');
    body.append(count);
    for (const r of state.thread.replies) body.append(messageNode(r, true));
    if (atBottom || !body.dataset.seen) body.scrollTop = body.scrollHeight;
    body.dataset.seen = '1';
  }

  // ---------- phones ----------
  function renderPhones(phones) {
    const list = $('phone-list');
    if (phones.length === 0) {
      if (!list.querySelector('.empty')) list.replaceChildren(el('p', 'empty', S('phones.empty')));
      ui.last.phones = {};
      return;
    }
    list.querySelector('.empty')?.remove();
    for (const p of phones) {
      let card = list.querySelector(`[data-phone="${p.phone}"]`);
      const fresh = !card;
      if (fresh) {
        card = phoneCard(p);
        list.append(card);
      }
      const sig = JSON.stringify(p.texts);
      if (ui.last.phones[p.phone] === sig) continue;
      ui.last.phones[p.phone] = sig;
      const texts = card.querySelector('.phone-texts');
      texts.replaceChildren();
      for (const x of p.texts) {
        const bubble = el('div', x.from === 'org' ? 'bubble bubble-in' : 'bubble bubble-out');
        for (const url of x.media ?? []) appendMedia(bubble, url);
        appendLinked(bubble, x.body);
        bubble.title = `${x.from === 'org' ? S('phones.fromOrg') : S('phones.fromVoter')} · ${time(x.at)}`;
        texts.append(bubble);
      }
      texts.scrollTop = texts.scrollHeight;
      if (!fresh) {
        card.classList.add('flash');
        setTimeout(() => card.classList.remove('flash'), 900);
      }
    }
  }
  /** MMS media on the phone: a picture, or (a contact card, anything not an image) a link to open it. */
  function appendMedia(node, url) {
    if (!/^https?:\/\//.test(String(url))) return;
    const img = el('img', 'phone-media');
    img.src = url;
    img.alt = S('phones.media');
    img.loading = 'lazy';
    img.addEventListener('error', () => {
      const a = el('a', 'phone-link phone-attachment', `📎 ${S('phones.media')}`);
      a.href = url;
      a.target = '_blank';
      a.rel = 'noopener';
      img.replaceWith(a);
    });
    node.append(img);
  }
  /** Text with its http(s) links clickable (a tracked link opens /l/<code> like a phone would); text as textContent. */
  function appendLinked(node, body) {
    const re = /https?:\/\/[^\s<>"']+/g;
    let last = 0;
    for (const m of String(body).matchAll(re)) {
      const url = m[0].replace(/[.,;:!?)]+$/, '');
      if (m.index > last) node.append(document.createTextNode(body.slice(last, m.index)));
      const a = el('a', 'phone-link', url);
      a.href = url;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      node.append(a);
      last = m.index + url.length;
    }
    if (last < body.length) node.append(document.createTextNode(body.slice(last)));
  }
  function phoneCard(p) {
    const card = el('section', 'phone');
    card.dataset.phone = p.phone;
    const head = el('header', 'phone-head');
    head.append(avatar(p.name || p.phone, false));
    const who = el('div', 'who');
    who.append(el('span', 'name', p.name || prettyPhone(p.phone)), el('span', 'hint', prettyPhone(p.phone)));
    const stop = el('button', 'tb-btn tb-btn-danger stop-btn', S('phones.stop'));
    stop.type = 'button';
    head.append(who, stop);
    const texts = el('div', 'phone-texts');
    const form = el('form', 'phone-form');
    form.autocomplete = 'off';
    const input = el('input', 'phone-input');
    input.placeholder = S('phones.placeholder');
    input.setAttribute('aria-label', `${S('phones.placeholder')} ${prettyPhone(p.phone)}`);
    const send = el('button', 'tb-btn tb-btn-primary', S('phones.send'));
    send.type = 'submit';
    form.append(input, send);
    const reply = async (body) => {
      if (!body.trim()) return;
      const ok = await call('POST', '/phone', { from: p.phone, body });
      if (ok) {
        input.value = '';
        refresh();
      }
    };
    form.addEventListener('submit', (e) => { e.preventDefault(); reply(input.value); });
    stop.addEventListener('click', () => reply('STOP'));
    card.append(head, texts, form);
    return card;
  }

  // ---------- the carrier: simulated filtering (sandbox only) ----------
  // The server says how many more texts it will filter (null: no simulated carrier, no control).
  let filterLeft = 0;
  function renderCarrierFilter(left) {
    const box = $('carrier-filter-box');
    box.hidden = left === null || left === undefined;
    filterLeft = left || 0;
    $('carrier-filter').textContent = S(filterLeft > 0 ? 'phones.filterStop' : 'phones.filter');
  }
  $('carrier-filter').addEventListener('click', async () => {
    const data = await call('POST', '/carrier-filter', { texts: filterLeft > 0 ? 0 : boot.carrierFilterTexts, lang: boot.lang });
    if (data) {
      toast(data.message);
      renderCarrierFilter(data.left);
    }
  });

  // ---------- polling ----------
  let pollTimer;
  let inflight = null;
  async function refresh() {
    clearTimeout(pollTimer);
    const q = new URLSearchParams({ memberId: ui.memberId, channelId: ui.channelId, lang: boot.lang });
    if (ui.threadId) q.set('threadId', ui.threadId);
    const mine = (inflight = fetch(`${api}/state?${q}`).then((r) => (r.ok ? r.json() : null)).catch(() => null));
    const state = await mine;
    if (mine === inflight && state && state.memberId === ui.memberId) {
      ui.channelId = state.channel.id;
      renderChannels(state);
      renderMessages(state);
      renderThread(state);
      renderPhones(state.phones);
      renderCarrierFilter(state.carrierFilterLeft);
      document.body.dataset.version = String(state.version);
    }
    pollTimer = setTimeout(refresh, 700);
  }

  // ---------- actions (buttons and selects in messages) ----------
  async function act(target, value) {
    const msg = target.closest('[data-message-id]');
    if (!msg) return;
    const body = { memberId: ui.memberId, actionId: target.dataset.actionId, messageId: msg.dataset.messageId, lang: boot.lang };
    if (value !== undefined) body.value = value;
    target.disabled = true; // one press, one request (the server dedupes by interaction id too)
    const res = await call('POST', '/action', body);
    target.disabled = false;
    if (res && res.modal) openModal(res.modal);
    refresh();
  }
  function onMessageClick(e) {
    const open = e.target.closest('[data-open-thread]');
    if (open) {
      ui.threadId = open.dataset.openThread;
      ui.last.thread = '';
      $('thread-body').dataset.seen = '';
      refresh();
      return;
    }
    const b = e.target.closest('button[data-action-id]');
    if (b && !b.disabled) act(b, b.dataset.value);
  }
  function onMessageChange(e) {
    const s = e.target.closest('select[data-action-id]');
    if (s && s.value) act(s, s.value);
  }
  for (const id of ['messages', 'thread-body']) {
    $(id).addEventListener('click', onMessageClick);
    $(id).addEventListener('change', onMessageChange);
  }

  // ---------- composer ----------
  function showAttachment() {
    const box = $('attachment');
    box.replaceChildren();
    box.hidden = !ui.attachment;
    if (!ui.attachment) return;
    box.append(withIcon(el('span', null, S('composer.attached', { name: ui.attachment.name })), 'file', true));
    const x = el('button', 'icon-btn', '✕');
    x.type = 'button';
    x.title = S('composer.remove');
    x.setAttribute('aria-label', S('composer.remove'));
    x.addEventListener('click', () => { ui.attachment = null; showAttachment(); });
    box.append(x);
  }
  async function upload(file) {
    const res = await call('POST', `/upload?name=${encodeURIComponent(file.name)}`, file, 'application/octet-stream');
    return res ? { uploadId: res.uploadId, name: res.name } : null;
  }
  $('file').addEventListener('change', async (e) => {
    const file = e.target.files[0];
    e.target.value = '';
    if (!file) return;
    ui.attachment = await upload(file);
    showAttachment();
  });
  $('attach-sample').addEventListener('click', () => {
    ui.attachment = { uploadId: boot.sampleUploadId, name: 'sample-voters.csv' };
    showAttachment();
  });
  $('chips').addEventListener('click', (e) => {
    const chip = e.target.closest('[data-fill]');
    if (!chip) return;
    $('command').value = `${chip.dataset.fill} `;
    $('command').focus();
  });
  $('composer').addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = $('command').value.trim();
    if (!text || ui.busy) return;
    ui.busy = true;
    const body = { memberId: ui.memberId, channelId: ui.channelId, text, lang: boot.lang };
    if (ui.attachment) body.attachments = [{ uploadId: ui.attachment.uploadId }];
    const res = await call('POST', '/command', body);
    ui.busy = false;
    if (!res) return;
    $('command').value = '';
    ui.attachment = null;
    showAttachment();
    if (res.modal) openModal(res.modal);
    refresh();
  });
  $('thread-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = $('thread-input').value.trim();
    if (!text || !ui.threadId) return;
    const res = await call('POST', '/thread', { memberId: ui.memberId, channelId: ui.channelId, threadId: ui.threadId, text, lang: boot.lang });
    if (!res) return;
    $('thread-input').value = '';
    if (res.modal) openModal(res.modal);
    refresh();
  });
  $('thread-close').addEventListener('click', () => {
    ui.threadId = null;
    refresh();
  });

  // ---------- language ----------
  const langSelect = $('lang');
  for (const l of boot.langs) {
    const o = el('option', null, l.label);
    o.value = l.code;
    o.selected = l.code === boot.lang;
    langSelect.append(o);
  }
  langSelect.addEventListener('change', () => {
    window.location.search = `?lang=${encodeURIComponent(langSelect.value)}`;
  });

  renderMembers();
  refresh();
})();
