import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import Supercluster from 'supercluster';
import type { AdminUnit, AssetCategory, Language } from '../../core/model';
import { PMTiles } from 'pmtiles';
import type { MapLayer } from '../../db/database';
import { blobSource } from '../../db/map-layers';
import basemap from './kg-basemap.json';
import { placeLabel, type BasemapPlace } from './place-label';

// The assets map, without React: Leaflet draws it, Supercluster groups thousands of markers into
// clusters per zoom level, and only what is in view is drawn. With no network at all it still has
// a background: the country's outline, its settlements (named in the reader's language where a
// source gives the name), and oblast and rayon centres, shipped with the app. Online tiles are laid
// under the markers when the phone has a connection.

export interface MapAsset {
  id: string;
  name: string;
  category: AssetCategory;
  lat: number;
  lng: number;
}

export interface AssetMapOptions {
  element: HTMLElement;
  basemapAttribution: string;
  /** The reader's language: settlements are named in it where a source gives the name. */
  language: Language;
  /** Called when a single asset's marker is tapped. */
  onOpen: (id: string) => void;
  openLabel: string;
  /**
   * Where the map opens: around these places, zoomed in at most to `maxZoom`; the whole country when
   * there are none. Given at once, the map is laid out and drawn once, not once for the country and
   * again for the places.
   */
  firstView?: { places: readonly { lat: number; lng: number }[]; maxZoom: number };
}

const KYRGYZSTAN_BOUNDS = L.latLngBounds([39.1, 69.2], [43.3, 80.3]);
/** The closest the map zooms in when it fits a community's assets (a street or two). */
export const ASSETS_MAX_ZOOM = 15;
const PLACE_LABEL_PANE = 'placeLabels';
const BASEMAP_PANE = 'basemap';
/** A place's name starts 4 px right of it, its middle level with it (its height is 16 px: styles.css). */
const PLACE_LABEL_ANCHOR: L.PointExpression = [-4, 8];
/** Settlements by size (the list is sorted by population): the first five always named, then more from each zoom level. */
const LABEL_TIERS = [
  { first: 5, fromZoom: 0 },
  { first: 15, fromZoom: 8 },
  { first: 40, fromZoom: 9 },
  { first: Infinity, fromZoom: 10 },
];

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);
}

/** Where the online tiles come from, as the server says. */
export interface TileSource {
  url: string;
  attribution: string;
}

export class AssetMap {
  readonly map: L.Map;
  private readonly markers = L.layerGroup();
  /** The markers on the map by what they show, so a redraw keeps those unchanged (and an open popup with them). */
  private drawn = new Map<string, L.Marker>();
  private readonly overlays = L.layerGroup();
  /**
   * The background's few shapes (the country's outline, ~80 settlements) and the centres are SVG,
   * in panes of their own. Imported layers are drawn on a canvas (preferCanvas: they may have
   * thousands of shapes), but a canvas is a bitmap twice the map's size on a sharp screen, made anew
   * at each move and copied whole to the screen at each frame: 20-30 ms to open the map on a slow
   * phone (traced), for a handful of dots.
   */
  private readonly background = L.svg({ pane: BASEMAP_PANE });
  private readonly centres = L.svg();
  /** The background is drawn in a task after the map's set-up (each takes tens of ms on a slow phone). */
  private readonly basemapTimer: ReturnType<typeof setTimeout>;
  private readonly index = new Supercluster<{ id: string; name: string; category: AssetCategory }>({ radius: 56, maxZoom: 16 });
  private tiles: L.TileLayer | null = null;
  private tileSource: TileSource | null = null;
  private online = false;
  private fitted = false;

