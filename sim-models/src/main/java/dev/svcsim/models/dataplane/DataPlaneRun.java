package dev.svcsim.models.dataplane;

import dev.svcsim.engine.EventHandler;
import dev.svcsim.engine.Simulation;
import dev.svcsim.engine.random.RandomStreams;
import dev.svcsim.models.cluster.Node;
import dev.svcsim.models.cluster.Pod;
import dev.svcsim.models.cluster.PodPerformance;
import dev.svcsim.models.net.Ipv4Address;
import dev.svcsim.models.result.FailureReason;
import dev.svcsim.models.result.RunResult;
import dev.svcsim.models.scenario.EntryPath;
import dev.svcsim.models.scenario.NetworkConfig;
import dev.svcsim.models.scenario.Origin;
import dev.svcsim.models.scenario.Scenario;
import dev.svcsim.models.scenario.TimelineEvent;
import dev.svcsim.models.scenario.TrafficSource;
import dev.svcsim.models.service.EndpointAddress;
import dev.svcsim.models.service.EndpointPort;
import dev.svcsim.models.service.ManualEndpoints;
import dev.svcsim.models.service.Service;
import dev.svcsim.models.service.ServicePort;
import dev.svcsim.models.service.ServiceType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import dev.svcsim.engine.random.LongSampler;

/**
 * One run of a scenario: the cluster's state, the control plane (endpoints, controllers, the
 * timeline), every node's kube-proxy, the load balancers, the traffic, and the counters. Built
 * and driven by {@link DataPlane#run}; not reusable.
 *
 * <p>The life of a connection: {@link #arrive} (a traffic source's arrival event) picks the client
 * and {@link #route}s it — to a node through the load balancer, a NodePort, an externalIP, or on
 * the client's own node for ClusterIP traffic — where that node's {@link KubeProxy} chooses the
 * endpoint or says why not. An established connection sends its requests one after the other
 * ({@link #sendRequest}, {@link #atPod}, {@link #serviceDone}); it ends {@link #close delivered}
 * after its last response, or {@link #fail failed} with exactly one reason.
 */
final class DataPlaneRun {

  static final int LEG_NONE = 0;
  static final int LEG_SAME_NODE = 1;
  static final int LEG_SAME_ZONE = 2;
  static final int LEG_CROSS_ZONE = 3;
  static final int LEG_EXTERNAL = 4;

  /** How long pods on an unreachable node stay before eviction (the default toleration). */
  static final long EVICTION_NANOS = 300_000_000_000L;
  /** CoreDNS's default record TTL for Services (kubernetes plugin {@code ttl 5}). */
  static final long DNS_TTL_NANOS = 5_000_000_000L;

  final Scenario scenario;
  final RunOptions options;
  final Simulation sim = new Simulation();
  final RandomStreams streams;
  final boolean masqueradeAll;
  final int podNetworkBase;
  final int podNetworkMask;
  final LongSampler userspaceOverhead;
  private final LongSampler[] legs = new LongSampler[5];
  private final LongSampler externalServiceTime;

  final NodeState[] nodes;
  private final Map<String, NodeState> nodesByName = new HashMap<>();
  /** Every pod ever created, in creation order. */
  private final List<PodState> pods = new ArrayList<>();
  /** Pods still in the API, by {@code ns/name}. */
  private final Map<String, PodState> livePods = new HashMap<>();
  private final Map<Integer, PodState> podsByIp = new HashMap<>();
  final ServiceState[] services;
  private final Map<String, ServiceState> servicesByKey = new HashMap<>();
  private int portCount;
  private final Controllers controllers;
  private final TrafficGenerator[] generators;
  private final Map<String, TrafficGenerator> generatorsByName = new HashMap<>();

  final long windowStart;
  final long windowEnd;
  private final int buckets;
  boolean inWindow;
  boolean draining;

  private Connection[] pool = new Connection[64];
  private int[] free = new int[64];
  private int freeCount;
  private int poolSize;
  private long connectionsSimulated;

  private final ArrayDeque<Object[]> pendingPublishes = new ArrayDeque<>();
  final List<String> warnings = new ArrayList<>();
  final List<RunResult.TimelineMark> marks = new ArrayList<>();

  /** Follows the connections {@code svcsim explain} asks about; null in ordinary runs. */
  Tracer tracer;

  private final EventHandler arrivalHandler = this::arrive;
  private final EventHandler atPodHandler = this::atPod;
  private final EventHandler doneHandler = this::serviceDone;
  private final EventHandler nextRequestHandler = this::nextRequest;
  private final EventHandler publishHandler = a -> publish();

