import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { validateResidentId } from '../../domain/identity/resident-id';
import { validateUscc } from '../../domain/identity/uscc';
import { captureC, CAPTURES_C } from './camera-c';
import { closeRenderer } from './chromium-c';
import { capital } from './people';
import { ALL_GROUPS } from './people-c';
import { cardHtmlC, cardTruthC, licenceHtmlC, licenceTruthC } from './variant-c';
import { mulberry32 } from '../../domain/random';

const today = new Date('2026-12-07T00:00:00Z');
const seeds = Array.from({ length: 300 }, (_, i) => 200_000 + i * 7);

describe('evaluation variant C: truth', () => {
  it('is the same for the same seed and differs between seeds', () => {
    expect(cardTruthC(200_001, today)).toEqual(cardTruthC(200_001, today));
    expect(licenceTruthC(200_001, today)).toEqual(licenceTruthC(200_001, today));
    expect(cardHtmlC(200_001, cardTruthC(200_001, today))).toEqual(cardHtmlC(200_001, cardTruthC(200_001, today)));
    expect(licenceHtmlC(200_001, licenceTruthC(200_001, today))).toBe(licenceHtmlC(200_001, licenceTruthC(200_001, today)));
    const names = new Set(seeds.map((s) => cardTruthC(s, today).idNumber));
    expect(names.size).toBe(seeds.length);
  });

  it('draws resident ID numbers the product accepts, matching the card (birth date, sex, region), on cards valid today', () => {
    for (const s of seeds) {
      const p = cardTruthC(s, today);
      const id = validateResidentId(p.idNumber, today);
      expect(id, `${s} ${p.idNumber}`).toMatchObject({ ok: true, birthDate: p.birthDate, sex: p.sex === '男' ? 'male' : 'female' });
      expect(p.address.startsWith((id as { region: readonly string[] }).region[0]!)).toBe(true);
      expect(ALL_GROUPS).toContain(p.ethnicity);
      expect(p.validFrom <= today.toISOString().slice(0, 10)).toBe(true);
      expect(p.validUntil === '长期' || p.validUntil > today.toISOString().slice(0, 10)).toBe(true);
      expect(p.validFrom > p.birthDate).toBe(true);
      expect(p.issuingAuthority).toMatch(/公安局(.+分局)?$/);
    }
    expect(new Set(ALL_GROUPS).size).toBe(56);
  });

  it('draws credit codes whose check character the product computes the same way', () => {
    for (const s of seeds) {
      const c = licenceTruthC(s, today);
      expect(validateUscc(c.uscc), c.uscc).toMatchObject({ ok: true, warnings: [] });
      expect(c.registeredCapital).toMatch(/^[零壹贰叁肆伍陆柒捌玖拾佰仟]+万元整?$/);
      expect(c.establishedDate < today.toISOString().slice(0, 10)).toBe(true);
    }
    expect([capital(1050), capital(308), capital(50), capital(5000)]).toEqual(['壹仟零伍拾', '叁佰零捌', '伍拾', '伍仟']);
  });
});

describe('evaluation variant C: pictures', () => {
  afterAll(closeRenderer);

  // Twelve renders in Chromium and their camera work: 36 s beside a CI run's browser tests, over 60 s at load 23 (CI beside four
  // OCR benches), so the budget is the work's, not vitest's default.
  it('draws the same bytes for the same seed, each capture at its size', { timeout: 180_000 }, async () => {
    const html = cardHtmlC(200_003, cardTruthC(200_003, today)).front;
    for (const how of CAPTURES_C) {
      const [a, b] = [await captureC(html, 'card', how, mulberry32(9)), await captureC(html, 'card', how, mulberry32(9))];
      expect(a.equals(b), how).toBe(true);
      const meta = await sharp(a).metadata();
      expect(meta.format).toBe('jpeg');
      if (how === 'scan-c') expect(meta.width).toBeGreaterThan(1000);
      else expect([meta.width, meta.height]).toEqual(how === 'phone-c' ? [1920, 1440] : [1600, 1200]);
    }
  });
});
