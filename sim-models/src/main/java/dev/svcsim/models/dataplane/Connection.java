package dev.svcsim.models.dataplane;

import dev.svcsim.models.scenario.EntryPath;

/**
 * One connection (one conntrack entry) from its first packet to its close. Connections are
 * pooled: a slot is reused once its connection has ended, so memory follows the number of open
 * connections, not the length of the run. Engine events carry the slot number.
 */
final class Connection {

  static final int IN_TRANSIT = 1;
  static final int QUEUED = 2;
  static final int IN_SERVICE = 3;
  static final int THINKING = 4;

  final int slot;
  boolean open;
  /** Followed step by step for {@code svcsim explain}. */
  boolean traced;

  TrafficGenerator source;
  ServiceState service;
  PortState port;
  boolean measured;
  int bucket;

  /** What the client is: one of the {@code CLIENT_*} constants of {@link TrafficGenerator}. */
  int clientKind;
  int clientIp;
  int clientPort;
  /** The client's node (pods and nodes as clients), else null. */
  NodeState clientNode;
  /** Which externalIP or LB IP the client dialed. */
  int vipIndex;

  EntryPath path;
  /** The node whose rules handled the connection (null when it went straight to a pod). */
  NodeState entryNode;
  Endpoint endpoint;
  PodState pod;
  /** The source address the pod sees. */
  int seenSourceIp;
  int hops;
  boolean crossZone;
  /** Latency classes of the two legs: client to entry node, entry node to pod. */
  int legIn;
  int legOut;
  /** Extra delay before the first request (userspace proxy overhead, failed dials). */
  long firstDelayNanos;

  int requestsLeft;
  int stage;
  long requestSentNanos;
  long pendingEvent;

  /** IPVS: the virtual server that counts this connection as active, if any. */
  IpvsProxy.VirtualServer virtualServer;
  /** MetalLB BGP: the flow hash the routers use. */
  long flowHash;
  LoadBalancer loadBalancer;

  Connection podPrev;
  Connection podNext;
  Connection nodePrev;
  Connection nodeNext;
  Connection lbPrev;
  Connection lbNext;

  Connection(int slot) {
    this.slot = slot;
  }

  void reset() {
    open = false;
    traced = false;
    source = null;
    service = null;
    port = null;
    clientNode = null;
    entryNode = null;
    endpoint = null;
    pod = null;
    firstDelayNanos = 0;
    virtualServer = null;
    loadBalancer = null;
    stage = 0;
    vipIndex = 0;
    hops = 0;
    crossZone = false;
    podPrev = podNext = nodePrev = nodeNext = lbPrev = lbNext = null;
  }
}