  DataPlaneRun(Scenario scenario, RunOptions options) {
    this.scenario = scenario;
    this.options = options;
    this.streams = new RandomStreams(scenario.seed(), options.replication());
    var cluster = scenario.cluster();
    this.masqueradeAll = cluster.kubeProxy().masqueradeAll();
    this.podNetworkMask = cluster.podCidr().prefix() == 0 ? 0 : -1 << (32 - cluster.podCidr().prefix());
    this.podNetworkBase = cluster.podCidr().base().bits() & podNetworkMask;
    NetworkConfig net = cluster.network();
    legs[LEG_SAME_NODE] = net.sameNode().sampler(streams.stream("network/sameNode"));
    legs[LEG_SAME_ZONE] = net.sameZone().sampler(streams.stream("network/sameZone"));
    legs[LEG_CROSS_ZONE] = net.crossZone().sampler(streams.stream("network/crossZone"));
    legs[LEG_EXTERNAL] = net.external().sampler(streams.stream("network/external"));
    this.userspaceOverhead = net.userspaceProxyOverhead().sampler(streams.stream("network/userspace"));
    this.externalServiceTime = PodPerformance.DEFAULT.serviceTime().sampler(streams.stream("service-time/external"));
    this.windowStart = scenario.warmupNanos();
    this.windowEnd = scenario.endNanos();
    this.buckets = (int) Math.max(1, (scenario.durationNanos() + options.intervalNanos() - 1) / options.intervalNanos());

    nodes = new NodeState[scenario.nodes().size()];
    for (int i = 0; i < nodes.length; i++) {
      Node n = scenario.nodes().get(i);
      nodes[i] = new NodeState(n, i);
      nodesByName.put(n.name(), nodes[i]);
    }
    for (NodeState n : nodes) {
      n.proxy = switch (cluster.kubeProxy().mode()) {
        case IPTABLES, NFTABLES -> new NetfilterProxy(this, n);
        case IPVS -> new IpvsProxy(this, n, cluster.kubeProxy().ipvsScheduler());
        case USERSPACE -> new UserspaceProxy(this, n);
      };
    }
    services = new ServiceState[scenario.services().size()];
    List<Service> sorted = new ArrayList<>(scenario.services());
    sorted.sort(Comparator.comparing(Service::key));
    for (int i = 0; i < services.length; i++) {
      Service svc = sorted.get(i);
      ServiceState s = new ServiceState(i, svc, new ServiceStats(nodes.length, buckets));
      services[i] = s;
      servicesByKey.put(svc.key(), s);
      syncPorts(s);
    }
    controllers = new Controllers(this, scenario);
    for (Pod p : scenario.pods()) {
      PodState ps = addPod(p, 0L);
      ps.ready = true;
    }
    controllers.adoptInitialPods();
    // The cluster has been running before time 0: every proxy starts with the current endpoints.
    for (ServiceState s : services) {
      for (PortState p : s.ports) {
        p.truth = computeEndpoints(s, p);
        p.lastQueuedService = s.service;
        p.lastQueuedPort = p.port;
        p.publishedService = s.service;
        p.publishedPort = p.port;
        p.published = p.truth;
        p.version++;
      }
      if (s.service.type() == ServiceType.LOAD_BALANCER) {
        s.loadBalancer = newLoadBalancer(s);
      }
    }
    generators = new TrafficGenerator[scenario.traffic().size()];
    for (int i = 0; i < generators.length; i++) {
      TrafficSource t = scenario.traffic().get(i);
      ServiceState s = servicesByKey.get(t.serviceKey());
      PortState port = s.port(t.servicePort());
      if (port == null) {
        port = s.ports.isEmpty() ? newPort(s, t.servicePort(), null) : s.ports.get(0);
      }
      generators[i] = new TrafficGenerator(this, i, t, s, port);
      generatorsByName.put(t.name(), generators[i]);
    }
  }

  // ---------------------------------------------------------------------------------------
  // Running

  RunResult run() {
    start();
    runReportingProgress();
    return finish();
  }

  /**
   * Runs up to {@code atNanos} (the timeline's clock; events at exactly that time included) and
   * returns what every node's kube-proxy has programmed then.
   */
  List<dev.svcsim.models.rules.NodeView> viewsAt(long atNanos) {
    start();
    sim.runUntil(Math.max(0, atNanos));
    List<dev.svcsim.models.rules.NodeView> out = new ArrayList<>(nodes.length);
    for (NodeState n : nodes) {
      out.add(Views.node(this, n));
    }
    return out;
  }

  /**
   * Runs until the connection {@code request} asks for has ended (or the run is over) and
   * returns its life, hop by hop.
   */
  dev.svcsim.models.explain.Explanation explain(dev.svcsim.models.explain.ExplainRequest request) {
    TrafficGenerator g = generatorsByName.get(request.traffic());
    if (g == null) {
      throw new IllegalArgumentException("no traffic source named '" + request.traffic() + "'");
    }
    tracer = new Tracer(this, request);
    start();
    sim.runUntil(windowEnd);
    if (tracer.result == null) {
      stopTraffic();
      sim.run();
    }
    return tracer.finish(g.service.key(), g.port.id);
  }

  /** Schedules the window, the first arrivals and the timeline. */
  private void start() {
    // first, so that a connection or event at the very start of the window counts inside it
    sim.scheduleAt(windowStart, a -> openWindow(), 0);
    for (TrafficGenerator g : generators) {
      // a Poisson stream's first arrival is one exponential gap after its start; a constant one
      // starts with an arrival
      g.nextAtNanos = g.spec.startNanos()
          + (g.spec.arrival() == dev.svcsim.models.scenario.Arrival.POISSON && g.ratePerSecond > 0 ? g.gapNanos() : 0);
      scheduleArrival(g);
    }
    for (TimelineEvent e : scenario.events()) {
      if (e.atNanos() < windowEnd) {
        sim.scheduleAt(e.atNanos(), a -> apply(e), e.index());
      }
    }
  }

  /** Stops the traffic, lets every open connection finish and builds the result. */
  private RunResult finish() {
    stopTraffic();
    sim.run();
    for (PodState p : pods) {
      accrueBusy(p);
    }
    return Results.build(this);
  }

  /** The window is over: no new connections, no more probes; open connections may finish. */
  private void stopTraffic() {
    draining = true;
    for (TrafficGenerator g : generators) {
      sim.cancel(g.nextEvent);
    }
    for (ServiceState s : services) {
      if (s.loadBalancer != null) {
        s.loadBalancer.stop();
      }
    }
  }

  /** How many steps {@link #runReportingProgress} cuts the run into. */
  private static final int PROGRESS_STEPS = 1000;

  /**
   * Runs to the end of the window in steps of simulated time, telling {@code options.progress()}
   * after each. Only event handlers schedule events, so where the loop pauses changes nothing.
   */
  private void runReportingProgress() {
    RunProgress progress = options.progress();
    if (progress == RunProgress.NONE) {
      sim.runUntil(windowEnd);
      return;
    }
    long step = Math.max(1, windowEnd / PROGRESS_STEPS);
    while (sim.nowNanos() < windowEnd) {
      sim.runUntil(Math.min(windowEnd, sim.nowNanos() + step));
      progress.simulated(sim.nowNanos(), windowEnd);
    }
  }

  private void openWindow() {
    inWindow = true;
    for (PodState p : pods) {
      p.busySince = sim.nowNanos();
      if (!p.ready || p.gone) {
        p.unreadyInWindow = true;
      }
    }
    for (ServiceState s : services) {
      for (PortState p : s.ports) {
        registerEndpointPods(s, p.truth);
      }
    }
  }

