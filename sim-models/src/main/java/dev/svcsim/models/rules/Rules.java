package dev.svcsim.models.rules;

/** The rules of a node in the form its kube-proxy mode programs them. */
public final class Rules {

  private Rules() {}

  /**
   * iptables: {@link IptablesRules}; nftables: {@link NftablesRules}; ipvs: {@link IpvsRules};
   * userspace: {@link UserspaceRules}.
   */
  public static String render(NodeView node) {
    return switch (node.kubeProxy().mode()) {
      case IPTABLES -> IptablesRules.render(node);
      case NFTABLES -> NftablesRules.render(node);
      case IPVS -> IpvsRules.render(node);
      case USERSPACE -> UserspaceRules.render(node);
    };
  }
}
