package dev.svcsim.models.result;

/**
 * Why a connection failed: exactly one reason per failed connection. The first seven are the
 * {@code failedBy} keys of the report contract; the rest are svcsim's additions.
 */
public enum FailureReason {
  /** The Service had no usable endpoint at all: kube-proxy REJECTs, the client fails fast. */
  NO_ENDPOINTS("noEndpoints"),
  /**
   * A Local traffic policy and no local endpoint on the node: iptables and nftables DROP, the
   * client waits for its connect timeout.
   */
  NO_LOCAL_ENDPOINTS("noLocalEndpoints"),
  /** The node the connection entered through, or the pod's node, had failed. */
  NODE_DOWN("nodeDown"),
  /** The load balancer had no healthy target node (or, for MetalLB, no node announcing). */
  LB_NO_HEALTHY_TARGET("lbNoHealthyTarget"),
  /** The client's address is outside the Service's {@code loadBalancerSourceRanges}. */
  SOURCE_RANGE_BLOCKED("sourceRangeBlocked"),
  /** The chosen pod was gone (stale rules), or was killed while the connection was open. */
  POD_GONE("podGone"),
  /** A request found the pod's queue full and was rejected. */
  QUEUE_FULL("queueFull"),
  /**
   * The connection was forwarded to a pod on another node without SNAT, so the pod's reply
   * bypasses the node that DNATed it, carries the pod's own address, and the client discards
   * it: the handshake never completes. IPVS: traffic from outside the node under
   * {@code externalTrafficPolicy: Local} on a node with no local endpoint (the PR 97081
   * fallback). iptables/nftables: a pod dialing another node's NodePort under
   * {@code externalTrafficPolicy: Local}, short-circuited to a pod off that node
   * (kubernetes/kubernetes#74383).
   */
  REPLY_DISCARDED("replyDiscarded"),
  /**
   * MetalLB BGP: the router's next hops changed and re-hashed the flow to another node, which has
   * no conntrack entry for it, so the connection broke.
   */
  ECMP_REHASH("ecmpRehash");

  private final String key;

  FailureReason(String key) {
    this.key = key;
  }

  /** What the client experiences when its connection fails this way, in one sentence. */
  public String clientSees() {
    return switch (this) {
      case NO_ENDPOINTS -> "kube-proxy REJECTs the first packet (ICMP port unreachable): the client gets"
          + " \"connection refused\" at once";
      case NO_LOCAL_ENDPOINTS -> "the first packet is DROPped: nothing answers, the client retransmits its SYN"
          + " and gives up at its connect timeout";
      case NODE_DOWN -> "the node does not answer: a new connection times out, an open one stalls until the"
          + " client's timeout";
      case LB_NO_HEALTHY_TARGET -> "the load balancer has no node to send it to: the connection times out"
          + " or is reset by the load balancer";
      case SOURCE_RANGE_BLOCKED -> "the client is outside loadBalancerSourceRanges: the packet is DROPped and"
          + " the client times out";
      case POD_GONE -> "the pod is gone: the connection is refused or reset";
      case QUEUE_FULL -> "the pod is overloaded and rejects the request (an HTTP 503 or a reset)";
      case REPLY_DISCARDED -> "the reply comes from the pod's own address, not the one the client dialed, so"
          + " the client discards it: the handshake never completes and the client times out";
      case ECMP_REHASH -> "the router re-hashes the flow to another node, which has no conntrack entry for"
          + " it and resets the connection";
    };
  }

  /** The report's key, e.g. {@code noLocalEndpoints}. */
  public String key() {
    return key;
  }
}
