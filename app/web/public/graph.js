// Network drawing (progressive enhancement): reads the graph JSON of [data-graph], lays it out with a small
// force simulation (at most 150 nodes: all pairs repel, links pull, a weak pull to the middle; computed once,
// then drawn, so nothing keeps moving), and draws it in SVG with pan (drag), zoom (pinch, Ctrl + wheel,
// buttons) and a tap on a node to open it. Colours are the map's type colours (copi.css). Without
// JavaScript the page shows the same network as a list.
(function () {
  var holder = document.querySelector('[data-graph]');
  if (!holder || !window.fetch) return;
  var svgNs = 'http://www.w3.org/2000/svg';

  function make(name, attributes, parent) {
    var node = document.createElementNS(svgNs, name);
    for (var key in attributes) node.setAttribute(key, attributes[key]);
    if (parent) parent.appendChild(node);
    return node;
  }

  // A seeded generator: the same network is drawn the same way each time.
  function random(seed) {
    return function () {
      seed = (seed * 1664525 + 1013904223) % 4294967296;
      return seed / 4294967296;
    };
  }

  function layout(graph) {
    var rand = random(graph.nodes.length * 7919 + graph.edges.length);
    var byId = {};
    var firstHop = graph.nodes.filter(function (n) { return n.hop === 1; });
    graph.nodes.forEach(function (node, index) {
      byId[node.id] = node;
      if (node.hop === 0) { node.x = 0; node.y = 0; return; }
      var angle = node.hop === 1 ? (2 * Math.PI * firstHop.indexOf(node)) / Math.max(1, firstHop.length) : rand() * 2 * Math.PI;
      var radius = node.hop === 1 ? 160 : 300 + rand() * 60;
      node.x = Math.cos(angle) * radius;
      node.y = Math.sin(angle) * radius;
      node.index = index;
    });
    var links = graph.edges.map(function (e) { return { a: byId[e.from], b: byId[e.to] }; }).filter(function (l) { return l.a && l.b; });
    var nodes = graph.nodes;
    var steps = 300;
    for (var step = 0; step < steps; step++) {
      var heat = 1 - step / steps;
      nodes.forEach(function (n) { n.dx = -n.x * 0.03; n.dy = -n.y * 0.03; });
      for (var i = 0; i < nodes.length; i++) {
        for (var j = i + 1; j < nodes.length; j++) {
          var a = nodes[i], b = nodes[j];
          var x = a.x - b.x, y = a.y - b.y;
          var d2 = x * x + y * y || 0.01;
          var push = 300 / d2;
          a.dx += x * push; a.dy += y * push; b.dx -= x * push; b.dy -= y * push;
        }
      }
      links.forEach(function (l) {
        var x = l.b.x - l.a.x, y = l.b.y - l.a.y;
        var d = Math.sqrt(x * x + y * y) || 0.1;
        var pull = (d - (l.a.hop === 2 || l.b.hop === 2 ? 70 : 110)) * 0.1 / d;
        l.a.dx += x * pull; l.a.dy += y * pull; l.b.dx -= x * pull; l.b.dy -= y * pull;
      });
      nodes.forEach(function (n) {
        if (n.hop === 0) return;
        var move = Math.sqrt(n.dx * n.dx + n.dy * n.dy) || 1;
        var limit = Math.min(move, 30 * heat + 0.5);
        n.x += (n.dx / move) * limit;
        n.y += (n.dy / move) * limit;
      });
    }
    return links;
  }

  function label(name) {
    return name.length > 24 ? name.slice(0, 23) + '…' : name;
  }

  function draw(graph) {
    var links = layout(graph);
    holder.hidden = false;
    var legend = document.querySelector('.graph-legend');
    if (legend) legend.hidden = false;
    var svg = make('svg', {}, holder);
    var view = make('g', {}, svg);
    links.forEach(function (l) {
      make('line', { x1: l.a.x, y1: l.a.y, x2: l.b.x, y2: l.b.y, 'class': 'edge' + (l.a.hop === 2 || l.b.hop === 2 ? ' hop2' : '') }, view);
    });
    // Farther nodes first, so the element itself and its direct links are drawn on top.
    graph.nodes.slice().sort(function (a, b) { return b.hop - a.hop; }).forEach(function (node) {
      var link = make('a', { href: '/e/' + node.slug, 'class': 'node type-' + node.type + ' hop-' + node.hop + (node.hop === 0 ? ' center' : ''), 'data-node': node.id }, view);
      make('title', {}, link).textContent = node.name;
      node.radius = node.hop === 0 ? 13 : node.hop === 1 ? 9 : 6;
      node.circle = make('circle', { cx: node.x, cy: node.y, r: node.radius }, link);
      node.text = make('text', { x: node.x, 'text-anchor': 'middle' }, link);
      node.text.textContent = label(node.name);
    });

    var bounds = graph.nodes.reduce(function (b, n) {
      return { x0: Math.min(b.x0, n.x), y0: Math.min(b.y0, n.y), x1: Math.max(b.x1, n.x), y1: Math.max(b.y1, n.y) };
    }, { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity });
    var state = { x: 0, y: 0, k: 1 };
    // Labels keep a readable size on screen whatever the zoom; far out, only the near ones are named.
    function apply() {
      view.setAttribute('transform', 'translate(' + state.x + ' ' + state.y + ') scale(' + state.k + ')');
      view.style.fontSize = (12 / state.k) + 'px';
      svg.setAttribute('class', state.k < 0.7 ? 'far' : '');
      // Far out, dots keep a size a finger can find.
      var grow = Math.max(1, 0.7 / state.k);
      graph.nodes.forEach(function (node) {
        node.circle.setAttribute('r', node.radius * grow);
        node.text.setAttribute('y', node.y + node.radius * grow + 14 / state.k);
      });
    }
    function fit() {
      var w = holder.clientWidth, h = holder.clientHeight, margin = 40;
      var bw = bounds.x1 - bounds.x0 + 2 * margin, bh = bounds.y1 - bounds.y0 + 2 * margin;
      state.k = Math.min(2, w / bw, h / bh);
      state.x = w / 2 - ((bounds.x0 + bounds.x1) / 2) * state.k;
      state.y = h / 2 - ((bounds.y0 + bounds.y1) / 2) * state.k;
      apply();
    }
    function zoomAt(factor, px, py) {
      var k = Math.max(0.2, Math.min(6, state.k * factor));
      state.x = px - ((px - state.x) * k) / state.k;
      state.y = py - ((py - state.y) * k) / state.k;
      state.k = k;
      apply();
    }

    // Pan with one pointer, pinch with two; a drag never opens the node it started on.
    var pointers = {};
    var dragged = false;
    var start = null;
    function local(event) { var r = svg.getBoundingClientRect(); return { x: event.clientX - r.left, y: event.clientY - r.top }; }
    svg.addEventListener('pointerdown', function (event) {
      pointers[event.pointerId] = local(event);
      dragged = false;
      start = local(event);
    });
    svg.addEventListener('pointermove', function (event) {
      var previous = pointers[event.pointerId];
      if (!previous) return;
      var now = local(event);
      var ids = Object.keys(pointers);
      if (!dragged && Math.abs(now.x - start.x) + Math.abs(now.y - start.y) > 6) {
        dragged = true;
        svg.setPointerCapture(event.pointerId);
      }
      if (!dragged) return;
      if (ids.length === 2) {
        var other = pointers[ids[0] === String(event.pointerId) ? ids[1] : ids[0]];
        var before = Math.hypot(previous.x - other.x, previous.y - other.y) || 1;
        var after = Math.hypot(now.x - other.x, now.y - other.y) || 1;
        zoomAt(after / before, (now.x + other.x) / 2, (now.y + other.y) / 2);
      } else {
        state.x += now.x - previous.x;
        state.y += now.y - previous.y;
        apply();
      }
      pointers[event.pointerId] = now;
    });
    function release(event) { delete pointers[event.pointerId]; }
    svg.addEventListener('pointerup', release);
    svg.addEventListener('pointercancel', release);
    svg.addEventListener('click', function (event) { if (dragged) { event.preventDefault(); event.stopPropagation(); } }, true);
    svg.addEventListener('wheel', function (event) {
      if (!event.ctrlKey) return; // plain wheel scrolls the page, as on the maps
      event.preventDefault();
      var at = local(event);
      zoomAt(event.deltaY < 0 ? 1.15 : 1 / 1.15, at.x, at.y);
    }, { passive: false });

    var tools = document.createElement('div');
    tools.className = 'graph-tools';
    [['+', 'data-zoom-in', function () { zoomAt(1.3, holder.clientWidth / 2, holder.clientHeight / 2); }],
      ['−', 'data-zoom-out', function () { zoomAt(1 / 1.3, holder.clientWidth / 2, holder.clientHeight / 2); }],
      ['⤢', 'data-fit', fit]].forEach(function (tool) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'secondary';
      button.textContent = tool[0];
      button.setAttribute('aria-label', holder.getAttribute(tool[1]));
      button.title = holder.getAttribute(tool[1]);
      button.addEventListener('click', tool[2]);
      tools.appendChild(button);
    });
    holder.appendChild(tools);
    fit();
  }

  fetch(holder.getAttribute('data-graph'), { headers: { accept: 'application/json' }, credentials: 'same-origin' })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (graph) { if (graph && graph.nodes.length) draw(graph); })
    .catch(function () { /* the list below stays the network's view */ });
})();
