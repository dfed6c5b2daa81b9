// Map island: turns every [data-map] element into an offline Leaflet map (no tile server:
// the commune outline is the background). Without JavaScript the page shows the coordinates.
(function () {
  if (!window.L) return;
  document.querySelectorAll('[data-map]').forEach(function (node) {
    var data = JSON.parse(node.getAttribute('data-map'));
    node.classList.add('map-on');
    var layers = [];
    if (data.outline) layers.push(L.geoJSON(data.outline, { style: { color: '#1f6f50', weight: 2, fillOpacity: 0.08 } }));
    if (data.point) {
      layers.push(L.circleMarker(data.point, { radius: 8, color: '#a4262c', fillColor: '#a4262c', fillOpacity: 0.8 })
        .bindTooltip(data.label || ''));
    }
    var group = L.featureGroup(layers);
    var map = L.map(node, { scrollWheelZoom: false });
    map.attributionControl.setPrefix(false);
    if (data.outline && data.attribution) map.attributionControl.addAttribution(data.attribution);
    // The view must exist before vector layers are added (Leaflet renders them against it).
    map.fitBounds(group.getBounds(), { padding: [20, 20], maxZoom: 15 });
    group.addTo(map);
  });
})();