  private void scheduleArrival(TrafficGenerator g) {
    if (draining || g.ratePerSecond <= 0) {
      g.nextEvent = Simulation.NO_EVENT;
      return;
    }
    long at = (long) Math.ceil(g.nextAtNanos);
    if (at < sim.nowNanos()) {
      at = sim.nowNanos();
    }
    if (at >= g.spec.stopNanos() || at >= windowEnd) {
      g.nextEvent = Simulation.NO_EVENT;
      return;
    }
    g.nextEvent = sim.scheduleAt(at, arrivalHandler, g.index);
  }

  void setRate(TrafficGenerator g, double rate) {
    sim.cancel(g.nextEvent);
    g.ratePerSecond = rate;
    g.nextAtNanos = Math.max(sim.nowNanos(), g.spec.startNanos()) + (rate > 0 ? g.gapNanos() : 0);
    scheduleArrival(g);
  }

  // ---------------------------------------------------------------------------------------
  // Connections

  private Connection allocate() {
    if (freeCount > 0) {
      return pool[free[--freeCount]];
    }
    if (poolSize == pool.length) {
      pool = Arrays.copyOf(pool, pool.length * 2);
      free = Arrays.copyOf(free, free.length * 2);
    }
    Connection c = new Connection(poolSize);
    pool[poolSize++] = c;
    return c;
  }

  private void release(Connection c) {
    c.reset();
    free[freeCount++] = c.slot;
  }

  private void arrive(long index) {
    TrafficGenerator g = generators[(int) index];
    g.nextAtNanos += g.gapNanos();
    scheduleArrival(g);
    Connection c = allocate();
    if (!pickClient(g, c)) {
      g.skipped++;
      release(c);
      return;
    }
    connectionsSimulated++;
    c.source = g;
    c.service = g.service;
    c.port = g.port;
    long now = sim.nowNanos();
    c.measured = inWindow && now < windowEnd;
    if (c.measured) {
      c.bucket = (int) Math.min(buckets - 1, (now - windowStart) / options.intervalNanos());
      c.service.stats.generated++;
    }
    long n = g.requests.sample();
    c.requestsLeft = n < 1 ? 1 : (int) Math.min(n, Integer.MAX_VALUE);
    if (tracer != null && tracer.select(g, c)) {
      c.traced = true;
      tracer.client(c, g);
    }
    route(c, g);
  }

  private boolean pickClient(TrafficGenerator g, Connection c) {
    Origin from = g.spec.from();
    if (from instanceof Origin.External) {
      c.clientKind = TrafficGenerator.CLIENT_EXTERNAL;
      c.clientIp = g.clientIps[g.clientIps.length == 1 ? 0 : g.clients.nextInt(g.clientIps.length)];
      c.clientPort = TrafficGenerator.EPHEMERAL_FIRST + g.clients.nextInt(TrafficGenerator.EPHEMERAL_COUNT);
      return true;
    }
    PodState pod = null;
    if (from instanceof Origin.FromPod p) {
      pod = livePods.get(p.namespace() + "/" + p.name());
    } else if (from instanceof Origin.FromWorkload w) {
      pod = controllers.randomRunningPod(w.kind().word() + "/" + w.namespace() + "/" + w.name(), g.clients);
    } else if (from instanceof Origin.FromNode fn) {
      NodeState n = nodesByName.get(fn.name());
      if (n == null || !n.up) {
        return false;
      }
      c.clientKind = TrafficGenerator.CLIENT_NODE;
      c.clientNode = n;
      c.clientIp = n.ipBits;
      c.clientPort = TrafficGenerator.EPHEMERAL_FIRST + g.clients.nextInt(TrafficGenerator.EPHEMERAL_COUNT);
      return true;
    }
    if (pod == null || pod.gone) {
      return false;
    }
    c.clientKind = TrafficGenerator.CLIENT_POD;
    c.clientNode = pod.node;
    c.clientIp = pod.ipBits;
    c.clientPort = TrafficGenerator.EPHEMERAL_FIRST + g.clients.nextInt(TrafficGenerator.EPHEMERAL_COUNT);
    return true;
  }

  private void route(Connection c, TrafficGenerator g) {
    ServiceState s = c.service;
    Service svc = s.service;
    boolean external = c.clientKind == TrafficGenerator.CLIENT_EXTERNAL;
    if (svc.type() == ServiceType.EXTERNAL_NAME) {
      c.path = EntryPath.DNS;
      if (c.traced) {
        tracer.dns(c, null, null);
      }
      establishDirect(c, null, c.clientNode == null ? c.clientIp : c.clientNode.ipBits);
      return;
    }
    if (svc.headless()) {
      c.path = EntryPath.DNS;
      Endpoint e = dnsAnswer(c.port, g);
      if (c.traced) {
        tracer.dns(c, e, c.port.dnsAnswer);
      }
      if (e == null) {
        fail(c, FailureReason.NO_ENDPOINTS);
        return;
      }
      FailureReason gone = dialFailure(e);
      if (gone != null) {
        fail(c, gone);
        return;
      }
      c.endpoint = e;
      establishDirect(c, e, c.clientIp);
      return;
    }
    EntryPath via = g.spec.via() == EntryPath.DNS ? EntryPath.CLUSTER_IP : g.spec.via();
    c.path = via;
    NodeState entry;
    FailureReason why = null;
    switch (via) {
      case LOAD_BALANCER -> {
        if (svc.type() != ServiceType.LOAD_BALANCER || s.loadBalancer == null) {
          fail(c, FailureReason.NO_ENDPOINTS);
          return;
        }
        c.vipIndex = 0;
        if (external) {
          why = s.loadBalancer.route(c);
          entry = s.loadBalancer.chosen;
          c.legIn = LEG_EXTERNAL;
        } else {
          entry = c.clientNode;
          c.legIn = LEG_NONE;
        }
      }
      case NODE_PORT -> {
        entry = dialedNode(g);
        c.legIn = external ? LEG_EXTERNAL : leg(c.clientNode, entry, LEG_NONE);
      }
      case EXTERNAL_IP -> {
        int n = svc.externalIPs().size();
        if (n == 0) {
          fail(c, FailureReason.NO_ENDPOINTS);
          return;
        }
        c.vipIndex = n == 1 ? 0 : g.routing.nextInt(n);
        if (external) {
          entry = nodes[g.routing.nextInt(nodes.length)];
          c.legIn = LEG_EXTERNAL;
        } else {
          entry = c.clientNode;
          c.legIn = LEG_NONE;
        }
      }
      default -> {
        entry = c.clientNode;
        c.legIn = LEG_NONE;
      }
    }
    if (c.traced) {
      tracer.entry(c, g, via, why == null ? entry : null, why);
    }
    if (why == null && !entry.up) {
      why = FailureReason.NODE_DOWN;
    }
    c.entryNode = entry;
    if (why == null) {
      why = entry.proxy.connect(c, c.port, via);
    }
    if (why == null) {
      why = dialFailure(c.endpoint);
      if (why != null && c.traced) {
        tracer.staleEndpoint(c, c.endpoint, why);
      }
    }
    if (why != null) {
      fail(c, why);
      return;
    }
    establish(c, entry);
  }

