import { describe, expect, it } from 'vitest';
import adminUnits from '../../../src/core/data/admin-units.json';
import { readCsv } from '../../../src/core/csv';
import { findRayon, foldName, pcodeToCoate, readCommunityRows } from '../../../src/core/gazetteer';
import type { AdminUnit } from '../../../src/core/model';

const units = adminUnits as AdminUnit[];

describe('shipped admin units', () => {
  it('hold the 7 oblasts, the 2 cities and the 40 rayons with names in three languages', () => {
    expect(units.filter((u) => u.level === 'oblast')).toHaveLength(7);
    expect(units.filter((u) => u.level === 'city').map((u) => u.name.en)).toEqual(['Bishkek (city)', 'Osh (city)']);
    expect(units.filter((u) => u.level === 'rayon')).toHaveLength(40);
    for (const unit of units) {
      expect(unit.code).toMatch(/^417\d{11}$/);
      expect(unit.name.ky && unit.name.ru && unit.name.en).toBeTruthy();
      if (unit.level === 'rayon') expect(units.some((o) => o.code === unit.parentCode && o.level === 'oblast')).toBe(true);
    }
  });
});

describe('P-codes', () => {
  it('map to COATE codes, short or full', () => {
    expect(pcodeToCoate('KG06255000000')).toBe('41706255000000');
    expect(pcodeToCoate('KG06255')).toBe('41706255000000');
    expect(pcodeToCoate('kg05')).toBe('41705000000000');
    expect(pcodeToCoate('06255')).toBeNull();
    expect(pcodeToCoate('KG06255000000123')).toBeNull();
  });

  it('find a rayon by code or by a name in any language, with or without Kyrgyz letters', () => {
    expect(findRayon(units, { pcode: 'KG06255' })?.name.en).toBe('Özgön District');
    expect(findRayon(units, { nameKy: 'Кара-Кулжа району' })?.code).toBe('41706246000000');
    expect(findRayon(units, { nameRu: 'Каракулжинский район' })?.code).toBe('41706246000000');
    expect(findRayon(units, { nameEn: 'Atlantis District' })).toBeNull();
    expect(findRayon(units, { nameKy: 'Жети-Огуз району' })?.name.en).toBe('Jeti-Ögüz District');
    expect(foldName('Чоң-Алай району')).toBe(foldName('Чон Алай'));
  });
});

const HEADER = 'ADM0_EN,ADM1_EN,ADM1_KY,ADM1_RU,ADM1_PCODE,ADM2_EN,ADM2_KY,ADM2_RU,ADM2_PCODE,ADM3_EN,ADM3_KY,ADM3_RU,ADM3_PCODE';

describe('reading a COD-AB admin-3 table', () => {
  it('imports good rows and reports each bad row with its line number', () => {
    const csv = [
      HEADER,
      'Kyrgyzstan,Batken,Баткен,Баткенская,KG05,Batken,Баткен,Баткенский,KG05214,Ak-Sai,Ак-Сай,Ак-Сай,KG05214000001',
      'Kyrgyzstan,Batken,Баткен,Баткенская,KG05,Batken,Баткен,Баткенский,KG05214,"Kara-Bak, upper",Кара-Бак,Кара-Бак,KG05214000002',
      'Kyrgyzstan,Batken,Баткен,Баткенская,KG05,Batken,Баткен,Баткенский,KG05214,No code,Коду жок,Без кода,',
      'Kyrgyzstan,Batken,Баткен,Баткенская,KG05,Nowhere,Жок,Нет,KG05999,Lost,Жоголгон,Потерянный,KG05999000001',
      'Kyrgyzstan,Batken,Баткен,Баткенская,KG05,Batken,Баткен,Баткенский,KG05214,Ak-Sai again,Ак-Сай,Ак-Сай,KG05214000001',
      'Kyrgyzstan,Batken,Баткен,Баткенская,KG05,Batken,Баткен,Баткенский,KG05214,Bad,Жаман,Плохой,XX1',
      'Kyrgyzstan,Osh,Ош,Ошская,KG06,Batken,Баткен,Баткенский,KG05214,Misplaced,Адашкан,Не тот,KG06255000009',
      'Kyrgyzstan,Batken,Баткен,Баткенская,KG05,Batken,Баткен,Баткенский,KG05214,,,,KG05214000003',
    ].join('\n');
    const { rows } = readCsv(csv);
    const { communities, problems } = readCommunityRows(rows, units);
    expect(communities.map((c) => [c.line, c.code, c.rayonCode])).toEqual([
      [2, 'KG05214000001', '41705214000000'],
      [3, 'KG05214000002', '41705214000000'],
    ]);
    expect(communities[1]!.name.en).toBe('Kara-Bak, upper');
    expect(problems.map((p) => [p.line, p.reason])).toEqual([
      [4, 'missing_pcode'],
      [5, 'unknown_rayon'],
      [6, 'duplicate'],
      [7, 'bad_pcode'],
      [8, 'outside_rayon'],
      [9, 'missing_name'],
    ]);
  });

  it('counts lines across quoted cells that span lines, and drops an Excel BOM', () => {
    const { header, rows } = readCsv('\uFEFFa;b\r\n"one\ntwo";2\r\n\r\n3;4\r\n');
    expect(header).toEqual(['A', 'B']);
    expect(rows.map((row) => row.line)).toEqual([2, 5]);
    expect(rows[0]!.cells.A).toBe('one\ntwo');
  });
});
