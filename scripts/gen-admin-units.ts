// Regenerates src/core/data/admin-units.json from the team's sourced CSV of oblasts, cities and
// rayons (docs/kg-admin-units.csv, a copy of the team's shared data). The JSON is committed so that the
// app and CI never depend on files outside the repository.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Papa from 'papaparse';

interface CsvRow {
  level: string;
  code: string;
  parent_code: string;
  name_en: string;
  name_ky: string;
  name_ru: string;
  admin_centre_en: string;
  lat: string;
  lng: string;
}

const source = resolve(process.argv[2] ?? 'docs/kg-admin-units.csv');
const parsed = Papa.parse<CsvRow>(readFileSync(source, 'utf8'), { header: true, skipEmptyLines: true });
if (parsed.errors.length > 0) throw new Error(JSON.stringify(parsed.errors));

const units = parsed.data
  .filter((row) => row.level !== 'country')
  .map((row) => ({
    code: row.code,
    level: row.level === 'rayon' ? 'rayon' : row.level === 'oblast' ? 'oblast' : 'city',
    parentCode: row.level === 'rayon' ? row.parent_code : null,
    name: { ky: row.name_ky, ru: row.name_ru, en: row.name_en },
    centre: row.admin_centre_en || null,
    lat: row.lat ? Number(row.lat) : null,
    lng: row.lng ? Number(row.lng) : null,
  }));

const target = resolve('src/core/data/admin-units.json');
writeFileSync(target, JSON.stringify(units, null, 1) + '\n');
console.log(`wrote ${units.length} units to ${target}`);
