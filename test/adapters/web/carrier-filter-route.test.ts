// The sandbox API's carrier-filtering route (fastify inject): zod-checked, localized answers, the
// page's state says how many texts are left, and without a simulated carrier there is no control.
import { describe, expect, it } from 'vitest';
import { apiHarness } from './support.js';

function fakeCarrier() {
  let left = 0;
  return { filterNext: (n: number) => void (left = n), filtering: () => left };
}

describe('sandbox carrier filtering route', () => {
  it('turns filtering on and off, answers in the asked language and shows in the state', async () => {
    const carrier = fakeCarrier();
    const h = await apiHarness({ carrierFilter: carrier });
    const on = await h.app.inject({ method: 'POST', url: '/sandbox/api/carrier-filter', payload: { texts: 10 } });
    expect(on.statusCode).toBe(200);
    expect(on.json()).toEqual({ ok: true, left: 10, message: 'The simulated carrier will filter the next 10 texts (error 30007).' });
    const state = await h.app.inject({ method: 'GET', url: '/sandbox/api/state?memberId=U-olivia' });
    expect(state.json()).toMatchObject({ carrierFilterLeft: 10 });
    const off = await h.app.inject({ method: 'POST', url: '/sandbox/api/carrier-filter', payload: { texts: 0, lang: 'es' } });
    expect(off.json()).toEqual({ ok: true, left: 0, message: 'El filtrado del operador está desactivado: los textos se entregan de nuevo.' });
    expect(carrier.filtering()).toBe(0);
  });

  it('refuses bad counts and unknown fields, and answers 404 without a simulated carrier', async () => {
    const carrier = fakeCarrier();
    const h = await apiHarness({ carrierFilter: carrier });
    for (const payload of [{ texts: 501 }, { texts: 1.5 }, { texts: '10' }, { texts: 10, extra: true }]) {
      const res = await h.app.inject({ method: 'POST', url: '/sandbox/api/carrier-filter', payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
    expect(carrier.filtering()).toBe(0);
    const none = await apiHarness();
    const res = await none.app.inject({ method: 'POST', url: '/sandbox/api/carrier-filter', payload: { texts: 10 } });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: 'noCarrierFilter', message: 'Carrier filtering can only be simulated with the simulated carrier.' });
    const state = await none.app.inject({ method: 'GET', url: '/sandbox/api/state?memberId=U-olivia' });
    expect(state.json()).toMatchObject({ carrierFilterLeft: null });
  });
});
