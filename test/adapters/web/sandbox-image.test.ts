// A PNG file reply (the `/textbank stats` chart) shows inline in the sandbox: the message the
// acting member sees carries the file with its alt text, the page draws an <img> for it, and
// the file route serves it as image/png. A CSV file reply (exports) stays a download link.
import { afterEach, describe, expect, it } from 'vitest';
import { createChartRenderer } from '../../../src/adapters/charts/index.js';
import type { SandboxState } from '../../../src/adapters/web/state.js';
import { apiHarness, type ApiHarness } from './support.js';
import { readFileSync } from 'node:fs';
import { ASSETS_DIR } from '../../../src/adapters/web/assets.js';
import { join } from 'node:path';

let h: ApiHarness;
afterEach(async () => {
  await h?.app.close();
});

const view = (text: string) => ({ text, blocks: [{ type: 'section' as const, text }] });
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

async function state(memberId: string): Promise<SandboxState> {
  const res = await h.app.inject({ method: 'GET', url: '/sandbox/api/state', query: { memberId, channelId: 'campaign' } });
  expect(res.statusCode).toBe(200);
  return res.json() as SandboxState;
}

describe('sandbox file replies', () => {
  it('shows a PNG chart inline to the member who asked, with its alt text, served as image/png', async () => {
    h = await apiHarness();
    const png = await createChartRenderer().statsPng({
      lang: 'en', title: 'GOTV: campaign chart', alt: 'Chart for GOTV: texts sent and replies per hour',
      hourly: { title: 'Per hour', empty: 'No texts sent yet', hours: [], sent: { label: 'Sent', values: [] }, replies: { label: 'Replies', values: [] } },
      rates: { title: 'Rates', percent: true, bars: [{ label: 'Reply rate', value: 0, display: '0%' }] },
      survey: [],
    });
    h.answer(() => [
      { kind: 'ephemeral', view: view('Stats text') },
      { kind: 'file', file: { name: 'stats-gotv.png', content: png, title: 'Chart for GOTV: texts sent and replies per hour' }, view: view('Stats chart for GOTV') },
    ]);
    const res = await h.app.inject({ method: 'POST', url: '/sandbox/api/command', payload: { memberId: 'U-olivia', channelId: 'campaign', text: '/textbank stats gotv' } });
    expect(res.statusCode).toBe(200);
    const mine = (await state('U-olivia')).messages.find((m) => m.files.length > 0);
    expect(mine?.ephemeral).toBe(true);
    expect(mine?.html).toContain('Stats chart for GOTV');
    expect(mine?.files[0]).toMatchObject({ name: 'stats-gotv.png', imageAlt: 'Chart for GOTV: texts sent and replies per hour' });
    expect((await state('U-val')).messages.some((m) => m.files.length > 0)).toBe(false);

    const img = await h.app.inject({ method: 'GET', url: mine!.files[0]!.url });
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/png');
    expect(img.rawPayload.subarray(0, 8).equals(PNG_MAGIC)).toBe(true);
  });

  it('keeps other files (CSV exports) as download links without an image', async () => {
    h = await apiHarness();
    h.answer(() => [{ kind: 'file', file: { name: 'contacts.csv', content: 'phone\n' }, view: view('Your export') }]);
    await h.app.inject({ method: 'POST', url: '/sandbox/api/command', payload: { memberId: 'U-olivia', channelId: 'campaign', text: '/textbank export gotv' } });
    const mine = (await state('U-olivia')).messages.find((m) => m.files.length > 0);
    expect(mine?.files[0]?.name).toBe('contacts.csv');
    expect(mine?.files[0]?.imageAlt).toBeUndefined();
  });

  it('the page script draws an <img> with the alt text for image files (the browser test sees it on stats)', () => {
    const js = readFileSync(join(ASSETS_DIR, 'sandbox.js'), 'utf8');
    expect(js).toMatch(/if \(f\.imageAlt\) \{[\s\S]*el\('img', 'file-image'\)[\s\S]*img\.alt = f\.imageAlt;/);
  });
});
