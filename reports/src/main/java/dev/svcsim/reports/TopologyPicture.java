package dev.svcsim.reports;

import dev.svcsim.reports.ServiceReport.NodeReport;
import dev.svcsim.reports.ServiceReport.PodReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jgrapht.Graph;
import org.jgrapht.Graphs;
import org.jgrapht.alg.drawing.LayoutAlgorithm2D;
import org.jgrapht.alg.drawing.model.Box2D;
import org.jgrapht.alg.drawing.model.LayoutModel2D;
import org.jgrapht.alg.drawing.model.MapLayoutModel2D;
import org.jgrapht.alg.drawing.model.Point2D;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleDirectedWeightedGraph;

/**
 * The HTML report's topology picture of one Service: the clients on the left, the nodes in the
 * middle grouped and coloured by zone, each node's pods on the right beside it. An edge from the
 * clients to a node carries the node's {@code ingressConnections}; an edge from a node to a pod
 * carries the pod's {@code connections}; an arrow from a node to another node carries the
 * connections it forwarded there ({@code forwardedTo}, the second hop of {@code nodeHops["2"]}).
 *
 * <p>The picture is a JGraphT graph ({@link #graph}) whose edge weights are those counts, laid
 * out by {@link ColumnLayout}, a deterministic {@link LayoutAlgorithm2D}: columns by kind, zones
 * then names in sorted order. An edge's width grows with the square root of its count (relative
 * to the largest edge), so that a small flow stays visible beside a large one and twice the
 * width means four times the connections; an edge of no connection is a thin dashed line. With
 * more than {@value #MAX_PODS_DRAWN} pods each node's pods are drawn as one box.
 */
final class TopologyPicture {

  /** Above this many pods, each node's pods become one box. */
  static final int MAX_PODS_DRAWN = 60;

  private static final double ROW = 26;
  private static final double TOP = 40;
  private static final double ZONE_HEADER = 20;
  private static final double ZONE_GAP = 12;
  private static final double NODE_GAP = 6;
  private static final double BOTTOM = 12;
  private static final double CLIENTS_X = 90;
  private static final double CLIENTS_W = 150;
  private static final double NODE_X = 470;
  private static final double NODE_W = 160;
  private static final double POD_X = 825;
  private static final double POD_W = 220;
  private static final double BAND_LEFT = 370;
  private static final double MAX_EDGE = 12;
  /** How far left of the node column a forwarding arc may bulge (it stays right of the clients). */
  private static final double MAX_BULGE = 150;

  /** Zone colours: a light band and a stronger border, by the zone's position in sorted order. */
  private static final String[][] ZONE_COLOURS = {
    {"#eff6ff", "#93c5fd"}, {"#f0fdf4", "#86efac"}, {"#fefce8", "#fde047"},
    {"#fdf2f8", "#f9a8d4"}, {"#f5f3ff", "#c4b5fd"}, {"#fff7ed", "#fdba74"},
  };

  private TopologyPicture() {}

  /** A box in the picture. */
  sealed interface Vertex permits Clients, NodeVertex, PodVertex {}

  /**
   * The clients, wherever they are.
   *
   * @param paths the entry paths some delivered connection took, e.g. {@code loadBalancer}
   */
  record Clients(List<String> paths) implements Vertex {
    Clients {
      paths = List.copyOf(paths);
    }
  }

  /** A node; its zone is "" when it has none. */
  record NodeVertex(String name, String zone) implements Vertex {}

  /**
   * A pod, or (when {@code pods > 1}) all the pods of one node.
   *
   * @param name the pod's name, or the node's name and {@code /pods} for a group
   * @param notReady how many of them were not Ready the whole window
   */
  record PodVertex(String name, int pods, int notReady, long connections, Double share) implements Vertex {}

