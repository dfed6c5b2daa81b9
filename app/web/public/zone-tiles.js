// Zone tiles layer: borders and names of regions, departments, intercommunalities (EPCI) and
// communes drawn on canvas from the box's own /tiles/zones/{z}/{x}/{y} (geojson-vt JSON tiles,
// extent 4096), so a map is readable offline without any basemap. Above the deepest stored zoom
// (10, MAX_TILE_ZOOM in app/zones/build/tiles.ts) each tile draws its zoom-10 ancestor scaled up:
// lines stay thin and names keep their size. When the box has an offline basemap (/tiles/base.json,
// app/map/basemap.ts), its raster tiles are drawn beneath, from the box too. Needs Leaflet only.
(function () {
  if (!window.L) return;
  var MAX_TILE_ZOOM = 10;
  var EXTENT = 4096;
  var LINE = {
    commune: { color: '#7c8a82', width: 0.8 },
    epci: { color: '#5f7f6e', width: 1.2 },
    dep: { color: '#1f6f50', width: 1.5 },
    region: { color: '#4b3f6b', width: 2.5 },
  };
  var FONT = { commune: '12px sans-serif', epci: 'italic 12px sans-serif', dep: '600 13px sans-serif', region: 'bold 14px sans-serif' };
  var DRAW_ORDER = ['commune', 'epci', 'dep', 'region'];

  // Tiles asked for lately, as promises: above the deepest stored zoom, sibling tiles draw the same
  // ancestor, which is then fetched and parsed once instead of once per sibling.
  var recent = {};
  var recentKeys = [];
  function fetchTile(z, x, y) {
    var key = z + '/' + x + '/' + y;
    if (recent[key]) return recent[key];
    var tile = fetch('/tiles/zones/' + key)
      .then(function (response) { return response.status === 200 ? response.json() : { features: [] }; })
      .catch(function () { delete recent[key]; return { features: [] }; });
    recent[key] = tile;
    recentKeys.push(key);
    if (recentKeys.length > 64) delete recent[recentKeys.shift()];
    return tile;
  }

  function draw(ctx, tile, project) {
    DRAW_ORDER.forEach(function (level) {
      ctx.strokeStyle = LINE[level].color;
      ctx.lineWidth = LINE[level].width;
      ctx.beginPath();
      tile.features.forEach(function (f) {
        if (f.type === 1 || f.tags.level !== level) return;
        f.geometry.forEach(function (line) {
          line.forEach(function (point, i) {
            var p = project(point);
            if (i === 0) ctx.moveTo(p[0], p[1]); else ctx.lineTo(p[0], p[1]);
          });
        });
      });
      ctx.stroke();
    });
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.lineJoin = 'round';
    tile.features.forEach(function (f) {
      if (f.type !== 1) return;
      ctx.font = FONT[f.tags.level] || FONT.commune;
      f.geometry.forEach(function (point) {
        var p = project(point);
        // A white halo keeps the name legible over the lines it crosses.
        ctx.strokeStyle = 'rgba(255,255,255,0.9)';
        ctx.lineWidth = 3;
        ctx.strokeText(f.tags.name, p[0], p[1]);
        ctx.fillStyle = LINE[f.tags.level] ? LINE[f.tags.level].color : '#333';
        ctx.fillText(f.tags.name, p[0], p[1]);
      });
    });
  }

  // Asked once per page: every map of the page shares the answer.
  var basemapInfo = null;
  function basemap() {
    if (!basemapInfo) {
      basemapInfo = fetch('/tiles/base.json')
        .then(function (response) { return response.status === 200 ? response.json() : null; })
        .catch(function () { return null; });
    }
    return basemapInfo;
  }

  function escapeText(text) {
    var node = document.createElement('span');
    node.textContent = text;
    return node.innerHTML;
  }

  function basemapLayer(info) {
    var b = info.bounds;
    return L.tileLayer(info.tiles[0], {
      className: 'basemap-tiles',
      zIndex: 0, // under the zone tiles (GridLayer's default is 1)
      minNativeZoom: info.minzoom,
      maxNativeZoom: info.maxzoom,
      bounds: b ? L.latLngBounds([b[1], b[0]], [b[3], b[2]]) : undefined,
      attribution: info.attribution ? escapeText(info.attribution) : '',
    });
  }

  L.ZoneTiles = L.GridLayer.extend({
    options: { className: 'zone-tiles', updateWhenZooming: false, attribution: 'IGN ADMIN EXPRESS' },
    onAdd: function (map) {
      L.GridLayer.prototype.onAdd.call(this, map);
      var self = this;
      basemap().then(function (info) {
        if (!info || !self._map || self._basemap) return;
        self._basemap = basemapLayer(info).addTo(map);
      });
    },
    onRemove: function (map) {
      if (this._basemap) map.removeLayer(this._basemap);
      this._basemap = null;
      L.GridLayer.prototype.onRemove.call(this, map);
    },
    createTile: function (coords, done) {
      var size = this.getTileSize();
      var ratio = window.devicePixelRatio || 1;
      var canvas = document.createElement('canvas');
      canvas.width = size.x * ratio;
      canvas.height = size.y * ratio;
      var depth = Math.max(0, coords.z - MAX_TILE_ZOOM);
      var x = coords.x >> depth;
      var y = coords.y >> depth;
      var scale = (size.x * Math.pow(2, depth)) / EXTENT;
      var offsetX = (coords.x - x * Math.pow(2, depth)) * size.x;
      var offsetY = (coords.y - y * Math.pow(2, depth)) * size.y;
      var project = function (point) { return [point[0] * scale - offsetX, point[1] * scale - offsetY]; };
      fetchTile(coords.z - depth, x, y).then(function (tile) {
        var ctx = canvas.getContext('2d');
        ctx.scale(ratio, ratio);
        draw(ctx, tile, project);
        done(null, canvas);
      }, function (error) { done(error, canvas); });
      return canvas;
    },
  });
  L.zoneTiles = function (options) { return new L.ZoneTiles(options); };
})();
