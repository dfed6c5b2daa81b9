// Network map island: draws the elements a map page (or its embed) carries in data-netmap, one colour per
// type, over the box's own zone tiles (zone-tiles.js): no tile server, nothing from outside the box.
// data-netmap: { types: string[], colours: { type: '#rrggbb' }, points: [lat, lon, typeIndex, name, slug][],
//                bounds: [[south, west], [north, east]] | null, newTab: boolean }
(function () {
  var node = document.querySelector('[data-netmap]');
  if (!node || !window.L) return;
  var data = JSON.parse(node.getAttribute('data-netmap'));
  node.classList.add('map-on');
  var map = L.map(node, { minZoom: 3, maxZoom: 17, preferCanvas: true });
  map.attributionControl.setPrefix(false);
  var markers = data.points.map(function (p) {
    var link = document.createElement('a');
    link.href = '/e/' + p[4];
    link.textContent = p[3];
    // In an iframe on another site, the element opens in a new tab instead of inside the frame.
    if (data.newTab) { link.target = '_blank'; link.rel = 'noopener'; }
    var colour = data.colours[data.types[p[2]]] || '#333333';
    return L.circleMarker([p[0], p[1]], { radius: 7, color: '#ffffff', weight: 1.5, fillColor: colour, fillOpacity: 0.9 }).bindPopup(link);
  });
  var group = L.featureGroup(markers);
  // The view must exist before vector layers are added (Leaflet renders them against it).
  if (markers.length) map.fitBounds(group.getBounds(), { padding: [20, 20], maxZoom: 14 });
  else if (data.bounds) map.fitBounds(data.bounds, { padding: [10, 10] });
  else map.setView([46.6, 2.4], 5);
  if (L.zoneTiles) L.zoneTiles().addTo(map);
  group.addTo(map);
})();