  /**
   * The graph of a Service's traffic as far as the report knows it: clients to nodes weighted by
   * ingress connections (only where some entered), nodes to the nodes they forwarded to weighted
   * by {@code forwardedTo}, nodes to their pods weighted by the pods' connections (always: a
   * pod's place is known even when it served nothing).
   */
  static Graph<Vertex, DefaultWeightedEdge> graph(ServiceReport s) {
    Graph<Vertex, DefaultWeightedEdge> g = new SimpleDirectedWeightedGraph<>(DefaultWeightedEdge.class);
    List<String> paths = new ArrayList<>();
    for (Map.Entry<String, Double> p : s.sourceIpPreservedBy().entrySet()) {
      if (p.getValue() != null) {
        paths.add(p.getKey());
      }
    }
    Clients clients = new Clients(paths);
    g.addVertex(clients);
    TreeMap<String, NodeVertex> nodes = new TreeMap<>();
    for (Map.Entry<String, NodeReport> e : s.nodes().entrySet()) {
      nodes.put(e.getKey(), new NodeVertex(e.getKey(), orEmpty(e.getValue().zone())));
    }
    for (PodReport p : s.pods().values()) {
      nodes.putIfAbsent(p.node(), new NodeVertex(p.node(), orEmpty(p.zone())));
    }
    for (NodeVertex n : nodes.values()) {
      g.addVertex(n);
      NodeReport report = s.nodes().get(n.name());
      if (report != null && report.ingressConnections() > 0) {
        Graphs.addEdge(g, clients, n, report.ingressConnections());
      }
    }
    for (NodeVertex n : nodes.values()) {
      NodeReport report = s.nodes().get(n.name());
      if (report != null) {
        for (Map.Entry<String, Long> f : report.forwardedTo().entrySet()) {
          NodeVertex to = nodes.get(f.getKey());
          if (to != null && to != n && f.getValue() > 0) {
            Graphs.addEdge(g, n, to, f.getValue());
          }
        }
      }
    }
    boolean grouped = s.pods().size() > MAX_PODS_DRAWN;
    Map<String, List<Map.Entry<String, PodReport>>> byNode = new TreeMap<>();
    for (Map.Entry<String, PodReport> e : s.pods().entrySet()) {
      byNode.computeIfAbsent(e.getValue().node(), k -> new ArrayList<>()).add(e);
    }
    for (Map.Entry<String, List<Map.Entry<String, PodReport>>> e : byNode.entrySet()) {
      NodeVertex node = nodes.get(e.getKey());
      if (grouped) {
        long connections = 0;
        int notReady = 0;
        for (Map.Entry<String, PodReport> p : e.getValue()) {
          connections += p.getValue().connections();
          notReady += p.getValue().readyWholeWindow() ? 0 : 1;
        }
        PodVertex group = new PodVertex(e.getKey() + "/pods", e.getValue().size(), notReady, connections,
            ReportBuilder.fraction(connections, s.connections().delivered()));
        g.addVertex(group);
        Graphs.addEdge(g, node, group, connections);
      } else {
        for (Map.Entry<String, PodReport> p : e.getValue()) {
          PodReport r = p.getValue();
          PodVertex pod = new PodVertex(p.getKey(), 1, r.readyWholeWindow() ? 0 : 1, r.connections(), r.share());
          g.addVertex(pod);
          Graphs.addEdge(g, node, pod, r.connections());
        }
      }
    }
    return g;
  }

  /**
   * Lays the picture out in three columns: the clients, the nodes and the pods. Nodes are
   * sorted by zone (nodes without a zone last), then name; each node's pods are stacked beside
   * it, one row each, sorted by name, and the node is centred on them; a band per zone holds its
   * nodes and their pods; the clients are centred on everything. Uses only the graph's vertices
   * and successor lists, so the same graph always gives the same points.
   */
  static final class ColumnLayout implements LayoutAlgorithm2D<Vertex, DefaultWeightedEdge> {

