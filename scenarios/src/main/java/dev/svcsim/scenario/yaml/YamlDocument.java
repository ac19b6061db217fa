package dev.svcsim.scenario.yaml;

import java.util.Objects;

/**
 * One document of a YAML stream: its root node and its position in the file (0 for the first
 * document, counting the empty ones too, as {@code kubectl} does not).
 */
public record YamlDocument(String file, int index, YamlNode root) {
  public YamlDocument {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(root, "root");
  }
}
