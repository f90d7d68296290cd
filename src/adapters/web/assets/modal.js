/* Textbank sandbox page, part 2 of 3: modal forms rendered from a neutral Modal (inputs: text,
 * textarea, number, select, file). Files are uploaded first and passed by upload id. */
/* global document, window, CSS */
(function modals() {
  'use strict';
  const { boot, S, $, el, withIcon, toast, call } = window.TextbankUi;
  /** ctx: { memberId(), channelId(), threadId(), upload(file), refresh() } from the page. */
  let ctx = null;
  let modal = null;
  function field(input) {
    const wrap = el('div', 'field');
    wrap.dataset.inputId = input.id;
    const label = el('label', null, input.label);
    const id = `modal-input-${input.id}`;
    label.htmlFor = id;
    if (input.optional) label.append(el('span', 'optional', ` ${S('modal.optional')}`));
    wrap.append(label);
    let control;
    if (input.kind === 'textarea') {
      control = el('textarea');
      control.rows = 5;
    } else if (input.kind === 'select') {
      control = el('select');
      control.append(el('option', null, ''));
      for (const o of input.options || []) {
        const opt = el('option', null, o.label);
        opt.value = o.value;
        control.append(opt);
      }
    } else {
      control = el('input');
      control.type = input.kind === 'number' ? 'number' : input.kind === 'file' ? 'file' : 'text';
      if (input.kind === 'file') control.accept = '.csv,text/csv,text/plain';
    }
    control.id = id;
    control.name = input.id;
    if (input.initial !== undefined && input.kind !== 'file') control.value = input.initial;
    if (input.maxLength && input.kind !== 'file' && input.kind !== 'select') control.maxLength = input.maxLength;
    wrap.append(control);
    if (input.kind === 'file') {
      const sample = withIcon(el('button', 'tb-btn sample-btn', S('modal.useSample')), 'clip', true);
      sample.type = 'button';
      const chosen = el('span', 'chosen');
      sample.addEventListener('click', () => {
        wrap.dataset.sample = '1';
        chosen.textContent = 'sample-voters.csv';
      });
      control.addEventListener('change', () => { delete wrap.dataset.sample; chosen.textContent = ''; });
      wrap.append(sample, chosen);
    }
    if (input.hint) wrap.append(el('p', 'hint', input.hint));
    wrap.append(el('p', 'error'));
    return wrap;
  }
  function openModal(m) {
    modal = m;
    $('modal-title').textContent = m.title;
    $('modal-submit').textContent = m.submitLabel;
    const body = $('modal-body');
    body.replaceChildren(...m.inputs.map(field));
    $('modal-backdrop').hidden = false;
    const first = body.querySelector('input,textarea,select');
    if (first) first.focus();
  }
  function closeModal() {
    modal = null;
    $('modal-backdrop').hidden = true;
  }
  $('modal-cancel').addEventListener('click', closeModal);
  $('modal').addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!modal) return;
    const values = {};
    const files = {};
    let missing = false;
    for (const input of modal.inputs) {
      const wrap = $('modal-body').querySelector(`[data-input-id="${CSS.escape(input.id)}"]`);
      const control = wrap.querySelector('input,textarea,select');
      wrap.querySelector('.error').textContent = '';
      if (input.kind === 'file') {
        if (wrap.dataset.sample) files[input.id] = { uploadId: boot.sampleUploadId };
        else if (control.files && control.files[0]) {
          $('modal-submit').textContent = S('modal.uploading');
          const up = await ctx.upload(control.files[0]);
          $('modal-submit').textContent = modal.submitLabel;
          if (!up) return;
          files[input.id] = { uploadId: up.uploadId };
        } else if (!input.optional) {
          wrap.querySelector('.error').textContent = S('modal.required');
          missing = true;
        }
        continue;
      }
      const v = control.value;
      if (!v.trim() && !input.optional) {
        wrap.querySelector('.error').textContent = S('modal.required');
        missing = true;
      }
      if (v !== '') values[input.id] = v;
    }
    if (missing) return;
    const body = { memberId: ctx.memberId(), modalId: modal.id, values, files, channelId: ctx.channelId(), lang: boot.lang };
    if (modal.privateValue !== undefined) body.privateValue = modal.privateValue;
    if (ctx.threadId()) body.threadId = ctx.threadId();
    const res = await call('POST', '/modal', body);
    if (!res) return;
    if (res.modalErrors) {
      for (const [id, message] of Object.entries(res.modalErrors)) {
        const wrap = $('modal-body').querySelector(`[data-input-id="${CSS.escape(id)}"]`);
        if (wrap) wrap.querySelector('.error').textContent = message;
        else toast(message);
      }
      return;
    }
    if (res.modal) openModal(res.modal);
    else closeModal();
    ctx.refresh();
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && modal) closeModal();
  });

  window.TextbankModal = {
    open(m, context) {
      ctx = context;
      openModal(m);
    },
  };
})();