  private NodeState dialedNode(TrafficGenerator g) {
    List<String> dial = g.spec.dialNodes();
    if (dial.isEmpty()) {
      return nodes[nodes.length == 1 ? 0 : g.routing.nextInt(nodes.length)];
    }
    return nodesByName.get(dial.get(dial.size() == 1 ? 0 : g.routing.nextInt(dial.size())));
  }

  /**
   * A headless Service's DNS answer: CoreDNS serves the Ready endpoints as A records with a
   * 5-second TTL and shuffles them per response; the client (glibc-style, no cache) takes the
   * first, so each connection goes to a uniformly random pod of an answer up to 5 s old.
   */
  private Endpoint dnsAnswer(PortState p, TrafficGenerator g) {
    long now = sim.nowNanos();
    if (p.dnsAnswer == null || now >= p.dnsAnswerUntil) {
      List<Endpoint> ready = new ArrayList<>();
      for (Endpoint e : p.published) {
        if (e.ready) {
          ready.add(e);
        }
      }
      p.dnsAnswer = ready.toArray(new Endpoint[0]);
      p.dnsAnswerUntil = now + DNS_TTL_NANOS;
    }
    Endpoint[] a = p.dnsAnswer;
    return a.length == 0 ? null : a[a.length == 1 ? 0 : g.routing.nextInt(a.length)];
  }

  /** Why a dial to this endpoint fails now (its pod is gone), or null. */
  FailureReason dialFailure(Endpoint e) {
    PodState p = e.pod;
    if (p == null || !p.gone) {
      return null;
    }
    return p.node.up ? FailureReason.POD_GONE : FailureReason.NODE_DOWN;
  }

  private int leg(NodeState from, NodeState to, int sameNode) {
    if (from == to) {
      return sameNode;
    }
    return from.node.zone().equals(to.node.zone()) ? LEG_SAME_ZONE : LEG_CROSS_ZONE;
  }

  private void establish(Connection c, NodeState entry) {
    Endpoint e = c.endpoint;
    c.pod = e.pod;
    NodeState podNode = e.node != null ? e.node : (e.pod != null ? e.pod.node : null);
    if (podNode == null) {
      c.hops = 1;
      c.legOut = LEG_EXTERNAL;
    } else {
      c.hops = podNode == entry ? 1 : 2;
      c.legOut = leg(entry, podNode, LEG_SAME_NODE);
      c.crossZone = !entry.node.zone().equals(podNode.node.zone());
      if (podNode != entry) {
        c.nodeNext = entry.forwardedHead;
        if (entry.forwardedHead != null) {
          entry.forwardedHead.nodePrev = c;
        }
        entry.forwardedHead = c;
      }
    }
    linkToPod(c);
    c.open = true;
    if (c.traced) {
      tracer.established(c, entry, podNode);
    }
    sendRequest(c);
  }

  /** A connection that reaches its backend with no kube-proxy in between (DNS names). */
  private void establishDirect(Connection c, Endpoint e, int seenSourceIp) {
    c.seenSourceIp = seenSourceIp;
    c.entryNode = c.clientNode;
    if (e == null) {
      c.hops = 0;
      c.legIn = c.clientNode == null ? LEG_EXTERNAL : LEG_NONE;
      c.legOut = LEG_EXTERNAL;
    } else {
      c.pod = e.pod;
      c.hops = 1;
      NodeState podNode = e.pod != null ? e.pod.node : e.node;
      c.legIn = LEG_NONE;
      if (podNode == null || c.clientNode == null) {
        c.legOut = LEG_EXTERNAL;
      } else {
        c.legOut = leg(c.clientNode, podNode, LEG_SAME_NODE);
        c.crossZone = !c.clientNode.node.zone().equals(podNode.node.zone());
      }
      linkToPod(c);
    }
    c.open = true;
    if (c.traced) {
      tracer.direct(c, e);
    }
    sendRequest(c);
  }

  private void linkToPod(Connection c) {
    PodState p = c.pod;
    if (p == null) {
      return;
    }
    c.podNext = p.connectionsHead;
    if (p.connectionsHead != null) {
      p.connectionsHead.podPrev = c;
    }
    p.connectionsHead = c;
  }

  private void unlink(Connection c) {
    PodState p = c.pod;
    if (p != null) {
      if (c.podPrev != null) {
        c.podPrev.podNext = c.podNext;
      } else if (p.connectionsHead == c) {
        p.connectionsHead = c.podNext;
      }
      if (c.podNext != null) {
        c.podNext.podPrev = c.podPrev;
      }
    }
    NodeState n = c.entryNode;
    if (n != null && (c.nodePrev != null || n.forwardedHead == c)) {
      if (c.nodePrev != null) {
        c.nodePrev.nodeNext = c.nodeNext;
      } else {
        n.forwardedHead = c.nodeNext;
      }
      if (c.nodeNext != null) {
        c.nodeNext.nodePrev = c.nodePrev;
      }
    }
    if (c.entryNode != null && c.endpoint != null && c.path != EntryPath.DNS) {
      c.entryNode.proxy.closed(c);
    }
    if (c.loadBalancer != null) {
      c.loadBalancer.closed(c);
    }
  }

