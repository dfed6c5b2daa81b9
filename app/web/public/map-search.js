// Search map island: fetches server-side clusters for the visible box at each move, draws clusters
// as counted circles (a click zooms in) and single elements as markers (a click opens a card).
(function () {
  var node = document.querySelector('[data-search-map]');
  if (!node || !window.L) return;
  var view = JSON.parse(node.getAttribute('data-search-map'));
  var map = L.map(node, { minZoom: 3, maxZoom: 17 });
  map.attributionControl.setPrefix(false);
  if (L.zoneTiles) L.zoneTiles().addTo(map);
  var layer = L.layerGroup().addTo(map);
  // Marker colours come from the stylesheet, where the legend under the map reads them too.
  var style = getComputedStyle(document.documentElement);
  function color(type) { return style.getPropertyValue('--type-' + type).trim() || '#333'; }
  var status = document.getElementById('search-map-status');
  var numbers = new Intl.NumberFormat(document.documentElement.lang || undefined);
  var pending = null;
  function load() {
    var b = map.getBounds();
    var bbox = [Math.max(-180, b.getWest()), Math.max(-90, b.getSouth()), Math.min(180, b.getEast()), Math.min(90, b.getNorth())]
      .map(function (n) { return n.toFixed(5); }).join(',');
    var url = '/api/v1/map/clusters?bbox=' + bbox + '&zoom=' + map.getZoom() + (view.query ? '&' + view.query : '');
    if (pending) pending.abort();
    pending = new AbortController();
    fetch(url, { signal: pending.signal, credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(function (data) {
      // Opening a popup pans the map, which reloads the clusters: keep that popup open across the redraw.
      var open = node.querySelector('.leaflet-popup-content a');
      var openHref = open && open.getAttribute('href');
      layer.clearLayers();
      if (status && view.countText) status.textContent = view.countText.replace('{count}', numbers.format(data.total || 0));
      (data.features || []).forEach(function (f) {
        if (f.kind === 'cluster') {
          var size = 24 + Math.min(24, Math.round(Math.log2(f.count) * 3));
          var icon = L.divIcon({ className: 'cluster', html: '<span>' + f.count + '</span>', iconSize: [size, size] });
          L.marker([f.lat, f.lon], { icon: icon, title: String(f.count) }).addTo(layer).on('click', function () {
            map.fitBounds([[f.bbox.south, f.bbox.west], [f.bbox.north, f.bbox.east]], { padding: [30, 30], maxZoom: map.getZoom() + 3 });
          });
        } else {
          var a = document.createElement('a');
          a.href = '/e/' + f.slug;
          a.textContent = f.name;
          var popup = a;
          if (f.fromBox) {
            // A card of another box (app/sync/): said in the popup, drawn hollow.
            popup = document.createElement('div');
            var from = document.createElement('small');
            from.className = 'from-box';
            from.textContent = (node.getAttribute('data-from-box') || 'from {box}').replace('{box}', f.fromBox);
            popup.append(a, document.createElement('br'), from);
          }
          var marker = L.circleMarker([f.lat, f.lon], { radius: 8, color: color(f.type), fillOpacity: f.fromBox ? 0.25 : 0.85, dashArray: f.fromBox ? '3' : null })
            .addTo(layer).bindPopup(popup, { autoPan: a.getAttribute('href') !== openHref });
          if (a.getAttribute('href') === openHref) marker.openPopup();
        }
      });
    }).catch(function () {});
  }
  map.on('moveend', load);
  if (view.bounds) map.fitBounds(view.bounds, { padding: [10, 10] });
  else map.setView([46.6, 2.4], 5);
})();
