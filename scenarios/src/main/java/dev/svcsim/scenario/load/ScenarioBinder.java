package dev.svcsim.scenario.load;

import dev.svcsim.engine.random.Distribution;
import dev.svcsim.scenario.Problems;
import dev.svcsim.scenario.load.ScenarioSpec.ClusterSpec;
import dev.svcsim.scenario.load.ScenarioSpec.EventSpec;
import dev.svcsim.scenario.load.ScenarioSpec.ExpectationSpec;
import dev.svcsim.scenario.load.ScenarioSpec.LoadBalancerSpec;
import dev.svcsim.scenario.load.ScenarioSpec.NodeGroupSpec;
import dev.svcsim.scenario.load.ScenarioSpec.TrafficSpec;
import dev.svcsim.scenario.yaml.YamlMap;
import dev.svcsim.scenario.yaml.YamlNode;
import dev.svcsim.scenario.yaml.YamlScalar;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Binds the {@code kind: Scenario} document, strictly: an unknown field is an error with a "did
 * you mean" suggestion, every unit is parsed, every default of the format is applied.
 */
final class ScenarioBinder {

  /** The actions of {@code spec.events}. */
  static final List<String> ACTIONS =
      List.of(
          "deletePod", "killPod", "scale", "rollout", "failNode", "recoverNode", "drainNode",
          "patch", "setRate");

  private final Problems problems;

  ScenarioBinder(Problems problems) {
    this.problems = problems;
  }

  ScenarioSpec bind(YamlMap root) {
    Fields f = new Fields(root, "", problems, true);
    f.string("apiVersion");
    f.string("kind");
    Metadata metadata = Metadata.bind(f, root, problems, "Scenario", "metadata.name");
    String name = metadata.name();
    String description = metadata.description();
    Fields spec = f.object("spec");
    f.finish();
    if (spec == null) {
      problems.error(root.location(), "spec", "Required value: the Scenario needs spec.duration");
      spec = new Fields(new YamlMap(root.location(), List.of()), "spec", problems, true);
    }
    long seed = spec.integer("seed", Long.MIN_VALUE, Long.MAX_VALUE, 1L);
    Long duration = spec.duration("duration");
    if (duration == null && !spec.has("duration")) {
      problems.error(spec.map().location(), spec.pathOf("duration"), "Required value: how much simulated time to measure, e.g. 60s");
    } else if (duration != null && duration <= 0) {
      spec.error("duration", "must be greater than 0s");
      duration = null;
    }
    long warmup = spec.duration("warmup", 0L);
    List<Fields.Item> manifests = spec.list("manifests");
    ClusterSpec cluster = cluster(spec.object("cluster"), spec);
    LoadBalancerSpec lb = loadBalancer(spec.object("loadBalancer"));
    String scheduler = spec.oneOf("scheduler", List.of("spread", "binpack", "random"));
    List<TrafficSpec> traffic = new ArrayList<>();
    for (Fields t : spec.objects("traffic")) {
      traffic.add(traffic(t));
    }
    List<EventSpec> events = new ArrayList<>();
    int index = 0;
    for (Fields e : spec.objects("events")) {
      events.add(event(e, index++));
    }
    List<ExpectationSpec> expectations = new ArrayList<>();
    for (Fields e : spec.objects("expectations")) {
      expectations.add(expectation(e));
    }
    spec.finish();
    return new ScenarioSpec(
        new Source(root),
        name,
        description,
        seed,
        duration,
        warmup,
        manifests,
        cluster,
        lb,
        scheduler == null ? "spread" : scheduler,
        traffic,
        events,
        expectations);
  }