  private long sampleLeg(int leg) {
    return leg == LEG_NONE ? 0L : legs[leg].sample();
  }

  private void sendRequest(Connection c) {
    c.stage = Connection.IN_TRANSIT;
    c.requestSentNanos = sim.nowNanos();
    long in = sampleLeg(c.legIn);
    long out = sampleLeg(c.legOut);
    long d = in + out + c.firstDelayNanos;
    if (c.traced) {
      tracer.request(c, in, out, c.firstDelayNanos);
    }
    c.firstDelayNanos = 0;
    c.pendingEvent = sim.schedule(d, atPodHandler, c.slot);
  }

  private void atPod(long slot) {
    Connection c = pool[(int) slot];
    c.pendingEvent = Simulation.NO_EVENT;
    PodState p = c.pod;
    if (p == null) {
      c.stage = Connection.IN_SERVICE;
      c.pendingEvent = sim.schedule(externalServiceTime.sample(), doneHandler, c.slot);
      return;
    }
    if (c.traced) {
      tracer.atPod(c, p, p.gone ? "the pod has stopped"
          : p.busy < p.concurrency ? "a worker is free: service starts at once"
          : p.queueSize >= p.queueLimit ? "every worker is busy and the queue is full: the request is rejected"
          : "every worker is busy: the request waits in the queue at position " + (p.queueSize + 1));
    }
    if (p.gone) {
      fail(c, p.node.up ? FailureReason.POD_GONE : FailureReason.NODE_DOWN);
    } else if (p.busy < p.concurrency) {
      startService(p, c);
    } else if (p.queueSize >= p.queueLimit) {
      fail(c, FailureReason.QUEUE_FULL);
    } else {
      p.enqueue(c.slot);
      c.stage = Connection.QUEUED;
    }
  }

  private void startService(PodState p, Connection c) {
    accrueBusy(p);
    p.busy++;
    c.stage = Connection.IN_SERVICE;
    long serviceNanos = p.serviceTime.sample();
    if (c.traced) {
      tracer.service(c, p, serviceNanos);
    }
    c.pendingEvent = sim.schedule(serviceNanos, doneHandler, c.slot);
  }

  private void serviceDone(long slot) {
    Connection c = pool[(int) slot];
    c.pendingEvent = Simulation.NO_EVENT;
    PodState p = c.pod;
    if (p != null) {
      accrueBusy(p);
      p.busy--;
      if (p.queueSize > 0) {
        startService(p, pool[p.dequeue()]);
      }
    }
    long back = sampleLeg(c.legOut) + sampleLeg(c.legIn);
    if (c.measured) {
      ServiceStats st = c.service.stats;
      long micros = (sim.nowNanos() + back - c.requestSentNanos) / 1000;
      st.latencyMicros.recordValue(micros);
      st.requestsCompleted++;
      if (p != null) {
        PodStats ps = podStats(p, c.service);
        ps.requests++;
        ps.latencyMicros.recordValue(micros);
      }
    }
    if (--c.requestsLeft <= 0 || draining) {
      if (c.traced) {
        tracer.response(c, back, false, 0);
      }
      close(c);
    } else {
      long think = c.source.think.sample();
      if (c.traced) {
        tracer.response(c, back, true, think);
      }
      c.stage = Connection.THINKING;
      c.pendingEvent = sim.schedule(back + think, nextRequestHandler, c.slot);
    }
  }

  private void nextRequest(long slot) {
    Connection c = pool[(int) slot];
    c.pendingEvent = Simulation.NO_EVENT;
    if (draining) {
      close(c);
    } else {
      sendRequest(c);
    }
  }

  /** A connection that ended normally. */
  private void close(Connection c) {
    if (c.traced) {
      tracer.closed(c);
    }
    if (c.measured) {
      ServiceStats st = c.service.stats;
      st.delivered++;
      st.bucketDelivered[c.bucket]++;
      int path = c.path.ordinal();
      st.pathDelivered[path]++;
      if (c.seenSourceIp == c.clientIp) {
        st.pathPreserved[path]++;
      }
      st.hops[c.hops]++;
      if (c.crossZone) {
        st.crossZone++;
      }
      if (c.entryNode != null) {
        st.nodeIngress[c.entryNode.index]++;
      }
      NodeState podNode = null;
      if (c.pod != null) {
        podNode = c.pod.node;
        PodStats ps = podStats(c.pod, c.service);
        ps.connections++;
        ps.buckets[c.bucket]++;
      } else {
        if (c.endpoint != null && c.endpoint.node != null) {
          podNode = c.endpoint.node;
        }
        String backend = c.endpoint != null ? c.endpoint.key
            : c.service.service.externalName() + ":" + (c.port.port == null ? 0 : c.port.port.port());
        st.outside.computeIfAbsent(backend, k -> new long[1])[0]++;
      }
      if (podNode != null) {
        st.nodePods[podNode.index]++;
        if (c.hops == 2 && c.entryNode != null && c.entryNode != podNode) {
          long[] row = st.forwarded[c.entryNode.index];
          if (row == null) {
            row = new long[st.forwarded.length];
            st.forwarded[c.entryNode.index] = row;
          }
          row[podNode.index]++;
        }
      }
    }
    unlink(c);
    release(c);
  }

