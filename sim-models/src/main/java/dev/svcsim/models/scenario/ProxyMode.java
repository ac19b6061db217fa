package dev.svcsim.models.scenario;

/** The kube-proxy mode every node runs. */
public enum ProxyMode {
  IPTABLES,
  IPVS,
  NFTABLES,
  USERSPACE;

  /** The scenario spelling, e.g. {@code iptables}. */
  public String word() {
    return Named.word(this);
  }
}