  private ClusterSpec cluster(Fields c, Fields parent) {
    if (c == null) {
      c = new Fields(new YamlMap(parent.map().location(), List.of()), parent.pathOf("cluster"), problems, true);
    }
    String serviceCIDR = c.string("serviceCIDR", "10.96.0.0/12");
    String podCIDR = c.string("podCIDR", "10.244.0.0/16");
    String nodeCIDR = c.string("nodeCIDR", "192.168.0.0/16");
    String range = "30000-32767";
    YamlNode rangeNode = c.node("nodePortRange");
    if (rangeNode instanceof YamlScalar s && !s.isNull()) {
      range = s.text();
    } else if (rangeNode != null) {
      c.error("nodePortRange", "must be a port range such as 30000-32767, not " + rangeNode.describe());
    }
    String mode = "iptables";
    String ipvsScheduler = "rr";
    boolean masqueradeAll = false;
    long syncDelay = 1_000_000_000L;
    boolean terminatingFallback = true;
    Fields kp = c.object("kubeProxy");
    if (kp != null) {
      mode = orDefault(kp.oneOf("mode", List.of("iptables", "ipvs", "nftables", "userspace")), mode);
      ipvsScheduler =
          orDefault(
              kp.oneOf("ipvsScheduler", List.of("rr", "wrr", "lc", "wlc", "sh", "dh", "sed", "nq", "mh")),
              ipvsScheduler);
      masqueradeAll = kp.bool("masqueradeAll", false);
      syncDelay = kp.duration("syncDelay", syncDelay);
      terminatingFallback = kp.bool("terminatingEndpointFallback", true);
      kp.finish();
    }
    long grace = c.duration("nodeMonitorGracePeriod", 40_000_000_000L);
    List<NodeGroupSpec> nodes = new ArrayList<>();
    for (Fields n : c.objects("nodes")) {
      String name = n.string("name");
      String prefix = n.string("namePrefix");
      Long count = n.integer("count", 1, 5000);
      if (name == null && prefix == null) {
        problems.error(n.map().location(), n.pathOf("name"), "Required value: give a node a name, or a group a namePrefix and a count");
      } else if (name != null && prefix != null) {
        n.errorAtKey("namePrefix", "give either name (one node) or namePrefix and count (a group), not both");
      } else if (name != null && n.has("count")) {
        n.errorAtKey("count", "count goes with namePrefix; a named entry is one node");
      } else if (prefix != null && count == null && !n.has("count")) {
        problems.error(n.map().location(), n.pathOf("count"), "Required value: how many nodes the group " + YamlScalar.quote(prefix) + " has");
      }
      nodes.add(
          new NodeGroupSpec(
              n.path(), name, prefix, count == null ? 1 : count.intValue(), n.string("zone", ""), n.stringMap("labels")));
      n.finish();
    }
    Map<String, Distribution> latency = new LinkedHashMap<>();
    latency.put("sameNode", new Distribution.Constant(10_000L));
    latency.put("sameZone", new Distribution.Constant(100_000L));
    latency.put("crossZone", new Distribution.Constant(1_000_000L));
    latency.put("external", new Distribution.Constant(5_000_000L));
    Distribution userspace = new Distribution.Constant(200_000L);
    Fields net = c.object("network");
    if (net != null) {
      Fields lat = net.object("latency");
      if (lat != null) {
        for (String k : List.copyOf(latency.keySet())) {
          Distribution d = lat.distribution(k);
          if (d != null) {
            latency.put(k, d);
          }
        }
        lat.finish();
      }
      Distribution u = net.distribution("userspaceProxyOverhead");
      if (u != null) {
        userspace = u;
      }
      net.finish();
    }
    c.finish();
    return new ClusterSpec(
        serviceCIDR, podCIDR, nodeCIDR, range, mode, ipvsScheduler, masqueradeAll, syncDelay, terminatingFallback,
        grace, nodes, latency, userspace);
  }

  private static String orDefault(String v, String d) {
    return v == null ? d : v;
  }

  private LoadBalancerSpec loadBalancer(Fields lb) {
    String provider = "cloud";
    long interval = 8_000_000_000L;
    int unhealthy = 3;
    int healthy = 1;
    if (lb != null) {
      provider = orDefault(lb.oneOf("provider", List.of("cloud", "metallb-l2", "metallb-bgp")), provider);
      Fields hc = lb.object("healthCheck");
      if (hc != null) {
        Long i = hc.duration("interval");
        if (i != null && i <= 0) {
          hc.error("interval", "must be greater than 0s");
        } else if (i != null) {
          interval = i;
        }
        unhealthy = (int) hc.integer("unhealthyThreshold", 1, 1000, unhealthy);
        healthy = (int) hc.integer("healthyThreshold", 1, 1000, healthy);
        hc.finish();
      }
      lb.finish();
    }
    return new LoadBalancerSpec(provider, interval, unhealthy, healthy);
  }

