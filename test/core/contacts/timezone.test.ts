import { describe, expect, it } from 'vitest';
import { AREA_CODE_ZONES, normalizeZip, resolveTimezones, stateForZip } from '../../../src/core/rules.js';

describe('normalizeZip', () => {
  it.each([
    ['46201', '46201'],
    ['46201-1234', '46201'],
    ['462011234', '46201'],
    ['2134', '02134'], // leading zero lost by a spreadsheet
    ['2134-0001', '02134'],
    ['501', '00501'],
    ['02134.0', '02134'],
    [' "85001" ', '85001'],
    ['ABCDE', undefined],
    ['', undefined],
    [null, undefined],
  ])('GIVEN %j THEN the ZIP is %s', (zip, expected) => {
    expect(normalizeZip(zip)).toBe(expected);
  });
});

describe('stateForZip (R2.4e)', () => {
  it.each([
    ['02134', 'MA'], ['10001', 'NY'], ['20500', 'DC'], ['33101', 'FL'], ['46201', 'IN'], ['73101', 'OK'],
    ['75201', 'TX'], ['85001', 'AZ'], ['83702', 'ID'], ['97201', 'OR'], ['98101', 'WA'], ['99501', 'AK'],
    ['00901', 'PR'], ['21201', 'MD'], ['09001', undefined],
  ])('GIVEN ZIP %s THEN the state is %s', (zip, state) => {
    expect(stateForZip(zip)).toBe(state);
  });
});

describe('resolveTimezones (R2.4)', () => {
  it('R2.4a GIVEN a ZIP THEN the ZIP zone wins over the area code, both states reported', () => {
    expect(resolveTimezones({ phone: '+12025550143', zip: '46201-1234' })).toEqual({
      zones: ['America/Indiana/Indianapolis'],
      source: 'zip',
      areaCodeState: 'DC',
      zipState: 'IN',
    });
  });

  it('R2.4a GIVEN a ZIP missing its leading zero THEN it still resolves', () => {
    expect(resolveTimezones({ phone: '+16175550100', zip: '2134' })).toMatchObject({ zones: ['America/New_York'], source: 'zip', zipState: 'MA' });
  });

  it('R2.4a GIVEN an Arizona ZIP THEN America/Phoenix (no DST)', () => {
    expect(resolveTimezones({ phone: '+16025550100', zip: '85001' }).zones).toEqual(['America/Phoenix']);
  });

  it.each([
    ['47708', ['America/Indiana/Indianapolis', 'America/Chicago']], // Evansville is Central; the 2016 data says Eastern
    ['46320', ['America/Indiana/Indianapolis', 'America/Chicago']], // Hammond
    ['42001', ['America/Kentucky/Louisville', 'America/Chicago']], // Paducah
    ['97914', ['America/Los_Angeles', 'America/Boise']], // Ontario, OR
    ['46201', ['America/Indiana/Indianapolis']],
  ])('R2.4a/c GIVEN ZIP %s near a zone line THEN the candidate zones are %j', (zip, zones) => {
    expect(resolveTimezones({ phone: '+12025550143', zip }).zones).toEqual(zones);
  });

  it('R2.4b GIVEN no ZIP THEN the area code zones are used', () => {
    expect(resolveTimezones({ phone: '+12085550100' })).toEqual({
      zones: ['America/Boise', 'America/Los_Angeles'],
      source: 'area_code',
      areaCodeState: 'ID',
    });
  });

  it('R2.4b GIVEN an unknown ZIP THEN it falls back to the area code, voter-file state kept', () => {
    expect(resolveTimezones({ phone: '+18505550100', zip: '00000', state: 'fl' })).toEqual({
      zones: ['America/New_York', 'America/Chicago'],
      source: 'area_code',
      areaCodeState: 'FL',
      zipState: 'FL',
    });
  });

  it('R2.4c GIVEN a non-geographic number and no ZIP THEN no zones', () => {
    expect(resolveTimezones({ phone: '+15005550100' })).toEqual({ zones: [], source: 'none' });
    expect(resolveTimezones({ phone: '+442071838750', state: 'TX' })).toEqual({ zones: [], source: 'none', zipState: 'TX' });
  });

  it.each([
    ['850', 'FL', ['America/Chicago', 'America/New_York']], // Florida panhandle
    ['812', 'IN', ['America/Chicago', 'America/New_York']],
    ['219', 'IN', ['America/Chicago']],
    ['317', 'IN', ['America/New_York']],
    ['423', 'TN', ['America/Chicago', 'America/New_York']],
    ['270', 'KY', ['America/Chicago', 'America/New_York']],
    ['606', 'KY', ['America/Chicago', 'America/New_York']],
    ['208', 'ID', ['America/Boise', 'America/Los_Angeles']],
    ['541', 'OR', ['America/Boise', 'America/Los_Angeles']],
    ['915', 'TX', ['America/Denver']],
    ['480', 'AZ', ['America/Phoenix']],
    ['520', 'AZ', ['America/Phoenix']],
    ['602', 'AZ', ['America/Phoenix']],
    ['623', 'AZ', ['America/Phoenix']],
    ['928', 'AZ', ['America/Phoenix']],
    ['308', 'NE', ['America/Chicago', 'America/Denver']],
    ['620', 'KS', ['America/Chicago', 'America/Denver']],
    ['785', 'KS', ['America/Chicago', 'America/Denver']],
    ['605', 'SD', ['America/Chicago', 'America/Denver']],
    ['701', 'ND', ['America/Chicago', 'America/Denver']],
    ['906', 'MI', ['America/Chicago', 'America/New_York']],
    ['808', 'HI', ['Pacific/Honolulu']],
    ['907', 'AK', ['America/Anchorage']],
  ])('R2.4b area code %s (%s) lists at least the zones %j', (npa, state, zones) => {
    const info = AREA_CODE_ZONES[npa];
    expect(info?.state).toBe(state);
    expect(info?.zones).toEqual(expect.arrayContaining(zones));
  });

  it('R2.4b the table covers every US state and DC, with only IANA America/Pacific zones', () => {
    const states = new Set(Object.values(AREA_CODE_ZONES).map((i) => i.state));
    expect(states.size).toBeGreaterThanOrEqual(51);
    expect(Object.keys(AREA_CODE_ZONES).length).toBeGreaterThan(330);
    for (const info of Object.values(AREA_CODE_ZONES)) {
      expect(info.zones.length).toBeGreaterThan(0);
      for (const z of info.zones) expect(z).toMatch(/^(America|Pacific)\//);
    }
    expect(AREA_CODE_ZONES['613']).toBeUndefined(); // Canada is not in the US table
    expect(AREA_CODE_ZONES['800']).toBeUndefined();
  });
});
