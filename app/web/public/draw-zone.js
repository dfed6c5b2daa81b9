// Drawing island: turns [data-draw-zone] into a map on which a box admin clicks the corners of a custom
// territory. The polygon is written as GeoJSON into the hidden `polygon` field of the same form, and the
// server checks it (closed, simple, at most 2000 points) exactly as it checks the API's. No plugin: Leaflet only.
// data-draw-zone: { bounds: [[south, west], [north, east]] | null, corners: 'text with {count}' }
(function () {
  var node = document.querySelector('[data-draw-zone]');
  if (!node || !window.L) return;
  var data = JSON.parse(node.getAttribute('data-draw-zone'));
  var input = node.querySelector('input[name="polygon"]');
  var mapNode = node.querySelector('.map');
  var undo = node.querySelector('[data-draw="undo"]');
  var clear = node.querySelector('[data-draw="clear"]');
  var count = node.querySelector('[data-draw="count"]');
  node.hidden = false;
  mapNode.classList.add('map-on');

  // Clicks must reach the map: nothing drawn is interactive, and a quick second click is a new corner, not a zoom.
  var map = L.map(mapNode, { doubleClickZoom: false, minZoom: 4, maxZoom: 16 });
  map.attributionControl.setPrefix(false);
  if (data.bounds) map.fitBounds(data.bounds, { padding: [10, 10] });
  else map.setView([46.6, 2.4], 5);
  if (L.zoneTiles) L.zoneTiles().addTo(map);
  var style = { color: '#a4262c', weight: 2, fillOpacity: 0.12, interactive: false };
  var shape = L.polygon([], style).addTo(map);
  var line = L.polyline([], style).addTo(map);
  var corners = L.layerGroup().addTo(map);
  var points = kept(input.value);

  /** The corners of a drawing sent earlier (kept by the server with its error), without the closing point. */
  function kept(value) {
    try {
      var ring = JSON.parse(value).coordinates[0];
      var last = ring.length - 1;
      if (last > 0 && ring[0][0] === ring[last][0] && ring[0][1] === ring[last][1]) ring = ring.slice(0, last);
      return ring.map(function (p) { return L.latLng(p[1], p[0]); });
    } catch (error) {
      return [];
    }
  }

  var round = function (n) { return Math.round(n * 1e6) / 1e6; };

  function update() {
    shape.setLatLngs(points.length >= 3 ? points : []);
    line.setLatLngs(points.length < 3 ? points : []);
    corners.clearLayers();
    points.forEach(function (p) {
      L.circleMarker(p, { radius: 4, color: '#a4262c', fillOpacity: 1, interactive: false }).addTo(corners);
    });
    // GeoJSON: [lon, lat], the ring closed on its first point.
    var ring = points.map(function (p) { return [round(p.lng), round(p.lat)]; });
    if (ring.length) ring.push(ring[0]);
    input.value = ring.length ? JSON.stringify({ type: 'Polygon', coordinates: [ring] }) : '';
    undo.disabled = clear.disabled = points.length === 0;
    count.textContent = data.corners.replace('{count}', String(points.length));
  }

  map.on('click', function (event) { points.push(event.latlng); update(); });
  // Without a pointer, Enter on the focused map adds its centre (arrows pan, + and - zoom).
  mapNode.addEventListener('keydown', function (event) {
    if (event.key !== 'Enter' || event.target !== mapNode) return;
    event.preventDefault();
    points.push(map.getCenter());
    update();
  });
  undo.addEventListener('click', function () { points.pop(); update(); });
  clear.addEventListener('click', function () { points = []; update(); });
  update();
  if (points.length) map.fitBounds(L.latLngBounds(points), { padding: [20, 20], maxZoom: 13 });
})();
