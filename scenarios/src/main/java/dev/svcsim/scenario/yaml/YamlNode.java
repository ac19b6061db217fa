package dev.svcsim.scenario.yaml;

/**
 * One node of a parsed YAML document, immutable, carrying the location it was read from.
 *
 * <p>The tree keeps what svcsim needs to bind it strictly and to report problems precisely:
 * mapping order and the location of every key and value, and for scalars whether the YAML was a
 * quoted string, a plain number, a boolean or a null.
 */
public sealed interface YamlNode permits YamlMap, YamlSeq, YamlScalar {

  /** Where the node starts. */
  Location location();

  /** What the node is, in the words used in error messages: "a mapping", "a list", "a string". */
  String describe();
}
