package dev.svcsim.models.scenario;

import dev.svcsim.models.cluster.WorkloadKind;
import dev.svcsim.models.net.Ipv4Cidr;
import java.util.Objects;

/** Where a traffic source's connections come from. */
public sealed interface Origin {

  /** Clients outside the cluster, {@code clients} distinct IPs drawn from {@code clientCidr}. */
  record External(int clients, Ipv4Cidr clientCidr) implements Origin {
    public External {
      Objects.requireNonNull(clientCidr, "clientCidr");
      if (clients < 1) {
        throw new IllegalArgumentException("clients must be at least 1");
      }
    }
  }

  /** One pod. */
  record FromPod(String namespace, String name) implements Origin {}

  /** Every pod of a workload, each equally often. */
  record FromWorkload(WorkloadKind kind, String namespace, String name) implements Origin {}

  /** A node's own network namespace (its kubelet, hostNetwork pods). */
  record FromNode(String name) implements Origin {}
}
