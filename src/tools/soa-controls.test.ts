import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { attributeLabels, controlById, controls, mapping2013, themes } from './soa-controls.ts';

describe('ISO/IEC 27001:2022 Annex A controls', () => {
  it('has 93 controls: 37 organizational, 8 people, 14 physical, 34 technological, numbered without gaps', () => {
    assert.equal(controls.length, 93);
    const counts = Object.fromEntries(themes.map((t) => [t.id, controls.filter((c) => c.theme === t.id).length]));
    assert.deepEqual(counts, { '5': 37, '6': 8, '7': 14, '8': 34 });
    for (const t of themes) {
      const ids = controls.filter((c) => c.theme === t.id).map((c) => c.id);
      assert.deepEqual(
        ids,
        ids.map((_, i) => `${t.id}.${i + 1}`),
      );
    }
  });

  it('gives every control both titles and all five attributes, each value with a Japanese name', () => {
    for (const c of controls) {
      assert.ok(c.title.ja && c.title.en, c.id);
      for (const values of Object.values(c.attributes)) {
        assert.ok(values.length > 0, c.id);
        for (const v of values) assert.ok(attributeLabels[v], `${c.id} ${v}`);
      }
    }
    assert.equal(controlById.get('5.7')?.title.en, 'Threat intelligence');
    assert.deepEqual(controlById.get('8.13')?.attributes.controlType, ['Corrective']);
  });

  it('maps the 114 controls of 2013 onto the 2022 set; the 11 controls new in 2022 are the ones nothing maps to', () => {
    assert.equal(mapping2013.length, 114);
    assert.equal(new Set(mapping2013.map((m) => m.from)).size, 114);
    for (const m of mapping2013) for (const to of m.to) assert.ok(controlById.has(to), `${m.from} → ${to}`);
    assert.deepEqual(
      controls.filter((c) => c.isNew).map((c) => c.id),
      ['5.7', '5.23', '5.30', '7.4', '8.9', '8.10', '8.11', '8.12', '8.16', '8.23', '8.28'],
    );
  });
});
