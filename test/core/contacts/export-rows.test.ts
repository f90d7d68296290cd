import { describe, expect, it } from 'vitest';
import { contactExportLayout } from '../../../src/core/contacts/export/contact-row.js';
import { csvSafe } from '../../../src/core/contacts/export/csv-safe.js';
import { MESSAGE_EXPORT_HEADER, messageExportRow } from '../../../src/core/contacts/export/message-row.js';
import type { Contact } from '../../../src/core/model/contact.js';
import type { Message } from '../../../src/core/model/message.js';

const at = new Date('2026-03-02T15:00:00Z');
const contact: Contact = {
  id: 'c1', orgId: 'o1', campaignId: 'k1', phone: '+13055550143', firstName: 'José', lastName: 'Muñoz', zip: '33101', state: 'FL',
  timezones: ['America/New_York'], windowKey: 'America/New_York|FL|FL', language: 'es', customFields: { precinct: 'P-7', 'Van ID': '=1+1' },
  status: 'messaged', volunteerId: 'm1', surveyAnswers: { q1: 'a2', q3: 'gone' }, tags: ['t1', 'old-tag'], createdAt: at, updatedAt: at,
};
const campaign = {
  survey: [
    { id: 'q1', text: 'Support?', answers: [{ id: 'a1', label: 'Yes' }, { id: 'a2', label: 'Leaning yes' }] },
    { id: 'q2', text: 'Support?', answers: [{ id: 'b1', label: 'x' }] },
    { id: 'q3', text: 'Vote plan', answers: [{ id: 'v1', label: 'Mail' }] },
  ],
  tags: [{ id: 't1', label: 'Volunteer prospect' }],
};

describe('contactExportLayout', () => {
  const layout = contactExportLayout(campaign, ['precinct', 'Van ID', 'missing']);

  it('header: fixed import-alias columns, one per survey question (id added when texts repeat), tags, opted_out, outcome, line_type, custom fields', () => {
    expect(layout.header).toEqual([
      'phone', 'first_name', 'last_name', 'zip', 'state', 'language', 'status', 'volunteer',
      'Support? (q1)', 'Support? (q2)', 'Vote plan', 'tags', 'opted_out', 'outcome', 'line_type', 'precinct', 'Van ID', 'missing',
    ]);
  });

  it('row: answer labels (raw id when the answer is gone), tag labels, the flag and guarded custom cells', () => {
    expect(layout.row({ ...contact, outcome: 'moved', lineType: 'mobile' }, { optedOut: true, volunteerName: 'Ana' })).toEqual([
      '+13055550143', 'José', 'Muñoz', '33101', 'FL', 'es', 'messaged', 'Ana',
      'Leaning yes', '', 'gone', 'Volunteer prospect; old-tag', 'true', 'moved', 'mobile', 'P-7', "'=1+1", '',
    ]);
    const bare = layout.row({ ...contact, zip: undefined, state: undefined, surveyAnswers: {}, tags: [] } as Contact, { optedOut: false });
    expect(bare.slice(3, 5)).toEqual(['', '']);
    expect(bare[7]).toBe('');
    expect(bare.slice(8, 15)).toEqual(['', '', '', '', 'false', '', '']);
  });
});

describe('messageExportRow', () => {
  it('one cell per header column; body guarded; dates as ISO', () => {
    const message: Message = {
      id: 'm1', orgId: 'o1', campaignId: 'k1', contactId: 'c1', conversationId: 'v1', direction: 'inbound', kind: 'inbound',
      voterPhone: '+13055550143', body: '@everyone STOP', segments: 1, encoding: 'GSM-7', status: 'received', history: [], attempts: 0,
      createdAt: at, updatedAt: at,
    };
    const row = messageExportRow(message);
    expect(row).toHaveLength(MESSAGE_EXPORT_HEADER.length);
    expect(Object.fromEntries(MESSAGE_EXPORT_HEADER.map((h, i) => [h, row[i]]))).toMatchObject({
      created_at: '2026-03-02T15:00:00.000Z', direction: 'inbound', body: "'@everyone STOP", sent_by: '', pressed_at: '', segments: '1',
    });
    expect(messageExportRow({ ...message, sentBy: 'u9' }, 'Bob')[8]).toBe('Bob');
    expect(messageExportRow({ ...message, sentBy: 'u9' })[8]).toBe('u9');
  });
});

describe('csvSafe', () => {
  it.each([
    ['=SUM(A1)', "'=SUM(A1)"], ['+1', "'+1"], ['-2', "'-2"], ['@x', "'@x"], ['\tx', "'\tx"], ['José', 'José'], ['', ''], ['a=b', 'a=b'],
  ])('%j -> %j', (input, output) => {
    expect(csvSafe(input)).toBe(output);
  });
});
