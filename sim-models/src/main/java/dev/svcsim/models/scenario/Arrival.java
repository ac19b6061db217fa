package dev.svcsim.models.scenario;

/** The arrival process of new connections. */
public enum Arrival {
  POISSON,
  CONSTANT;

  public String word() {
    return Named.word(this);
  }
}
