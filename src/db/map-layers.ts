import { newId } from '../core/ids';
import type { AsharDb, MapLayer } from './database';

/** Largest overlay accepted: a rayon's community boundaries are well under this. */
export const MAX_LAYER_BYTES = 20 * 1024 * 1024;

/** A tile archive for an area is bigger: a rayon at street zoom is some tens of MB. */
export const MAX_TILES_BYTES = 200 * 1024 * 1024;

export class BadLayerFile extends Error {
  constructor(readonly reason: 'too_large' | 'not_json' | 'not_geojson' | 'empty' | 'bad_coordinates' | 'not_pmtiles' | 'vector_tiles') {
    super(reason);
  }
}

const GEOMETRY_TYPES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection']);

/** Every position in a geometry is [longitude, latitude] within range. */
function positionsValid(geometry: { type?: unknown; coordinates?: unknown; geometries?: unknown }): boolean {
  if (geometry.type === 'GeometryCollection') return Array.isArray(geometry.geometries) && geometry.geometries.every((g) => positionsValid(g as never));
  const walk = (value: unknown): boolean => {
    if (!Array.isArray(value)) return false;
    if (typeof value[0] === 'number') {
      const [lng, lat] = value as number[];
      return Number.isFinite(lng) && Number.isFinite(lat) && Math.abs(lng!) <= 180 && Math.abs(lat!) <= 90;
    }
    return value.every(walk);
  };
  return walk(geometry.coordinates);
}

/**
 * Checks a GeoJSON file (a FeatureCollection, a Feature or a bare geometry) and keeps it on the
 * phone as a map layer. A file that is not valid GeoJSON with sane coordinates is refused whole.
 */
export async function importGeoJsonLayer(db: AsharDb, name: string, text: string): Promise<MapLayer> {
  if (text.length > MAX_LAYER_BYTES) throw new BadLayerFile('too_large');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new BadLayerFile('not_json');
  }
  const root = parsed as { type?: unknown; features?: unknown; geometry?: unknown };
  const features =
    root.type === 'FeatureCollection' && Array.isArray(root.features)
      ? (root.features as { type?: unknown; geometry?: unknown }[])
      : root.type === 'Feature'
        ? [root]
        : typeof root.type === 'string' && GEOMETRY_TYPES.has(root.type)
          ? [{ type: 'Feature', geometry: root }]
          : null;
  if (!features) throw new BadLayerFile('not_geojson');
  if (features.length === 0) throw new BadLayerFile('empty');
  for (const item of features) {
    const geometry = item.geometry as { type?: unknown } | null | undefined;
    if (item.type !== 'Feature' || (geometry !== null && (typeof geometry?.type !== 'string' || !GEOMETRY_TYPES.has(geometry.type))))
      throw new BadLayerFile('not_geojson');
    if (geometry && !positionsValid(geometry)) throw new BadLayerFile('bad_coordinates');
  }
  const layer: MapLayer = {
    id: newId(),
    name: name.replace(/\.(geo)?json$/i, '').slice(0, 100) || 'GeoJSON',
    kind: 'geojson',
    data: { type: 'FeatureCollection', features },
    featureCount: features.length,
    addedAt: new Date().toISOString(),
    visible: true,
  };
  await db.mapLayers.put(layer);
  return layer;
}

/** PMTiles tile types Leaflet can show as pictures: PNG, JPEG, WebP. */
const RASTER_TILE_TYPES = new Set([2, 3, 4]);

/**
 * Keeps a PMTiles archive of raster map tiles for an area on the phone (e.g. a rayon made with a
 * desktop tool), read tile by tile from IndexedDB when the map needs it, with no network.
 */
export async function importPmtilesLayer(db: AsharDb, name: string, file: Blob): Promise<MapLayer> {
  if (file.size > MAX_TILES_BYTES) throw new BadLayerFile('too_large');
  const { PMTiles } = await import('pmtiles');
  const archive = new PMTiles(blobSource(file, name));
  let header: Awaited<ReturnType<typeof archive.getHeader>>;
  try {
    header = await archive.getHeader();
  } catch {
    throw new BadLayerFile('not_pmtiles');
  }
  if (!RASTER_TILE_TYPES.has(header.tileType)) throw new BadLayerFile('vector_tiles');
  const layer: MapLayer = {
    id: newId(),
    name: name.replace(/\.pmtiles$/i, '').slice(0, 100) || 'PMTiles',
    kind: 'pmtiles',
    data: file,
    featureCount: header.numAddressedTiles,
    addedAt: new Date().toISOString(),
    visible: true,
    tiles: {
      minZoom: header.minZoom,
      maxZoom: header.maxZoom,
      bounds: [header.minLon, header.minLat, header.maxLon, header.maxLat],
      tileType: header.tileType,
    },
  };
  await db.mapLayers.put(layer);
  return layer;
}

/** Reads byte ranges of a stored Blob for the PMTiles reader. */
export function blobSource(blob: Blob, key: string) {
  return {
    getKey: () => key,
    getBytes: async (offset: number, length: number) => ({ data: await blob.slice(offset, offset + length).arrayBuffer() }),
  };
}