  constructor(private readonly options: AssetMapOptions) {
    this.map = L.map(options.element, { zoomControl: true, attributionControl: true, preferCanvas: true, maxBounds: KYRGYZSTAN_BOUNDS.pad(0.5), minZoom: 5 });
    const places = options.firstView?.places ?? [];
    if (places.length > 0) {
      this.fitted = true;
      this.fitPlaces(places, options.firstView!.maxZoom);
    } else this.map.fitBounds(KYRGYZSTAN_BOUNDS);
    this.map.attributionControl.setPrefix(false);
    this.basemapTimer = setTimeout(() => this.drawBasemap(), 0);
    this.overlays.addTo(this.map);
    this.markers.addTo(this.map);
    this.map.on('moveend zoomend', () => this.drawMarkers());
  }

  private drawBasemap(): void {
    // Under the imported layers (overlayPane: 400), over online tiles (200).
    this.map.createPane(BASEMAP_PANE).style.zIndex = '350';
    const outline = basemap.outline as number[][][][];
    L.polygon(
      outline.map((polygon) => polygon.map((ring) => ring.map(([lng, lat]) => [lat!, lng!] as [number, number]))),
      { color: '#0b5d52', weight: 2, fillColor: '#e3f1ee', fillOpacity: 0.5, interactive: false, renderer: this.background },
    ).addTo(this.map);
    // Names sit under the asset markers and clusters (marker pane: 600), never over them.
    this.map.createPane(PLACE_LABEL_PANE).style.zIndex = '550';
    const places = basemap.places as BasemapPlace[];
    const tiers = LABEL_TIERS.map(() => L.layerGroup());
    for (const [index, place] of places.entries()) {
      L.circleMarker([place.lat, place.lng], {
        radius: index < 10 ? 4 : 2.5,
        color: '#4d5856',
        weight: 1,
        fillOpacity: 0.8,
        interactive: false,
        renderer: this.background,
      }).addTo(this.map);
      const label = placeLabel(place, this.options.language);
      const content = document.createElement('span');
      content.textContent = label.text;
      content.lang = label.lang;
      const tier = LABEL_TIERS.findIndex((rank) => index < rank.first);
      // A marker holding the name, to the right of the place and centred on it (styles.css gives the
      // label its height), rather than a permanent tooltip: a tooltip measures itself each time the
      // map moves, and the map's first fit to the assets laid the page out once per name (~300 ms
      // in one task on a slow phone, traced).
      tiers[tier === -1 ? LABEL_TIERS.length - 1 : tier]!.addLayer(
        L.marker([place.lat, place.lng], {
          // iconSize null: sized by its text (Leaflet's own is 12 × 12).
          icon: L.divIcon({ className: 'map-place-label', html: content, iconSize: null as unknown as L.PointExpression, iconAnchor: PLACE_LABEL_ANCHOR }),
          interactive: false,
          keyboard: false,
          pane: PLACE_LABEL_PANE,
        }),
      );
    }
    // The largest towns are always named; smaller ones as the map zooms in, so names do not pile up.
    const showTiers = () => {
      const zoom = this.map.getZoom();
      LABEL_TIERS.forEach((rank, index) => (zoom >= rank.fromZoom ? tiers[index]!.addTo(this.map) : tiers[index]!.remove()));
    };
    showTiers();
    this.map.on('zoomend', showTiers);
    this.map.attributionControl.addAttribution(escapeHtml(this.options.basemapAttribution));
  }

  /** Oblast and rayon centres from the gazetteer on the phone, named in the reader's language. */
  showCentres(units: readonly AdminUnit[], nameOf: (unit: AdminUnit) => string): void {
    for (const unit of units) {
      if (unit.lat === null || unit.lng === null) continue;
      L.circleMarker([unit.lat, unit.lng], {
        radius: unit.level === 'rayon' ? 3 : 5,
        color: '#074238',
        weight: 2,
        fillColor: '#fff',
        fillOpacity: 1,
        interactive: false,
        renderer: this.centres,
      })
        .bindTooltip(escapeHtml(nameOf(unit)), { direction: 'top', className: 'map-centre-label' })
        .addTo(this.map);
    }
  }

  /** Online tiles over the offline background, when the phone has a connection. */
  setOnline(online: boolean): void {
    this.online = online;
    this.showTiles();
  }

