package dev.svcsim.models.scenario;

/** How Services of type LoadBalancer are realised. */
public enum LoadBalancerProvider {
  /** A cloud load balancer: equal weight per healthy node, health-checked. */
  CLOUD,
  /** MetalLB layer 2: one announcing node per VIP. */
  METALLB_L2,
  /** MetalLB BGP: ECMP over the announcing nodes. */
  METALLB_BGP;

  /** The scenario spelling, e.g. {@code metallb-l2}. */
  public String word() {
    return Named.word(this);
  }
}
