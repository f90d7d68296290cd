// The Segment as one MongoDB query document (runs without a mongod; the store contract runs the
// same segments against a real one when MONGODB_URI is set): org and campaigns first (the
// (orgId, campaignId, ...) index prefix), anchored ZIP prefixes, `$nin` for "not" so a missing
// custom field counts as not equal (as the matcher says), excluded statuses always out.
import { describe, expect, it } from 'vitest';
import { segmentMatchQuery, segmentQuery } from '../../../src/adapters/mongo/segment-query.js';

describe('segment query document', () => {
  it('translates every filter', () => {
    const before = new Date('2026-11-01T00:00:00Z');
    const q = segmentMatchQuery('org1', ['c1', 'c2', 'c1'], {
      replied: true, clicked: false, delivered: false, errorCodes: ['30003'], langs: ['es'], states: ['FL'], zipPrefixes: ['331'],
      intents: ['yes'], tags: ['t1'], answers: [{ questionId: 'q1', answerIds: ['a1', 'a2'] }],
      fields: [{ name: 'county', op: 'ne', values: ['Dade'] }, { name: 'ward', op: 'in', values: ['1', '2'] }], messagedBefore: before,
    });
    expect(q).toEqual({
      orgId: 'org1', campaignId: { $in: ['c1', 'c2'] },
      repliedAt: { $exists: true }, linkClickedAt: { $exists: false }, initialStatus: { $in: ['undelivered', 'failed'] },
      initialErrorCode: { $in: ['30003'] }, language: { $in: ['es'] }, state: { $in: ['FL'] }, zip: { $in: [/^331/] },
      replyIntent: { $in: ['yes'] }, tags: { $in: ['t1'] }, 'surveyAnswers.q1': { $in: ['a1', 'a2'] },
      $and: [{ 'customFields.county': { $nin: ['Dade'] } }, { 'customFields.ward': { $in: ['1', '2'] } }],
      messagedAt: { $lt: before },
    });
  });

  it('the segment itself never includes opted-out, invalid or landline contacts', () => {
    expect(segmentQuery('o', ['c'], {})).toMatchObject({ status: { $nin: ['opted_out', 'invalid', 'landline'] } });
    expect(segmentQuery('o', ['c'], { statuses: ['replied'] })).toMatchObject({ status: { $in: ['replied'] } });
  });

  it('refuses a key that would address another path', () => {
    expect(() => segmentMatchQuery('o', ['c'], { answers: [{ questionId: 'a.b', answerIds: ['x'] }] })).toThrow();
    expect(() => segmentMatchQuery('o', ['c'], { fields: [{ name: '$where', op: 'eq', values: ['x'] }] })).toThrow();
  });
});
