package dev.svcsim.models.dataplane;

import dev.svcsim.models.result.FailureReason;
import dev.svcsim.models.scenario.EntryPath;
import dev.svcsim.models.service.Service;
import dev.svcsim.models.service.SessionAffinity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * The legacy userspace mode (removed in Kubernetes v1.26; pkg/proxy/userspace before then).
 * Every ClusterIP, NodePort, LB IP and externalIP is redirected to a socket of kube-proxy on the
 * node, which accepts the client's connection and dials the pod itself: the pod always sees the
 * node's address, and each connection pays {@code userspaceProxyOverhead}.
 *
 * <p>Picking ({@code LoadBalancerRR}): per node and Service port, round robin over the Ready
 * endpoints, shuffled and restarted from the first whenever the endpoints change. ClientIP
 * affinity returns the client's last endpoint while fewer than timeout seconds (whole seconds)
 * have passed since it was last used. A dial that fails (the pod is gone; the rules were stale)
 * costs its timeout (250 ms, 500 ms, 1 s, 2 s) and the next endpoint is tried, up to four times.
 * This mode predates traffic policies and topology: internalTrafficPolicy,
 * externalTrafficPolicy Local and PreferClose are ignored, and terminating endpoints are never
 * used.
 */
final class UserspaceProxy extends KubeProxy {

  /** {@code endpointDialTimeout} in pkg/proxy/userspace/proxysocket.go. */
  static final long[] DIAL_TIMEOUTS_NANOS = {250_000_000L, 500_000_000L, 1_000_000_000L, 2_000_000_000L};

  private static final class Balancer {
    int version = -1;
    Endpoint[] endpoints;
    int index;
    final HashMap<Integer, Object[]> affinity = new HashMap<>();
  }

  private final HashMap<Integer, Balancer> balancers = new HashMap<>();

  UserspaceProxy(DataPlaneRun run, NodeState node) {
    super(run, node);
  }

  @Override
  FailureReason connect(Connection c, PortState p, EntryPath kind) {
    // the userspace proxier never implemented loadBalancerSourceRanges: only "is it proxied"
    if (!proxied(p)) {
      return traced(c, p, kind, choice.refuse(FailureReason.NO_ENDPOINTS), null, false, "", FailureReason.NO_ENDPOINTS);
    }
    Service s = p.publishedService;
    Balancer b = balancer(p);
    if (b.endpoints.length == 0) {
      return traced(c, p, kind, choice.refuse(FailureReason.NO_ENDPOINTS), null, false, "", FailureReason.NO_ENDPOINTS);
    }
    Choice ch = choice.set(b.endpoints, "round robin over the Ready endpoints (shuffled when they change; traffic policies do not apply)",
        true, "the user-space proxy accepts the connection and dials the pod itself from the node's address");
    StringBuilder note = c.traced ? new StringBuilder() : null;
    long now = run.sim.nowNanos();
    boolean sticky = s.sessionAffinity() == SessionAffinity.CLIENT_IP;
    long penalty = run.userspaceOverhead.sample();
    FailureReason last = null;
    for (int attempt = 0; attempt < DIAL_TIMEOUTS_NANOS.length; attempt++) {
      Endpoint e = null;
      if (sticky) {
        Object[] a = b.affinity.get(c.clientIp);
        if (a != null && (now - (Long) a[1]) / 1_000_000_000L < s.affinityTimeoutSeconds()) {
          for (Endpoint x : b.endpoints) {
            if (x.key.equals(((Endpoint) a[0]).key)) {
              e = x;
              break;
            }
          }
        }
      }
      if (e == null) {
        if (note != null) {
          note.append(note.length() == 0 ? "" : "; ").append("round robin position ").append(b.index + 1)
              .append(" of ").append(b.endpoints.length).append(": ").append(b.endpoints[b.index].key);
        }
        e = b.endpoints[b.index];
        b.index = (b.index + 1) % b.endpoints.length;
      } else if (note != null) {
        note.append(note.length() == 0 ? "" : "; ").append("session affinity: this client used ").append(e.key)
            .append(" less than ").append(s.affinityTimeoutSeconds()).append(" s ago");
      }
      if (sticky) {
        b.affinity.put(c.clientIp, new Object[] {e, now});
      }
      last = run.dialFailure(e);
      if (last == null) {
        c.endpoint = e;
        c.seenSourceIp = node.ipBits;
        c.firstDelayNanos += penalty;
        if (note != null) {
          pickNote = note.append("; the proxy's own work adds ").append(penalty / 1000).append(" µs before the first request").toString();
        }
        return traced(c, p, kind, ch, e, true, ch.masqueradeWhy(), null);
      }
      if (note != null) {
        note.append(" (the dial fails: ").append(last.key()).append("; after its ")
            .append(DIAL_TIMEOUTS_NANOS[attempt] / 1_000_000).append(" ms timeout the next endpoint is tried)");
      }
      penalty += DIAL_TIMEOUTS_NANOS[attempt];
      if (sticky) {
        b.affinity.remove(c.clientIp);
      }
    }
    if (note != null) {
      pickNote = note.append("; four dials failed, the proxy gives up").toString();
    }
    return traced(c, p, kind, ch, null, true, ch.masqueradeWhy(), last);
  }

  private Balancer balancer(PortState p) {
    Balancer b = balancers.computeIfAbsent(p.index, k -> new Balancer());
    if (b.version != p.version) {
      List<Endpoint> ready = new ArrayList<>();
      for (Endpoint e : p.published) {
        if (e.ready) {
          ready.add(e);
        }
      }
      boolean same = b.endpoints != null && b.endpoints.length == ready.size();
      if (same) {
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (Endpoint e : b.endpoints) {
          keys.add(e.key);
        }
        for (Endpoint e : ready) {
          same &= keys.contains(e.key);
        }
      }
      if (!same) {
        Endpoint[] list = ready.toArray(new Endpoint[0]);
        for (int i = list.length - 1; i > 0; i--) {
          int j = rng.nextInt(i + 1);
          Endpoint t = list[i];
          list[i] = list[j];
          list[j] = t;
        }
        b.endpoints = list;
        b.index = 0;
        b.affinity.values().removeIf(a -> !contains(list, (Endpoint) a[0]));
      } else {
        Endpoint[] list = b.endpoints.clone();
        for (int i = 0; i < list.length; i++) {
          for (Endpoint e : ready) {
            if (e.key.equals(list[i].key)) {
              list[i] = e;
            }
          }
        }
        b.endpoints = list;
      }
      b.version = p.version;
    }
    return b;
  }

  private static boolean contains(Endpoint[] list, Endpoint e) {
    for (Endpoint x : list) {
      if (x.key.equals(e.key)) {
        return true;
      }
    }
    return false;
  }
}
