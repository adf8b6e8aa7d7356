// The resource map: Leaflet with a marker per resource that has
// coordinates. The list beside it is the same content without JavaScript.
(function () {
  var el = document.getElementById('map');
  var data = document.getElementById('map-data');
  if (!el || !data || !window.L) return;
  var points = JSON.parse(data.textContent);
  el.hidden = false;
  var map = L.map(el, { scrollWheelZoom: false });
  map.attributionControl.setPrefix(false);
  var tiles = el.getAttribute('data-tiles');
  if (tiles) {
    L.tileLayer(tiles, { maxZoom: 19, attribution: el.getAttribute('data-attribution') }).addTo(map);
  }
  var bounds = [];
  points.forEach(function (p) {
    var link = document.createElement('a');
    link.href = p.url;
    link.textContent = p.title;
    L.marker([p.lat, p.lng], { title: p.title, alt: p.title }).addTo(map).bindPopup(link);
    bounds.push([p.lat, p.lng]);
  });
  if (bounds.length) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
  else map.setView([51.7, -3.7], 9);
})();