    @Override
    public void layout(Graph<Vertex, DefaultWeightedEdge> graph, LayoutModel2D<Vertex> model) {
      double bottom = rows(graph, model);
      model.put(clients(graph), Point2D.of(CLIENTS_X, Math.max(TOP + 30, (TOP + bottom) / 2)));
    }

    /** The height the layout needs for this graph. */
    static double height(Graph<Vertex, DefaultWeightedEdge> graph) {
      return Math.max(rows(graph, null), TOP + 60) + BOTTOM;
    }

    /** Places the nodes and pods (when {@code model} is not null); returns the bottom of the last row. */
    private static double rows(Graph<Vertex, DefaultWeightedEdge> graph, LayoutModel2D<Vertex> model) {
      double y = TOP;
      String zone = null;
      for (NodeVertex node : nodes(graph)) {
        if (!node.zone().equals(zone)) {
          y += (zone == null ? 0 : ZONE_GAP) + ZONE_HEADER;
          zone = node.zone();
        }
        List<PodVertex> pods = pods(graph, node);
        int rows = Math.max(1, pods.size());
        if (model != null) {
          model.put(node, Point2D.of(NODE_X, y + rows * ROW / 2));
          for (int i = 0; i < pods.size(); i++) {
            model.put(pods.get(i), Point2D.of(POD_X, y + (i + 0.5) * ROW));
          }
        }
        y += rows * ROW + NODE_GAP;
      }
      return y;
    }
  }

  /** The one clients vertex. */
  static Clients clients(Graph<Vertex, DefaultWeightedEdge> graph) {
    for (Vertex v : graph.vertexSet()) {
      if (v instanceof Clients c) {
        return c;
      }
    }
    throw new IllegalArgumentException("the graph has no clients vertex");
  }

  /** The nodes by zone (zoneless last), then name. */
  static List<NodeVertex> nodes(Graph<Vertex, DefaultWeightedEdge> graph) {
    List<NodeVertex> out = new ArrayList<>();
    for (Vertex v : graph.vertexSet()) {
      if (v instanceof NodeVertex n) {
        out.add(n);
      }
    }
    out.sort(Comparator.comparing((NodeVertex n) -> n.zone().isEmpty())
        .thenComparing(NodeVertex::zone).thenComparing(NodeVertex::name));
    return out;
  }

  /** A node's pods (or its one group), by name. */
  static List<PodVertex> pods(Graph<Vertex, DefaultWeightedEdge> graph, NodeVertex node) {
    List<PodVertex> out = new ArrayList<>();
    for (Vertex v : Graphs.successorListOf(graph, node)) {
      if (v instanceof PodVertex p) {
        out.add(p);
      }
    }
    out.sort(Comparator.comparing(PodVertex::name));
    return out;
  }

  /** The nodes a node forwarded connections to, in the order of {@code nodes} (layout order). */
  static List<NodeVertex> forwardedTo(
      Graph<Vertex, DefaultWeightedEdge> graph, NodeVertex node, List<NodeVertex> nodes) {
    List<NodeVertex> out = new ArrayList<>();
    for (NodeVertex n : nodes) {
      if (n != node && graph.containsEdge(node, n)) {
        out.add(n);
      }
    }
    return out;
  }

