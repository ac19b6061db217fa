package dev.svcsim.models.scenario;

/** The IPVS scheduler kube-proxy configures in ipvs mode ({@code --ipvs-scheduler}). */
public enum IpvsScheduler {
  RR,
  WRR,
  LC,
  WLC,
  SH,
  DH,
  SED,
  NQ,
  MH;

  public String word() {
    return Named.word(this);
  }
}
