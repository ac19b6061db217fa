package dev.svcsim.models.cluster;

/** A transport protocol of a container port or a Service port. */
public enum Protocol {
  TCP,
  UDP,
  SCTP
}