  private TrafficSpec traffic(Fields t) {
    String name = t.requiredString("name");
    String from = t.requiredString("from");
    int clients = (int) t.integer("clients", 1, 16_777_216, 100);
    String clientCIDR = t.string("clientCIDR", "203.0.113.0/24");
    String to = t.requiredString("to");
    String via = t.oneOf("via", List.of("loadBalancer", "nodePort", "clusterIP", "externalIP", "dns"));
    List<String> nodes = List.of();
    YamlNode n = t.node("nodes");
    if (n instanceof YamlScalar s && s.text().equals("any")) {
      nodes = List.of();
    } else if (n != null) {
      nodes = t.strings("nodes");
      if (nodes.isEmpty() && !(n instanceof YamlScalar)) {
        t.error("nodes", "must be \"any\" or a non-empty list of node names");
      } else if (n instanceof YamlScalar s) {
        t.error("nodes", "must be \"any\" or a list of node names, not " + s.describe());
      }
    }
    Double rate = t.rate("rate");
    if (rate == null && !t.has("rate")) {
      problems.error(t.map().location(), t.pathOf("rate"), "Required value: new connections per second, e.g. 100/s");
    }
    String arrival = orDefault(t.oneOf("arrival", List.of("poisson", "constant")), "poisson");
    Distribution requests = counts(t, "requestsPerConnection");
    Distribution think = t.distribution("thinkTime");
    long start = t.duration("start", 0L);
    Long stop = t.duration("stop");
    if (stop != null && stop < start) {
      t.error("stop", "must not be before start (" + dev.svcsim.engine.units.Durations.format(start) + ")");
    }
    t.finish();
    return new TrafficSpec(
        t.path(),
        name,
        from,
        clients,
        clientCIDR,
        to,
        via,
        nodes,
        rate,
        arrival,
        requests == null ? new Distribution.Constant(1L) : requests,
        think == null ? new Distribution.Constant(0L) : think,
        start,
        stop);
  }

  private static final Pattern NUMBER = Pattern.compile("(?<![\\w.])(\\d+(?:\\.\\d+)?)(?![\\w.])");

  /**
   * A count or a distribution of counts: {@code 5}, {@code const(5)}, {@code uniform(1,10)},
   * {@code exp(20)}, {@code empirical(1,1,2,100)}, {@code pareto(1,1.5)} (scale, shape),
   * {@code lognormal(10,5)}. Counts ride on the engine's distributions as "nanoseconds".
   */
  private Distribution counts(Fields t, String key) {
    YamlNode n = t.node(key);
    if (n == null) {
      return null;
    }
    if (!(n instanceof YamlScalar s)) {
      t.error(key, "must be a count such as 10 or a distribution such as uniform(1,100), not " + n.describe());
      return null;
    }
    if (s.type() == YamlScalar.Type.INTEGER) {
      Long v = t.integer(key, 1, 1_000_000_000L);
      return v == null ? null : new Distribution.Constant(v);
    }
    String text = s.text().trim();
    if (!text.matches("[a-z]+\\(.*\\)")) {
      t.error(key, "must be a count such as 10 or a distribution such as uniform(1,100), not " + s.describe());
      return null;
    }
    if (Pattern.compile("\\d\\s*[a-zA-Z\u00b5\u03bc]").matcher(text.substring(text.indexOf('('))).find()) {
      t.error(key, "counts have no unit: write " + YamlScalar.quote(text.replaceAll("(\\d)\\s*[a-zA-Z\u00b5\u03bc]+", "$1"))
          + ", not " + YamlScalar.quote(text));
      return null;
    }
    boolean pareto = text.startsWith("pareto(");
    StringBuilder converted = new StringBuilder();
    Matcher m = NUMBER.matcher(text);
    int last = 0;
    int arg = 0;
    while (m.find()) {
      converted.append(text, last, m.start());
      String num = m.group(1);
      if (pareto && arg == 1) {
        converted.append(num);
      } else if (num.contains(".")) {
        t.error(key, "counts in " + YamlScalar.quote(text) + " must be whole numbers (" + num + ")");
        return null;
      } else {
        converted.append(num).append("ns");
      }
      arg++;
      last = m.end();
    }
    converted.append(text.substring(last));
    try {
      return Distribution.parse(converted.toString());
    } catch (IllegalArgumentException e) {
      t.error(key, "not a distribution of counts: " + YamlScalar.quote(text) + ": " + e.getMessage().replace("ns", ""));
      return null;
    }
  }

