package dev.svcsim.models.service;

/** {@code spec.sessionAffinity}. */
public enum SessionAffinity {
  NONE("None"),
  CLIENT_IP("ClientIP");

  private final String value;

  SessionAffinity(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }

  public static SessionAffinity fromValue(String s) {
    return "None".equals(s) ? NONE : "ClientIP".equals(s) ? CLIENT_IP : null;
  }
}
