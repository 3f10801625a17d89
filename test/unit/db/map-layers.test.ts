import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AsharDb } from '../../../src/db/database';
import { BadLayerFile, blobSource, importGeoJsonLayer, importPmtilesLayer } from '../../../src/db/map-layers';

let db: AsharDb;
let counter = 0;
beforeEach(async () => {
  counter += 1;
  db = new AsharDb(`layers-${counter}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

const boundary = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { name: 'Ак-Сай' },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [70.8, 40.0],
            [70.9, 40.0],
            [70.9, 40.1],
            [70.8, 40.0],
          ],
        ],
      },
    },
  ],
};

describe('map layers', () => {
  it('keeps a valid GeoJSON file on the phone', async () => {
    const layer = await importGeoJsonLayer(db, 'boundaries.geojson', JSON.stringify(boundary));
    expect(layer).toMatchObject({ name: 'boundaries', featureCount: 1, visible: true });
    expect(await db.mapLayers.count()).toBe(1);
  });

  it('refuses damaged, foreign or out-of-range files whole, storing nothing', async () => {
    const cases: [string, string][] = [
      ['{"type":"FeatureCollection","features":[', 'not_json'],
      ['{"hello":"world"}', 'not_geojson'],
      ['{"type":"FeatureCollection","features":[]}', 'empty'],
      [JSON.stringify({ ...boundary, features: [{ ...boundary.features[0], geometry: { type: 'Point', coordinates: [200, 40] } }] }), 'bad_coordinates'],
      // A number too large for JavaScript (parsed as Infinity).
      ['{"type":"Feature","geometry":{"type":"Point","coordinates":[1e400,40]}}', 'bad_coordinates'],
      [JSON.stringify({ ...boundary, features: [{ type: 'Feature', geometry: { type: 'Circle', coordinates: [70, 40] } }] }), 'not_geojson'],
    ];
    for (const [text, reason] of cases) {
      await expect(importGeoJsonLayer(db, 'x.geojson', text), text.slice(0, 40)).rejects.toEqual(new BadLayerFile(reason as never));
    }
    expect(await db.mapLayers.count()).toBe(0);
  });
});

describe('PMTiles layers', () => {
  // A 1×1 PNG.
  const png = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));

  it('keeps a raster archive, with its zoom range and tile count, and reads its tiles back', async () => {
    const { pmtilesArchive } = await import('../../pmtiles-fixture');
    const file = new Blob([pmtilesArchive(png)]);
    const layer = await importPmtilesLayer(db, 'rayon.pmtiles', file);
    expect(layer).toMatchObject({ name: 'rayon', kind: 'pmtiles', featureCount: 1, tiles: { minZoom: 0, maxZoom: 0, tileType: 2 } });
    const { PMTiles } = await import('pmtiles');
    expect(await db.mapLayers.count()).toBe(1);
    // (fake-indexeddb does not give Blobs back; the browser test reads the stored one.)
    const tile = await new PMTiles(blobSource(file, 'x')).getZxy(0, 0, 0);
    expect(new Uint8Array(tile!.data)).toEqual(png);
  });

  it('refuses a file that is not PMTiles, and vector tiles it cannot draw', async () => {
    const { pmtilesArchive } = await import('../../pmtiles-fixture');
    await expect(importPmtilesLayer(db, 'x.pmtiles', new Blob(['not a tile archive at all, just text'.repeat(10)]))).rejects.toEqual(
      new BadLayerFile('not_pmtiles'),
    );
    await expect(importPmtilesLayer(db, 'x.pmtiles', new Blob([pmtilesArchive(png, 1)]))).rejects.toEqual(new BadLayerFile('vector_tiles'));
    expect(await db.mapLayers.count()).toBe(0);
  });
});
