package dev.svcsim.models.dataplane;

import dev.svcsim.models.net.Ipv4Cidr;
import dev.svcsim.models.result.FailureReason;
import dev.svcsim.models.scenario.EntryPath;
import dev.svcsim.models.service.Service;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * One node's kube-proxy: the rules it has programmed for every Service port, and how it picks
 * an endpoint for a new connection. The shared part (categorizing endpoints, caching the result
 * per published version, LB source ranges) lives here; each mode only decides and picks.
 */
abstract class KubeProxy {

  final DataPlaneRun run;
  final NodeState node;
  /** This node's own stream for endpoint picks. */
  final UniformRandomProvider rng;
  private EndpointCategorizer.Categorized[] rules = new EndpointCategorizer.Categorized[4];
  private int[] ruleVersions = new int[4];

  KubeProxy(DataPlaneRun run, NodeState node) {
    this.run = run;
    this.node = node;
    this.rng = run.streams.stream("proxy/" + node.name());
  }

  /**
   * Routes a new connection that reached this node for {@code p} through {@code kind} (ClusterIP,
   * NodePort, LB IP or externalIP). On success sets {@code c.endpoint} and {@code c.seenSourceIp}
   * and returns null; otherwise returns why the connection failed.
   */
  abstract FailureReason connect(Connection c, PortState p, EntryPath kind);

  /**
   * What a proxy decided before picking an endpoint. One per proxy, refilled for every new
   * connection (so routing allocates nothing); the tracer reads it at once.
   */
  static final class Choice {
    private Endpoint[] list;
    private String policy = "";
    private boolean masquerade;
    private String masqueradeWhy = "";
    private FailureReason refused;

    /** The candidates, or null when the connection is refused. */
    Endpoint[] list() {
      return list;
    }

    /** Which list applied, in words ({@code cluster}, {@code local}, ...). */
    String policy() {
      return policy;
    }

    /** Whether the packet is source-NATed to the node's address. */
    boolean masquerade() {
      return masquerade;
    }

    /** Why, or why not, in words. */
    String masqueradeWhy() {
      return masqueradeWhy;
    }

    /** Why the connection is refused, or null. */
    FailureReason refused() {
      return refused;
    }

    /** Candidates found: the pick comes next. */
    Choice set(Endpoint[] list, String policy, boolean masquerade, String masqueradeWhy) {
      this.list = list;
      this.policy = policy;
      this.masquerade = masquerade;
      this.masqueradeWhy = masqueradeWhy;
      this.refused = null;
      return this;
    }

    /** The connection is refused. */
    Choice refuse(FailureReason why) {
      this.list = null;
      this.policy = "";
      this.masquerade = false;
      this.masqueradeWhy = "";
      this.refused = why;
      return this;
    }
  }

  /** This proxy's decision for the connection being routed. */
  final Choice choice = new Choice();

  /**
   * How the last pick for a traced connection was made, in words (affinity, scheduler state);
   * set only while a traced connection is being routed.
   */
  String pickNote = "";

  /**
   * Tells the run's tracer what this proxy did with a traced connection, and returns
   * {@code result}. Costs nothing for connections nobody traces.
   */
  final FailureReason traced(Connection c, PortState p, EntryPath kind, Choice choice, Endpoint chosen,
      boolean masquerade, String masqueradeWhy, FailureReason result) {
    if (c.traced) {
      run.tracer.proxy(this, c, p, kind, choice, chosen, masquerade, masqueradeWhy, pickNote, result);
      pickNote = "";
    }
    return result;
  }

  /** Words for the masquerade of a pod reaching itself through its own Service. */
  static final String HAIRPIN = "hairpin: the endpoint is the client itself, so KUBE-SEP marks it for"
      + " masquerade and the pod sees the node's address";

  /** A connection this proxy routed has ended (for modes that count open connections). */
  void closed(Connection c) {}

  /** The categorized endpoints of {@code p} as this node programmed them. */
  final EndpointCategorizer.Categorized rules(PortState p) {
    if (p.index >= rules.length) {
      int n = Math.max(p.index + 1, rules.length * 2);
      rules = java.util.Arrays.copyOf(rules, n);
      ruleVersions = java.util.Arrays.copyOf(ruleVersions, n);
    }
    EndpointCategorizer.Categorized r = rules[p.index];
    if (r == null || ruleVersions[p.index] != p.version) {
      r = EndpointCategorizer.categorize(p.published, p.publishedService, node, run.scenario.cluster().kubeProxy().terminatingEndpointFallback());
      rules[p.index] = r;
      ruleVersions[p.index] = p.version;
    }
    return r;
  }

  final boolean fromPodNetwork(Connection c) {
    return (c.clientIp & run.podNetworkMask) == run.podNetworkBase;
  }

  /** Whether this node is the client's own node (the connection came from a pod or the host here). */
  final boolean fromThisNode(Connection c) {
    return c.clientNode == node;
  }

  /**
   * {@code loadBalancerSourceRanges} on traffic to the LB IP (never on NodePorts): allowed when a
   * range holds the source, or when a range holds this node's IP and the source is the node.
   */
  static boolean sourceRangeAllows(Service s, EntryPath kind, Connection c, NodeState node) {
    if (kind != EntryPath.LOAD_BALANCER || s.loadBalancerSourceRanges().isEmpty()) {
      return true;
    }
    dev.svcsim.models.net.Ipv4Address src = new dev.svcsim.models.net.Ipv4Address(c.clientIp);
    for (Ipv4Cidr r : s.loadBalancerSourceRanges()) {
      if (r.contains(src)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The checks that come before any endpoint is considered: the port must still be proxied
   * ({@code noEndpoints} otherwise) and the source allowed by {@code loadBalancerSourceRanges}.
   */
  final FailureReason admit(Connection c, PortState p, EntryPath kind) {
    if (!proxied(p)) {
      return FailureReason.NO_ENDPOINTS;
    }
    return sourceRangeAllows(p.publishedService, kind, c, node) ? null : FailureReason.SOURCE_RANGE_BLOCKED;
  }

  /** Fails a connection whose port no longer exists or whose Service kube-proxy does not proxy. */
  static boolean proxied(PortState p) {
    return p.publishedPort != null && p.publishedService != null
        && p.publishedService.clusterIP() != null;
  }
}