  /** The server's tile address; the map stays as it is, only its background changes. */
  setTileSource(source: TileSource | null): void {
    const usable = source?.url ? source : null;
    if (usable?.url === this.tileSource?.url && usable?.attribution === this.tileSource?.attribution) return;
    this.tileSource = usable;
    this.tiles?.remove();
    this.tiles = null;
    this.showTiles();
  }

  private showTiles(): void {
    if (this.online && this.tileSource && !this.tiles) {
      this.tiles = L.tileLayer(this.tileSource.url, {
        attribution: escapeHtml(this.tileSource.attribution),
        maxZoom: 18,
        crossOrigin: 'anonymous',
        opacity: 0.9,
      });
      this.tiles.addTo(this.map);
      this.tiles.bringToBack();
    } else if (!this.online && this.tiles) {
      this.tiles.remove();
      this.tiles = null;
    }
  }

  setAssets(assets: readonly MapAsset[]): void {
    this.index.load(
      assets.map((asset) => ({
        type: 'Feature' as const,
        geometry: { type: 'Point' as const, coordinates: [asset.lng, asset.lat] },
        properties: { id: asset.id, name: asset.name, category: asset.category },
      })),
    );
    if (!this.fitted && assets.length > 0) {
      this.fitted = true;
      this.fitPlaces(assets, ASSETS_MAX_ZOOM);
    }
    this.drawMarkers();
  }

  private fitPlaces(places: readonly { lat: number; lng: number }[], maxZoom: number): void {
    this.map.fitBounds(L.latLngBounds(places.map((place) => [place.lat, place.lng] as [number, number])).pad(0.2), { maxZoom });
  }

  setOverlays(layers: readonly MapLayer[]): void {
    this.overlays.clearLayers();
    for (const layer of layers) {
      if (layer.kind === 'pmtiles') {
        this.overlays.addLayer(pmtilesLayer(layer));
        continue;
      }
      L.geoJSON(layer.data as GeoJSON.GeoJsonObject, {
        style: { color: '#f2b134', weight: 2, fillOpacity: 0.08 },
        pointToLayer: (_feature, latLng) => L.circleMarker(latLng, { radius: 4, color: '#b07a00' }),
        onEachFeature: (feature, shape) => {
          const name = (feature.properties as Record<string, unknown> | null)?.name ?? (feature.properties as Record<string, unknown> | null)?.NAME;
          if (typeof name === 'string') shape.bindTooltip(escapeHtml(name));
        },
      }).addTo(this.overlays);
    }
  }

  private drawMarkers(): void {
    const bounds = this.map.getBounds();
    const zoom = Math.round(this.map.getZoom());
    const clusters = this.index.getClusters([bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()], zoom);
    const next = new Map<string, L.Marker>();
    for (const cluster of clusters) {
      const [lng, lat] = cluster.geometry.coordinates as [number, number];
      const properties = cluster.properties as {
        cluster?: boolean;
        cluster_id?: number;
        point_count?: number;
        id?: string;
        name?: string;
        category?: AssetCategory;
      };
      const key = properties.cluster
        ? `cluster ${properties.cluster_id} ${properties.point_count} ${lat} ${lng}`
        : `asset ${properties.id} ${properties.category} ${lat} ${lng} ${properties.name}`;
      const kept = this.drawn.get(key);
      next.set(
        key,
        kept ?? (properties.cluster ? this.clusterMarker(lat, lng, properties.cluster_id!, properties.point_count!) : this.assetMarker(lat, lng, properties)),
      );
    }
    for (const [key, marker] of this.drawn) if (!next.has(key)) this.markers.removeLayer(marker);
    for (const [key, marker] of next) if (!this.drawn.has(key)) this.markers.addLayer(marker);
    this.drawn = next;
  }