  /** A connection that failed, for exactly one reason; whatever request it carried fails too. */
  void fail(Connection c, FailureReason reason) {
    if (c.traced) {
      tracer.failed(c, reason);
    }
    if (c.open) {
      sim.cancel(c.pendingEvent);
      PodState p = c.pod;
      if (p != null && !p.gone) {
        if (c.stage == Connection.QUEUED) {
          p.removeQueued(c.slot);
        } else if (c.stage == Connection.IN_SERVICE) {
          accrueBusy(p);
          p.busy--;
          if (p.queueSize > 0) {
            startService(p, pool[p.dequeue()]);
          }
        }
      }
    }
    if (c.measured) {
      ServiceStats st = c.service.stats;
      st.failedBy[reason.ordinal()]++;
      st.bucketFailed[c.bucket]++;
      if (!c.open || c.stage != Connection.THINKING) {
        st.requestsFailed++;
      }
    }
    unlink(c);
    release(c);
  }

  PodStats podStats(PodState p, ServiceState s) {
    PodStats ps = p.stats[s.index];
    if (ps == null) {
      ps = new PodStats(buckets);
      p.stats[s.index] = ps;
      s.stats.pods.add(p);
    }
    return ps;
  }

  /** Adds busy worker time inside the measured window up to now. */
  void accrueBusy(PodState p) {
    long now = Math.min(sim.nowNanos(), windowEnd);
    long from = Math.max(p.busySince, windowStart);
    if (now > from && p.busy > 0) {
      p.busyIntegral += (double) p.busy * (now - from);
    }
    p.busySince = Math.max(p.busySince, now);
  }

  // ---------------------------------------------------------------------------------------
  // Pods and nodes

  PodState addPod(Pod pod, long nowNanos) {
    NodeState n = nodesByName.get(pod.nodeName());
    LongSampler st = pod.performance().serviceTime().sampler(streams.stream("service-time/" + pod.key()));
    PodState ps = new PodState(pod, n, st, nowNanos, services.length);
    ps.busySince = nowNanos;
    pods.add(ps);
    livePods.put(pod.key(), ps);
    podsByIp.put(ps.ipBits, ps);
    n.podCount++;
    n.usedIps.add(ps.ipBits);
    if (inWindow) {
      ps.unreadyInWindow = true;
    }
    return ps;
  }

  /** A pod the kubelet starts now: Ready after its readiness delay, unless its node is down. */
  PodState startPod(Pod pod) {
    PodState ps = addPod(pod, sim.nowNanos());
    if (!ps.node.up) {
      ps.gone = true;
      ps.aliveUntil = sim.nowNanos();
    } else {
      long delay = pod.performance().readyAfterNanos();
      if (delay == 0) {
        ps.ready = true;
      } else {
        sim.schedule(delay, a -> becomeReady(ps), 0);
      }
    }
    endpointsChanged();
    return ps;
  }

  private void becomeReady(PodState p) {
    if (draining || p.gone || p.terminating || p.deleted || p.nodeLost) {
      return;
    }
    p.ready = true;
    endpointsChanged();
    controllers.podReady(p);
  }

  /** The pod stops at once: requests on it fail. It stays in the API until {@link #deletePodNow}. */
  void stopPod(PodState p, FailureReason reason) {
    if (p.gone) {
      return;
    }
    accrueBusy(p);
    p.gone = true;
    p.ready = false;
    p.busy = 0;
    p.clearQueue();
    p.aliveUntil = sim.nowNanos();
    if (inWindow) {
      p.unreadyInWindow = true;
    }
    List<Connection> open = new ArrayList<>();
    for (Connection c = p.connectionsHead; c != null; c = c.podNext) {
      open.add(c);
    }
    for (Connection c : open) {
      fail(c, reason);
    }
  }

  /** The pod leaves the API (and so every endpoint list). */
  void deletePodNow(PodState p) {
    if (p.deleted) {
      return;
    }
    stopPod(p, p.node.up ? FailureReason.POD_GONE : FailureReason.NODE_DOWN);
    p.deleted = true;
    livePods.remove(p.pod.key());
    if (podsByIp.get(p.ipBits) == p) {
      podsByIp.remove(p.ipBits);
    }
    p.node.podCount--;
    p.node.usedIps.remove(p.ipBits);
    endpointsChanged();
    controllers.podDeleted(p);
  }

  /** Graceful deletion with the pod's own grace period ({@code terminationGracePeriodSeconds}). */
  void deletePodGracefully(PodState p) {
    deletePodGracefully(p, p.pod.terminationGracePeriodNanos());
  }

  /**
   * Graceful deletion: terminating (still serving) for the grace period, then stopped and removed.
   * A grace period of 0 stops and removes it at once (at the same simulated time); one too long
   * to end in any run never ends.
   */
  void deletePodGracefully(PodState p, long graceNanos) {
    if (p.deleted || p.terminating) {
      return;
    }
    p.terminating = true;
    p.ready = false;
    if (inWindow) {
      p.unreadyInWindow = true;
    }
    endpointsChanged();
    controllers.podTerminating(p);
    if (graceNanos > Long.MAX_VALUE - sim.nowNanos()) {
      return;
    }
    sim.schedule(graceNanos, a -> {
      if (!draining) {
        deletePodNow(p);
      }
    }, 0);
  }

  void killPod(PodState p) {
    stopPod(p, FailureReason.POD_GONE);
    deletePodNow(p);
  }

  void failNode(NodeState n) {
    if (!n.up) {
      return;
    }
    n.up = false;
    n.failures++;
    int failure = n.failures;
    for (PodState p : new ArrayList<>(pods)) {
      if (p.node == n && !p.deleted) {
        stopPod(p, FailureReason.NODE_DOWN);
      }
    }
    List<Connection> through = new ArrayList<>();
    for (Connection c = n.forwardedHead; c != null; c = c.nodeNext) {
      through.add(c);
    }
    for (Connection c : through) {
      fail(c, FailureReason.NODE_DOWN);
    }
    for (ServiceState s : services) {
      if (s.loadBalancer != null) {
        s.loadBalancer.nodeFailed(n);
      }
    }
    long grace = scenario.cluster().nodeMonitorGracePeriodNanos();
    sim.schedule(grace, a -> markNodeNotReady(n, failure), 0);
  }