  /** The picture of a Service as an SVG element. */
  static String svg(String id, String service, ServiceReport s) {
    Graph<Vertex, DefaultWeightedEdge> g = graph(s);
    double height = Math.ceil(ColumnLayout.height(g));
    LayoutModel2D<Vertex> at = new MapLayoutModel2D<>(Box2D.of(HtmlCharts.WIDTH, height));
    new ColumnLayout().layout(g, at);

    Markup m = HtmlCharts.open(id, "topology", height, "Topology of " + service
        + ": clients, nodes by zone and pods, edges as wide as their connections");
    m.element("text", "clients", "x", CLIENTS_X, "y", 22.0, "text-anchor", "middle", "class", "column");
    m.element("text", "nodes, by zone", "x", NODE_X, "y", 22.0, "text-anchor", "middle", "class", "column");
    m.element("text", "pods", "x", POD_X, "y", 22.0, "text-anchor", "middle", "class", "column");

    List<NodeVertex> nodes = nodes(g);
    List<String> zones = nodes.stream().map(NodeVertex::zone).distinct().toList();
    for (int z = 0; z < zones.size(); z++) {
      double top = Double.MAX_VALUE;
      double bottom = 0;
      for (NodeVertex n : nodes) {
        if (n.zone().equals(zones.get(z))) {
          int rows = Math.max(1, pods(g, n).size());
          double y = at.get(n).getY();
          top = Math.min(top, y - rows * ROW / 2);
          bottom = Math.max(bottom, y + rows * ROW / 2);
        }
      }
      String[] colour = zoneColour(z, zones.get(z));
      m.empty("rect", "class", "zone", "x", BAND_LEFT, "y", top - ZONE_HEADER, "width",
          HtmlCharts.WIDTH - BAND_LEFT - 8, "height", bottom - top + ZONE_HEADER + 4, "rx", 8,
          "fill", colour[0], "stroke", colour[1]);
      m.element("text", zones.get(z).isEmpty() ? "no zone" : zones.get(z), "x", BAND_LEFT + 10,
          "y", top - 6, "class", "zone-label", "fill", HtmlCharts.SOFT_INK);
    }

    double maxWeight = 0;
    for (DefaultWeightedEdge e : g.edgeSet()) {
      maxWeight = Math.max(maxWeight, g.getEdgeWeight(e));
    }
    // Edges first, boxes over them; in layout order so that the bytes never depend on hashing.
    Clients clients = clients(g);
    for (NodeVertex n : nodes) {
      DefaultWeightedEdge in = g.getEdge(clients, n);
      if (in != null) {
        edge(m, at.get(clients), CLIENTS_W, at.get(n), NODE_W, g.getEdgeWeight(in), maxWeight,
            HtmlCharts.INGRESS, "entered at " + n.name());
      }
    }
    Map<NodeVertex, List<NodeVertex>> forwards = new HashMap<>();
    for (NodeVertex n : nodes) {
      forwards.put(n, forwardedTo(g, n, nodes));
    }
    boolean anyForwarding = forwards.values().stream().anyMatch(l -> !l.isEmpty());
    if (anyForwarding) {
      m.open("defs").open("marker", "id", id + "-forward", "viewBox", "0 0 10 10", "refX", "9", "refY", "5",
          "markerWidth", "9", "markerHeight", "9", "markerUnits", "userSpaceOnUse", "orient", "auto");
      m.empty("path", "d", "M0 0 L10 5 L0 10 z", "fill", HtmlCharts.EVENT);
      m.close("marker").close("defs");
    }
    for (NodeVertex n : nodes) {
      for (NodeVertex t : forwards.get(n)) {
        forward(m, id, at.get(n), at.get(t), g.getEdgeWeight(g.getEdge(n, t)), maxWeight,
            n.name() + " forwarded to " + t.name());
      }
    }
    for (NodeVertex n : nodes) {
      for (PodVertex p : pods(g, n)) {
        edge(m, at.get(n), NODE_W, at.get(p), POD_W, g.getEdgeWeight(g.getEdge(n, p)), maxWeight,
            HtmlCharts.DELIVERED, (p.pods() == 1 ? p.name() : "the pods on " + n.name()) + " served");
      }
    }

    Point2D c = at.get(clients);
    m.open("g", "class", "clients");
    m.element("title", "clients" + (clients.paths().isEmpty() ? "" : ", entering via " + String.join(", ",
        clients.paths())));
    m.empty("rect", "x", c.getX() - CLIENTS_W / 2, "y", c.getY() - 28, "width", CLIENTS_W, "height", 56.0,
        "rx", 8, "fill", "#f9fafb", "stroke", HtmlCharts.SOFT_INK);
    m.element("text", "clients", "x", c.getX(), "y", c.getY() - (clients.paths().isEmpty() ? -4 : 4),
        "text-anchor", "middle", "class", "box-title");
    if (!clients.paths().isEmpty()) {
      m.element("text", "via " + String.join(", ", clients.paths()), "x", c.getX(), "y", c.getY() + 14,
          "text-anchor", "middle", "font-size", "11", "fill", HtmlCharts.SOFT_INK);
    }
    m.close("g");

    for (NodeVertex n : nodes) {
      Point2D p = at.get(n);
      int rows = Math.max(1, pods(g, n).size());
      double h = Math.min(rows * ROW - 6, 40);
      String[] colour = zoneColour(zones.indexOf(n.zone()), n.zone());
      NodeReport r = s.nodes().get(n.name());
      m.open("g", "class", "node");
      m.element("title", n.name() + (n.zone().isEmpty() ? "" : " (" + n.zone() + ")")
          + (r == null ? "" : ": " + r.ingressConnections() + " connections entered, "
              + r.podConnections() + " served by its pods"));
      m.empty("rect", "class", "node", "x", p.getX() - NODE_W / 2, "y", p.getY() - h / 2, "width", NODE_W,
          "height", h, "rx", 6, "fill", "#ffffff", "stroke", colour[1], "stroke-width", "2");
      m.element("text", shorten(n.name(), 22), "x", p.getX(), "y", p.getY() + (h >= 34 ? -2 : 4),
          "text-anchor", "middle", "class", "box-title");
      if (h >= 34 && r != null) {
        m.element("text", "in " + r.ingressConnections() + " \u00b7 served " + r.podConnections(),
            "x", p.getX(), "y", p.getY() + 13, "text-anchor", "middle", "font-size", "10",
            "fill", HtmlCharts.SOFT_INK);
      }
      m.close("g");
      for (PodVertex pod : pods(g, n)) {
        Point2D q = at.get(pod);
        boolean muted = pod.notReady() == pod.pods();
        String name = pod.pods() == 1 ? pod.name() : pod.pods() + " pods";
        m.open("g", "class", "pod");
        m.element("title", name + (pod.pods() == 1 ? "" : " on " + n.name()) + ": " + pod.connections()
            + " connections (" + Numbers.percent(pod.share()) + ")"
            + (pod.notReady() == 0 ? "" : pod.pods() == 1 ? ", not Ready the whole window"
                : ", " + pod.notReady() + " not Ready the whole window"));
        m.empty("rect", "class", "pod", "x", q.getX() - POD_W / 2, "y", q.getY() - (ROW - 6) / 2,
            "width", POD_W, "height", ROW - 6, "rx", 4, "fill", muted ? "#f3f4f6" : "#ffffff",
            "stroke", muted ? HtmlCharts.MUTED : "#60a5fa", "stroke-dasharray", muted ? "3 2" : null);
        m.element("text", shorten(name, 24) + (pod.notReady() > 0 && pod.pods() == 1 ? " *" : ""),
            "x", q.getX() - POD_W / 2 + 8, "y", q.getY() + 4, "font-size", "11",
            "fill", muted ? HtmlCharts.SOFT_INK : HtmlCharts.INK);
        m.element("text", Numbers.percent(pod.share()), "x", q.getX() + POD_W / 2 - 8, "y", q.getY() + 4,
            "text-anchor", "end", "font-size", "11", "fill", HtmlCharts.SOFT_INK);
        m.close("g");
      }
    }
    return m.close("svg").nl().toString();
  }

