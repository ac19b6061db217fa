package dev.svcsim.models.cluster;

/** A transport protocol of a container port or a Service port. */
public enum Protocol {
  TCP,
  UDP,
  SCTP;

  /** The protocol for an API value ({@code TCP}, {@code UDP}, {@code SCTP}), or null. */
  public static Protocol fromValue(String s) {
    for (Protocol p : values()) {
      if (p.name().equals(s)) {
        return p;
      }
    }
    return null;
  }
}
