// Map island: turns every [data-map] element into an offline Leaflet map (no tile server: the
// zone or commune outline is the background). Without JavaScript the page shows the same facts as text.
// data-map: { outline?: GeoJSON geometry, point?: [lat, lon], points?: [lat, lon, label, url][], label, attribution }
(function () {
  if (!window.L) return;
  document.querySelectorAll('[data-map]').forEach(function (node) {
    var data = JSON.parse(node.getAttribute('data-map'));
    node.classList.add('map-on');
    var layers = [];
    if (data.outline) layers.push(L.geoJSON(data.outline, { style: { color: '#1f6f50', weight: 2, fillOpacity: 0.08 } }));
    var marker = function (lat, lon, label, url) {
      var m = L.circleMarker([lat, lon], { radius: 7, color: '#a4262c', fillColor: '#a4262c', fillOpacity: 0.8 });
      if (label) m.bindTooltip(label);
      if (url) m.on('click', function () { window.location.href = url; });
      layers.push(m);
    };
    if (data.point) marker(data.point[0], data.point[1], data.label);
    (data.points || []).forEach(function (p) { marker(p[0], p[1], p[2], p[3]); });
    var group = L.featureGroup(layers);
    var map = L.map(node, { scrollWheelZoom: false });
    map.attributionControl.setPrefix(false);
    if (data.outline && data.attribution) map.attributionControl.addAttribution(data.attribution);
    // The view must exist before vector layers are added (Leaflet renders them against it).
    map.fitBounds(group.getBounds(), { padding: [20, 20], maxZoom: 15 });
    if (L.zoneTiles) L.zoneTiles().addTo(map);
    group.addTo(map);
  });
})();