  /** The caption under the picture. */
  static String caption(ServiceReport s) {
    return "Amber edges: connections that entered the cluster at a node (ingressConnections); purple"
        + " arrows: connections a node forwarded to a pod on another node (forwardedTo, the second hop);"
        + " blue edges: connections a pod served. An edge's width grows with the square root of its count;"
        + " a dashed edge carried none."
        + (s.pods().size() > MAX_PODS_DRAWN
            ? " With " + s.pods().size() + " pods, each node's pods are drawn as one box; the pod chart"
                + " and table have every pod."
            : "")
        + " * not Ready the whole window.";
  }

  private static void edge(Markup m, Point2D from, double fromWidth, Point2D to, double toWidth, double weight,
      double maxWeight, String colour, String what) {
    double x1 = from.getX() + fromWidth / 2;
    double x2 = to.getX() - toWidth / 2;
    double mid = (x1 + x2) / 2;
    double width = weight > 0 ? width(weight, maxWeight) : 1;
    String d = "M" + Markup.num(x1) + " " + Markup.num(from.getY()) + " C" + Markup.num(mid) + " "
        + Markup.num(from.getY()) + " " + Markup.num(mid) + " " + Markup.num(to.getY()) + " " + Markup.num(x2)
        + " " + Markup.num(to.getY());
    long count = (long) weight;
    m.open("path", "class", "edge", "d", d, "fill", "none", "stroke", weight > 0 ? colour : HtmlCharts.MUTED,
        "stroke-opacity", "0.6", "stroke-width", width, "stroke-dasharray", weight > 0 ? null : "4 3");
    m.element("title", what + " " + count + " connections").close("path");
    m.element("text", Long.toString(count), "x", x2 - 6, "y", to.getY() - width / 2 - 3, "text-anchor", "end",
        "class", "edge-label", "font-size", "10", "fill", HtmlCharts.INK);
  }