  private void markNodeNotReady(NodeState n, int failure) {
    if (draining || n.up || n.failures != failure) {
      return;
    }
    n.markedNotReady = true;
    for (PodState p : pods) {
      if (p.node == n && !p.deleted) {
        p.nodeLost = true;
        p.ready = false;
      }
    }
    endpointsChanged();
    sim.schedule(EVICTION_NANOS, a -> evict(n, failure), 0);
  }

  private void evict(NodeState n, int failure) {
    if (draining || n.up || n.failures != failure) {
      return;
    }
    for (PodState p : new ArrayList<>(pods)) {
      if (p.node == n && !p.deleted) {
        deletePodNow(p);
      }
    }
  }

  void recoverNode(NodeState n) {
    if (n.up) {
      return;
    }
    n.up = true;
    n.markedNotReady = false;
    for (PodState p : new ArrayList<>(pods)) {
      if (p.node == n && !p.deleted && p.gone) {
        deletePodNow(p);
      }
    }
    for (ServiceState s : services) {
      if (s.loadBalancer != null) {
        s.loadBalancer.nodeRecovered(n);
      }
    }
    controllers.nodeChanged();
  }

  /** Cordons the node and deletes its pods, each with {@code graceNanos} or its own grace period. */
  void drainNode(NodeState n, long graceNanos) {
    n.cordoned = true;
    for (PodState p : new ArrayList<>(pods)) {
      if (p.node == n && !p.deleted && !controllers.isDaemonSetPod(p)) {
        deletePodGracefully(p, grace(graceNanos, p));
      }
    }
  }

  /** An event's grace period, or the pod's own when the event gives none. */
  private static long grace(long eventGraceNanos, PodState p) {
    return eventGraceNanos == TimelineEvent.POD_GRACE_PERIOD ? p.pod.terminationGracePeriodNanos() : eventGraceNanos;
  }

  Ipv4Address allocatePodIp(NodeState n) {
    long size = n.node.podCidr().size();
    for (long tries = 0; tries < size; tries++) {
      long i = n.nextIpIndex;
      n.nextIpIndex = n.nextIpIndex + 1 >= size - 1 ? 2 : n.nextIpIndex + 1;
      Ipv4Address ip = n.node.podCidr().address(i);
      if (!n.usedIps.contains(ip.bits()) && !podsByIp.containsKey(ip.bits())) {
        return ip;
      }
    }
    return null;
  }

  NodeState node(String name) {
    return nodesByName.get(name);
  }

  /** The pod that has this address now, or null. */
  PodState podByIp(int ipBits) {
    return podsByIp.get(ipBits);
  }

  PodState livePod(String key) {
    return livePods.get(key);
  }

  List<PodState> allPods() {
    return pods;
  }

  // ---------------------------------------------------------------------------------------
  // Services and endpoints

  private PortState newPort(ServiceState s, String id, ServicePort port) {
    PortState p = new PortState(portCount++, s, id, port);
    s.ports.add(p);
    return p;
  }

  /** Matches the Service's current ports to port states (by name, or number when unnamed). */
  private void syncPorts(ServiceState s) {
    List<String> ids = new ArrayList<>();
    for (ServicePort sp : s.service.ports()) {
      String id = sp.name().isEmpty() ? Integer.toString(sp.port()) : sp.name();
      ids.add(id);
      PortState p = s.port(id);
      if (p == null) {
        newPort(s, id, sp);
      } else {
        p.port = sp;
      }
    }
    for (PortState p : s.ports) {
      if (!ids.contains(p.id)) {
        p.port = null;
      }
    }
  }

  void patchService(ServiceState s, Service after) {
    s.service = after;
    syncPorts(s);
    if (after.type() == ServiceType.LOAD_BALANCER && s.loadBalancer == null) {
      s.loadBalancer = newLoadBalancer(s);
    } else if (after.type() != ServiceType.LOAD_BALANCER && s.loadBalancer != null) {
      s.loadBalancer.stop();
      s.loadBalancer = null;
    }
    for (PortState p : s.ports) {
      p.dnsAnswer = null;
    }
    endpointsChanged();
  }

  private LoadBalancer newLoadBalancer(ServiceState s) {
    return switch (scenario.loadBalancer().provider()) {
      case CLOUD -> new CloudLoadBalancer(this, s);
      case METALLB_L2 -> new MetalLbLoadBalancer(this, s, false);
      case METALLB_BGP -> new MetalLbLoadBalancer(this, s, true);
    };
  }

  /**
   * The control plane recomputes every Service's endpoints; each port whose endpoints (or
   * Service) changed is published to the nodes' proxies after the sync delay.
   */
  void endpointsChanged() {
    long delay = scenario.cluster().kubeProxy().syncDelayNanos();
    for (ServiceState s : services) {
      for (PortState p : s.ports) {
        Endpoint[] now = computeEndpoints(s, p);
        boolean same = sameEndpoints(now, p.truth) && p.lastQueuedService == s.service && p.lastQueuedPort == p.port;
        if (same) {
          continue;
        }
        p.truth = now;
        p.lastQueuedService = s.service;
        p.lastQueuedPort = p.port;
        if (inWindow) {
          registerEndpointPods(s, now);
        }
        pendingPublishes.add(new Object[] {p, s.service, p.port, now});
        sim.schedule(delay, publishHandler, 0);
      }
    }
  }

  private void publish() {
    Object[] u = pendingPublishes.poll();
    if (u == null || draining) {
      return;
    }
    PortState p = (PortState) u[0];
    p.publishedService = (Service) u[1];
    p.publishedPort = (ServicePort) u[2];
    p.published = (Endpoint[]) u[3];
    p.version++;
    if (p.service.loadBalancer != null) {
      p.service.loadBalancer.changed();
    }
  }

  private void registerEndpointPods(ServiceState s, Endpoint[] endpoints) {
    for (Endpoint e : endpoints) {
      if (e.pod != null) {
        podStats(e.pod, s);
      }
    }
  }

