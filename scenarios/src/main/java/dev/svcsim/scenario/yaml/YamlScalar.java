package dev.svcsim.scenario.yaml;

import java.util.Objects;

/**
 * A scalar, with its text as written and its YAML type as the YAML 1.1 core schema resolves it
 * (so {@code "80"} is a string and {@code 80} is an integer, as in Kubernetes).
 */
public record YamlScalar(Location location, String text, Type type) implements YamlNode {

  /** The resolved type of a scalar. */
  public enum Type {
    STRING("a string"),
    INTEGER("an integer"),
    FLOAT("a number"),
    BOOLEAN("a boolean"),
    NULL("null");

    private final String words;

    Type(String words) {
      this.words = words;
    }

    /** The type in the words used in error messages. */
    public String words() {
      return words;
    }
  }

  public YamlScalar {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(type, "type");
  }

  /** A scalar made by svcsim (for example a {@code --set} value) at the given location. */
  public static YamlScalar string(Location location, String text) {
    return new YamlScalar(location, text, Type.STRING);
  }

  public boolean isNull() {
    return type == Type.NULL;
  }

  @Override
  public String describe() {
    return type == Type.STRING ? "the string " + quote(text) : type.words() + " (" + text + ")";
  }

  /** Double-quotes a text for messages, escaping quotes, backslashes and control characters. */
  public static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        case '\r' -> b.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