  /**
   * A forwarding arrow from one node to another, an arc bulging left of the node column (the
   * farther apart the nodes, the wider the arc; upward arcs wider than downward ones), labelled
   * with its count at its apex.
   */
  private static void forward(Markup m, String id, Point2D from, Point2D to, double weight, double maxWeight,
      String what) {
    double x = NODE_X - NODE_W / 2;
    double y1 = from.getY() - 3;
    double y2 = to.getY() + 3;
    // upward arcs bulge farther, so that a pair of nodes forwarding both ways gives two arcs
    double bulge = Math.min(MAX_BULGE, 36 + 0.45 * Math.abs(y2 - y1) + (y2 < y1 ? 24 : 0));
    double width = width(weight, maxWeight);
    String d = "M" + Markup.num(x) + " " + Markup.num(y1) + " C" + Markup.num(x - bulge) + " " + Markup.num(y1)
        + " " + Markup.num(x - bulge) + " " + Markup.num(y2) + " " + Markup.num(x) + " " + Markup.num(y2);
    m.open("path", "class", "forward", "d", d, "fill", "none", "stroke", HtmlCharts.EVENT, "stroke-opacity", "0.55",
        "stroke-width", width, "marker-end", "url(#" + id + "-forward)");
    m.element("title", what + " " + (long) weight + " connections").close("path");
    // the label at the apex; an upward arc's label a line lower, clear of the downward one's
    m.element("text", Long.toString((long) weight), "x", x - 0.75 * bulge - 4, "y", (y1 + y2) / 2 + (y2 < y1 ? 12 : -2),
        "text-anchor", "end", "class", "edge-label", "font-size", "10", "fill", HtmlCharts.EVENT);
  }

  /** An edge's stroke width: from 1.5 up to {@link #MAX_EDGE}, growing with the square root of its count. */
  private static double width(double weight, double maxWeight) {
    return 1.5 + (MAX_EDGE - 1.5) * Math.sqrt(weight / maxWeight);
  }

  private static String[] zoneColour(int index, String zone) {
    return zone.isEmpty() ? new String[] {"#f9fafb", "#d1d5db"} : ZONE_COLOURS[index % ZONE_COLOURS.length];
  }

  private static String shorten(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
