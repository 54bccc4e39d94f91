// Draws a cooperation graph with cytoscape.js from the JSON data block named by data-graph.
// Clicking an organization opens its page; clicking a link opens the pair's events.
(function () {
  "use strict";

  var FAMILY_COLOURS = { un: "#2f7fc1", igo: "#1f9d8a", national: "#8a6bbf", other: "#9aa5b1" };

  function readGraph(container) {
    var block = document.getElementById(container.getAttribute("data-graph"));
    return block ? JSON.parse(block.textContent) : { nodes: [], edges: [] };
  }

  function elements(graph) {
    var nodes = graph.nodes.map(function (n) {
      return { group: "nodes", data: n, classes: n.focus ? "focus" : "" };
    });
    var edges = graph.edges.map(function (e, i) {
      return { group: "edges", data: { id: "e" + i, source: e.source, target: e.target,
                                        weight: e.weight, href: e.href } };
    });
    return nodes.concat(edges);
  }

  function maxOf(items, key) {
    return items.reduce(function (top, item) { return Math.max(top, item[key] || 1); }, 1);
  }

  function style(graph) {
    var topNode = maxOf(graph.nodes, "events");
    var topEdge = maxOf(graph.edges, "weight");
    return [
      { selector: "node", style: {
        "width": "mapData(events, 1, " + topNode + ", 22, 64)",
        "height": "mapData(events, 1, " + topNode + ", 22, 64)",
        "background-color": function (n) { return FAMILY_COLOURS[n.data("family")] || FAMILY_COLOURS.other; },
        "border-width": 2, "border-color": "#ffffff",
        "label": "data(label)", "font-size": 11, "font-weight": 600, "color": "#1c2733",
        "font-family": getComputedStyle(document.body).fontFamily,
        "text-valign": "bottom", "text-margin-y": 4,
        "text-background-color": "#ffffff", "text-background-opacity": 0.85,
        "text-background-padding": 2, "text-background-shape": "roundrectangle" } },
      { selector: "node.focus", style: { "border-color": "#f2b84b", "border-width": 4 } },
      { selector: "node:active, node.hover", style: { "overlay-opacity": 0.12, "overlay-color": "#1b3a5c" } },
      { selector: "edge", style: {
        "width": "mapData(weight, 1, " + topEdge + ", 1.5, 9)",
        "line-color": "#b8c4d0", "curve-style": "haystack", "opacity": 0.85 } },
      { selector: "edge.hover", style: { "line-color": "#2f7fc1", "opacity": 1 } }
    ];
  }

  // Publish each node's on-screen position on its entry in the node list, so people using
  // assistive tools and the browser tests can find a node on the canvas.
  function publishPositions(cy, container) {
    var box = container.getBoundingClientRect();
    cy.nodes().forEach(function (node) {
      var item = document.querySelector('[data-node="' + CSS.escape(node.id()) + '"]');
      var at = node.renderedPosition();
      if (item) {
        item.setAttribute("data-x", String(Math.round(box.left + window.scrollX + at.x)));
        item.setAttribute("data-y", String(Math.round(box.top + window.scrollY + at.y)));
      }
    });
    container.setAttribute("data-ready", "true");
  }

  function draw(container) {
    var graph = readGraph(container);
    if (!graph.nodes.length) { return; }
    var cy = window.cytoscape({
      container: container,
      elements: elements(graph),
      style: style(graph),
      layout: { name: graph.nodes.length > 2 ? "cose" : "circle", animate: false,
                randomize: false, nodeRepulsion: function () { return 9000; },
                idealEdgeLength: function () { return 90; }, padding: 24 },
      wheelSensitivity: 0.3, minZoom: 0.3, maxZoom: 3
    });
    cy.on("tap", "node", function (event) { window.location.assign(event.target.data("href")); });
    cy.on("tap", "edge", function (event) { window.location.assign(event.target.data("href")); });
    cy.on("mouseover", "node, edge", function (event) {
      event.target.addClass("hover");
      container.classList.add("pointing");
    });
    cy.on("mouseout", "node, edge", function (event) {
      event.target.removeClass("hover");
      container.classList.remove("pointing");
    });
    cy.ready(function () { publishPositions(cy, container); });
    cy.on("layoutstop pan zoom resize", function () { publishPositions(cy, container); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (typeof window.cytoscape !== "function") { return; }
    document.querySelectorAll("[data-graph]").forEach(draw);
  });
})();
