package dev.svcsim.models.dataplane;

import java.util.HashMap;

/**
 * ClientIP session affinity state of one node for one Service port, as iptables' {@code recent}
 * lists (one list per endpoint, named after its SEP chain) and nftables' per-endpoint
 * {@code affinity-*} sets keep it: for each client address, the endpoints it was sent to and
 * when. A rule matches when the client was seen on that endpoint within the timeout; the rules
 * are checked in the endpoint order, so the first matching endpoint of the current list wins.
 * The timestamp is refreshed only when a new connection is sent to the endpoint.
 */
final class AffinityTable {

  private final long timeoutNanos;
  /**
   * nftables: a set element is expired once {@code now >= expiration} (nf_tables.h
   * {@code __nft_set_elem_expired}), so exactly T seconds is too old; iptables' {@code recent}
   * still matches a client seen exactly T seconds ago.
   */
  private final boolean expiresAtTimeout;
  private final HashMap<Integer, Seen> byClient = new HashMap<>();

  private static final class Seen {
    final String endpointKey;
    long atNanos;
    Seen next;

    Seen(String endpointKey, long atNanos, Seen next) {
      this.endpointKey = endpointKey;
      this.atNanos = atNanos;
      this.next = next;
    }
  }

  AffinityTable(long timeoutNanos, boolean expiresAtTimeout) {
    this.timeoutNanos = timeoutNanos;
    this.expiresAtTimeout = expiresAtTimeout;
  }

  long timeoutNanos() {
    return timeoutNanos;
  }

  /**
   * The first endpoint of {@code list} (in list order) this client was sent to within the
   * timeout, or null. Stale entries are reaped on the way ({@code --reap}).
   */
  Endpoint lookup(int clientIp, Endpoint[] list, long nowNanos) {
    Seen head = byClient.get(clientIp);
    Seen prev = null;
    int best = Integer.MAX_VALUE;
    for (Seen s = head; s != null; s = s.next) {
      long age = nowNanos - s.atNanos;
      if (age > timeoutNanos || expiresAtTimeout && age == timeoutNanos) {
        if (prev == null) {
          head = s.next;
        } else {
          prev.next = s.next;
        }
        continue;
      }
      prev = s;
      for (int i = 0; i < list.length && i < best; i++) {
        if (list[i].key.equals(s.endpointKey)) {
          best = i;
          break;
        }
      }
    }
    if (head == null) {
      byClient.remove(clientIp);
    } else {
      byClient.put(clientIp, head);
    }
    return best == Integer.MAX_VALUE ? null : list[best];
  }

  /** Records that a new connection from this client went to this endpoint now. */
  void set(int clientIp, Endpoint e, long nowNanos) {
    Seen head = byClient.get(clientIp);
    for (Seen s = head; s != null; s = s.next) {
      if (s.endpointKey.equals(e.key)) {
        s.atNanos = nowNanos;
        return;
      }
    }
    byClient.put(clientIp, new Seen(e.key, nowNanos, head));
  }

  /** Forgets this client's entry for the endpoint (userspace resets affinity on a failed dial). */
  void forget(int clientIp) {
    byClient.remove(clientIp);
  }
}
