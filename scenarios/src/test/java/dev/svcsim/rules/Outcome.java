package dev.svcsim.rules;

import java.util.List;

/**
 * One way a node's rules can handle a packet: one branch of every random or affinity choice.
 *
 * @param destination where the connection goes, {@code ip:port}, when it was DNATed (for
 *     userspace, the endpoint the proxy dials; for ipvs, the real server); null when it was not
 * @param masquerade whether the source is rewritten to the node's (MASQUERADE reached, or the
 *     userspace proxy dials from the node); null when the listing cannot say (ipvs: its iptables
 *     part is not printed)
 * @param marked whether the packet got the masquerade mark ({@code KUBE-MARK-MASQ},
 *     {@code mark-for-masquerade}) on the way
 * @param verdict what the filter (or IPVS) did with it
 * @param trace the chains and choices on the way, for messages
 */
public record Outcome(String destination, Boolean masquerade, boolean marked, Verdict verdict,
    List<String> trace) {

  /** The packet's fate. */
  public enum Verdict {
    /** Let through (to its DNAT destination, or unchanged). */
    ACCEPT,
    /** Silently dropped: the client times out. */
    DROP,
    /** Rejected: the client gets ICMP port unreachable (connection refused). */
    REJECT
  }

  public Outcome {
    trace = List.copyOf(trace);
  }

  /** Accepted and sent to an endpoint. */
  public boolean delivered() {
    return verdict == Verdict.ACCEPT && destination != null;
  }

  @Override
  public String toString() {
    return verdict + (destination == null ? "" : " " + destination)
        + (masquerade == null ? "" : masquerade ? " masq" : " no-masq") + " via " + String.join(" > ", trace);
  }
}