  private EventSpec event(Fields e, int index) {
    Long at = e.duration("at");
    if (at == null && !e.has("at")) {
      problems.error(e.map().location(), e.pathOf("at"), "Required value: when the event happens, e.g. 20s");
    }
    String action = e.oneOf("action", ACTIONS);
    if (action == null && !e.has("action")) {
      problems.error(e.map().location(), e.pathOf("action"), "Required value: one of " + String.join(", ", ACTIONS));
    }
    String target = e.requiredString("target");
    Long grace = null;
    Long replicas = null;
    String surge = null;
    String unavailable = null;
    Map<String, YamlNode> set = new LinkedHashMap<>();
    Double rate = null;
    if (action != null) {
      switch (action) {
        case "deletePod", "drainNode" -> grace = e.duration("gracePeriod"); // null: each pod's own
        case "scale" -> {
          replicas = e.integer("replicas", 0, 100_000);
          if (replicas == null && !e.has("replicas")) {
            problems.error(e.map().location(), e.pathOf("replicas"), "Required value: the new replica count");
          }
        }
        case "rollout" -> {
          surge = intOrPercent(e, "maxSurge", "25%");
          unavailable = intOrPercent(e, "maxUnavailable", "25%");
        }
        case "patch" -> {
          Fields s = e.object("set");
          if (s == null && !e.has("set")) {
            problems.error(e.map().location(), e.pathOf("set"), "Required value: the fields to change, e.g. {spec.externalTrafficPolicy: Local}");
          } else if (s != null) {
            for (YamlMap.Entry entry : s.map().entries()) {
              set.put(entry.key(), entry.value());
            }
            if (set.isEmpty()) {
              e.error("set", "must name at least one field to change");
            }
          }
        }
        case "setRate" -> {
          rate = e.rate("rate");
          if (rate == null && !e.has("rate")) {
            problems.error(e.map().location(), e.pathOf("rate"), "Required value: the new rate, e.g. 500/s");
          }
        }
        default -> {}
      }
    }
    e.finish();
    return new EventSpec(e.path(), index, at, action, target, grace, replicas, surge, unavailable, set, rate);
  }

  private static String intOrPercent(Fields e, String key, String defaultValue) {
    YamlNode n = e.node(key);
    if (n == null) {
      return defaultValue;
    }
    if (n instanceof YamlScalar s && s.text().matches("\\d{1,6}%?")) {
      return s.text();
    }
    e.error(key, "must be a count (2) or a percentage (25%), not " + n.describe());
    return defaultValue;
  }

  /** One entry of {@code spec.expectations} (a Sweep's expectations have the same form). */
  ExpectationSpec expectation(Fields e) {
    String name = e.requiredString("name");
    String metric = e.requiredString("metric");
    String op = e.oneOf("op", List.of("==", "!=", "<", "<=", ">", ">="));
    if (op == null && !e.has("op")) {
      problems.error(e.map().location(), e.pathOf("op"), "Required value: one of ==, !=, <, <=, >, >=");
    }
    Double value = e.number("value", -Double.MAX_VALUE, Double.MAX_VALUE);
    if (value == null && !e.has("value")) {
      problems.error(e.map().location(), e.pathOf("value"), "Required value: the number to compare with");
    }
    Double tolerance = e.number("tolerance", 0, Double.MAX_VALUE);
    e.finish();
    return new ExpectationSpec(e.path(), name, metric, op, value, tolerance == null ? 0.0 : tolerance);
  }
}