  private static boolean sameEndpoints(Endpoint[] a, Endpoint[] b) {
    if (a.length != b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      Endpoint x = a[i];
      Endpoint y = b[i];
      if (x.pod != y.pod || !x.key.equals(y.key) || x.ready != y.ready || x.serving != y.serving
          || x.terminating != y.terminating) {
        return false;
      }
    }
    return true;
  }

  /**
   * The endpoints of one Service port, as the EndpointSlice controller writes them, sorted by
   * {@code ip:port} as kube-proxy sorts them.
   */
  Endpoint[] computeEndpoints(ServiceState s, PortState p) {
    Service svc = s.service;
    ServicePort sp = p.port;
    if (sp == null || svc.type() == ServiceType.EXTERNAL_NAME) {
      return new Endpoint[0];
    }
    List<Endpoint> out = new ArrayList<>();
    if (svc.selector() == null) {
      for (ManualEndpoints m : scenario.manualEndpoints()) {
        if (!m.serviceKey().equals(svc.key())) {
          continue;
        }
        for (ManualEndpoints.Group g : m.groups()) {
          for (EndpointPort ep : g.ports()) {
            if (!ep.name().equals(sp.name()) || ep.protocol() != sp.protocol()) {
              continue;
            }
            for (EndpointAddress a : g.addresses()) {
              PodState pod = podsByIp.get(a.ip().bits());
              NodeState node = a.nodeName().isEmpty() ? null : nodesByName.get(a.nodeName());
              String zone = !a.zone().isEmpty() ? a.zone() : node != null ? node.node.zone() : "";
              out.add(new Endpoint(a.ip(), ep.port(), node, zone, a.ready(), a.serving(), a.terminating(), pod));
            }
          }
        }
      }
    } else {
      for (PodState ps : pods) {
        Pod pod = ps.pod;
        if (ps.deleted || !pod.namespace().equals(svc.namespace()) || !pod.matches(svc.selector())) {
          continue;
        }
        OptionalInt port = sp.targetPort().resolve(pod.ports(), sp.protocol());
        if (port.isEmpty()) {
          continue;
        }
        boolean podReady = ps.ready && !ps.nodeLost;
        boolean ready = svc.publishNotReadyAddresses() || (podReady && !ps.terminating);
        boolean serving = ps.terminating ? !ps.gone && !ps.nodeLost : podReady;
        out.add(new Endpoint(pod.ip(), port.getAsInt(), ps.node, ps.node.node.zone(), ready, serving,
            ps.terminating, ps));
      }
    }
    out.sort(Comparator.comparing(e -> e.key));
    return out.toArray(new Endpoint[0]);
  }

  // ---------------------------------------------------------------------------------------
  // The timeline

  private void apply(TimelineEvent event) {
    if (draining) {
      return;
    }
    TimelineEvent.Action a = event.action();
    marks.add(new RunResult.TimelineMark(sim.nowNanos() - windowStart, a.word(), target(a)));
    if (a instanceof TimelineEvent.DeletePod d) {
      PodState p = livePods.get(d.namespace() + "/" + d.name());
      if (p == null) {
        warnings.add(at() + "deletePod " + target(a) + ": no such pod at that time");
      } else {
        deletePodGracefully(p, grace(d.gracePeriodNanos(), p));
      }
    } else if (a instanceof TimelineEvent.KillPod k) {
      PodState p = livePods.get(k.namespace() + "/" + k.name());
      if (p == null) {
        warnings.add(at() + "killPod " + target(a) + ": no such pod at that time");
      } else {
        killPod(p);
      }
    } else if (a instanceof TimelineEvent.Scale sc) {
      controllers.scale(sc.workloadRef(), sc.replicas());
    } else if (a instanceof TimelineEvent.Rollout r) {
      controllers.rollout(r.workloadRef(), r.maxSurge(), r.maxUnavailable());
    } else if (a instanceof TimelineEvent.FailNode f) {
      failNode(nodesByName.get(f.node()));
    } else if (a instanceof TimelineEvent.RecoverNode r) {
      recoverNode(nodesByName.get(r.node()));
    } else if (a instanceof TimelineEvent.DrainNode d) {
      drainNode(nodesByName.get(d.node()), d.gracePeriodNanos());
    } else if (a instanceof TimelineEvent.PatchService ps) {
      patchService(servicesByKey.get(ps.after().key()), ps.after());
    } else if (a instanceof TimelineEvent.PatchWorkload pw) {
      controllers.patch(pw.after());
    } else if (a instanceof TimelineEvent.SetRate r) {
      setRate(generatorsByName.get(r.traffic()), r.ratePerSecond());
    }
  }

  /** What an action acts on, as the scenario names it, e.g. {@code node/node-b}. */
  static String target(TimelineEvent.Action a) {
    if (a instanceof TimelineEvent.DeletePod d) {
      return "pod/" + d.namespace() + "/" + d.name();
    } else if (a instanceof TimelineEvent.KillPod k) {
      return "pod/" + k.namespace() + "/" + k.name();
    } else if (a instanceof TimelineEvent.Scale s) {
      return s.workloadRef();
    } else if (a instanceof TimelineEvent.Rollout r) {
      return r.workloadRef();
    } else if (a instanceof TimelineEvent.FailNode f) {
      return "node/" + f.node();
    } else if (a instanceof TimelineEvent.RecoverNode r) {
      return "node/" + r.node();
    } else if (a instanceof TimelineEvent.DrainNode d) {
      return "node/" + d.node();
    } else if (a instanceof TimelineEvent.PatchService p) {
      return "service/" + p.after().key();
    } else if (a instanceof TimelineEvent.PatchWorkload p) {
      return p.after().ref();
    } else if (a instanceof TimelineEvent.SetRate r) {
      return "traffic/" + r.traffic();
    }
    return a.word();
  }

  /** "at 20s: ", for warnings. */
  String at() {
    return "at " + dev.svcsim.engine.units.Durations.format(sim.nowNanos()) + ": ";
  }

  // ---------------------------------------------------------------------------------------
  // What results need

  int buckets() {
    return buckets;
  }

  long connectionsSimulated() {
    return connectionsSimulated;
  }

  TrafficGenerator[] generators() {
    return generators;
  }
}
