package dev.svcsim.scenario.load;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The Kubernetes name rules, with the API server's messages (apimachinery
 * {@code util/validation}). Each check returns null when the value is fine, else the message.
 */
final class Names {
  private Names() {}

  private static final String LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final Pattern DNS1123_LABEL = Pattern.compile(LABEL);
  private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile(LABEL + "(\\." + LABEL + ")*");
  private static final Pattern DNS1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");

  static String dns1123Label(String s) {
    if (s.length() > 63) {
      return "must be no more than 63 characters";
    }
    if (DNS1123_LABEL.matcher(s).matches()) {
      return null;
    }
    if (DNS1123_SUBDOMAIN.matcher(s).matches()) {
      return "must not contain dots";
    }
    return "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-',"
        + " and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc',"
        + " regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
  }

  static String dns1123Subdomain(String s) {
    if (s.length() > 253) {
      return "must be no more than 253 characters";
    }
    if (DNS1123_SUBDOMAIN.matcher(s).matches()) {
      return null;
    }
    return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-'"
        + " or '.', and must start and end with an alphanumeric character (e.g. 'example.com',"
        + " regex used for validation is"
        + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
  }

  static String dns1035Label(String s) {
    if (s.length() > 63) {
      return "must be no more than 63 characters";
    }
    if (DNS1035_LABEL.matcher(s).matches()) {
      return null;
    }
    return "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with"
        + " an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or"
        + " 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
  }

  /** IANA_SVC_NAME rules for a named targetPort or container port; every failed rule. */
  static List<String> portName(String s) {
    List<String> out = new ArrayList<>();
    if (s.length() > 15) {
      out.add("must be no more than 15 characters");
    }
    if (!s.matches("[-a-z0-9]+")) {
      out.add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
    }
    if (!s.matches(".*[a-z].*")) {
      out.add("must contain at least one letter (a-z)");
    }
    if (s.contains("--")) {
      out.add("must not contain consecutive hyphens");
    }
    if (s.startsWith("-") || s.endsWith("-")) {
      out.add("must not begin or end with a hyphen");
    }
    return out;
  }
}