  private clusterMarker(lat: number, lng: number, clusterId: number, count: number): L.Marker {
    // Wide enough for the number inside the white ring, whatever its digits (44 px: a finger).
    const size = count < 100 ? 44 : count < 1000 ? 50 : count < 10_000 ? 56 : 64;
    const marker = L.marker([lat, lng], {
      icon: L.divIcon({ html: `<span>${count}</span>`, className: 'map-cluster', iconSize: [size, size] }),
      keyboard: true,
      title: String(count),
    });
    marker.on('click', () => {
      const expansion = this.index.getClusterExpansionZoom(clusterId);
      this.map.setView([lat, lng], Math.min(expansion, 18));
    });
    return marker;
  }

  private assetMarker(lat: number, lng: number, properties: { id?: string; name?: string; category?: AssetCategory }): L.Marker {
    // Colours come from classes: the page's security policy allows no inline style attributes.
    const marker = L.marker([lat, lng], {
      icon: L.divIcon({ html: '<span></span>', className: `map-asset map-asset-${properties.category}`, iconSize: [44, 44] }),
      keyboard: true,
      title: properties.name ?? '',
    });
    const popup = document.createElement('div');
    const title = document.createElement('strong');
    title.textContent = properties.name ?? '';
    const open = document.createElement('button');
    open.type = 'button';
    open.className = 'button map-open';
    open.textContent = this.options.openLabel;
    open.addEventListener('click', () => this.options.onOpen(properties.id!));
    popup.append(title, open);
    marker.bindPopup(popup);
    return marker;
  }

  /**
   * Lets the person place or move a pin by hand: tap the map, or drag the pin. Reports each new
   * position, rounded to about a metre. The pin starts at `initial` (the map opens on it when it is
   * the first view's place), else in the map's centre.
   */
  pickPosition(initial: { lat: number; lng: number } | null, label: string, onChange: (position: { lat: number; lng: number }) => void): void {
    const start = initial ? L.latLng(initial.lat, initial.lng) : this.map.getCenter();
    const marker = L.marker(start, {
      draggable: true,
      keyboard: true,
      title: label,
      icon: L.divIcon({ html: '<span></span>', className: 'map-pin', iconSize: [44, 44], iconAnchor: [22, 40] }),
    }).addTo(this.map);
    const report = (position: L.LatLng) => onChange({ lat: Math.round(position.lat * 1e5) / 1e5, lng: Math.round(position.lng * 1e5) / 1e5 });
    marker.on('dragend', () => report(marker.getLatLng()));
    this.map.on('click', (event: L.LeafletMouseEvent) => {
      marker.setLatLng(event.latlng);
      report(event.latlng);
    });
  }

  destroy(): void {
    clearTimeout(this.basemapTimer);
    this.map.remove();
  }
}

/** Raster tiles read from a PMTiles archive kept in IndexedDB, one tile at a time. */
function pmtilesLayer(layer: MapLayer): L.GridLayer {
  const archive = new PMTiles(blobSource(layer.data as Blob, layer.id));
  const urls = new WeakMap<HTMLElement, string>();
  const Tiles: new (options: L.GridLayerOptions) => L.GridLayer = L.GridLayer.extend({
    createTile(coords: L.Coords, done: L.DoneCallback) {
      const image = document.createElement('img');
      image.alt = '';
      archive
        .getZxy(coords.z, coords.x, coords.y)
        .then((tile) => {
          if (!tile) return done(undefined, image);
          const url = URL.createObjectURL(new Blob([tile.data]));
          urls.set(image, url);
          image.onload = () => done(undefined, image);
          image.onerror = () => done(new Error('tile'), image);
          image.src = url;
          return undefined;
        })
        .catch((error: Error) => done(error, image));
      return image;
    },
  });
  const bounds = layer.tiles?.bounds;
  const tiles = new Tiles({
    minNativeZoom: layer.tiles?.minZoom ?? 0,
    maxNativeZoom: layer.tiles?.maxZoom ?? 18,
    maxZoom: 19,
    ...(bounds ? { bounds: L.latLngBounds([bounds[1], bounds[0]], [bounds[3], bounds[2]]) } : {}),
  });
  tiles.on('tileunload', (event: L.TileEvent) => {
    const url = urls.get(event.tile);
    if (url) URL.revokeObjectURL(url);
  });
  return tiles;
}
