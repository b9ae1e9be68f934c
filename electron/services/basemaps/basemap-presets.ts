import type { BasemapPreset } from '../../contract';

/**
 * Online sources GridDesk knows, each with the system its tiles are drawn in. Tianditu needs a
 * (free) user key, written into `{key}`; its WMTS "w" matrix set is Web Mercator like XYZ.
 */
export const BASEMAP_PRESETS: BasemapPreset[] = [
  {
    key: 'osm', name: 'OpenStreetMap', needsKey: false, crs: 'wgs84', minZoom: 0, maxZoom: 19, subdomains: 'abc',
    urlTemplate: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png', labelsUrlTemplate: null,
    attribution: '© OpenStreetMap contributors',
  },
  {
    key: 'tianditu-vec', name: '天地图矢量', needsKey: true, crs: 'cgcs2000', minZoom: 1, maxZoom: 18, subdomains: '01234567',
    urlTemplate: 'https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk={key}',
    labelsUrlTemplate: 'https://t{s}.tianditu.gov.cn/cva_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=cva&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk={key}',
    attribution: '© 天地图 国家地理信息公共服务平台',
  },
  {
    key: 'tianditu-img', name: '天地图影像', needsKey: true, crs: 'cgcs2000', minZoom: 1, maxZoom: 18, subdomains: '01234567',
    urlTemplate: 'https://t{s}.tianditu.gov.cn/img_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=img&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk={key}',
    labelsUrlTemplate: 'https://t{s}.tianditu.gov.cn/cia_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=cia&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk={key}',
    attribution: '© 天地图 国家地理信息公共服务平台',
  },
  {
    key: 'amap', name: '高德地图', needsKey: false, crs: 'gcj02', minZoom: 3, maxZoom: 18, subdomains: '1234',
    urlTemplate: 'https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}',
    labelsUrlTemplate: null, attribution: '© 高德地图 AutoNavi',
  },
];
