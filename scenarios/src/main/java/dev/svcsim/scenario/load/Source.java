package dev.svcsim.scenario.load;

import dev.svcsim.scenario.Problems;
import dev.svcsim.scenario.yaml.Location;
import dev.svcsim.scenario.yaml.YamlMap;
import dev.svcsim.scenario.yaml.YamlPath;

/**
 * The YAML a spec record was bound from, so that validation can point problems at the exact
 * file, line and column of any field path.
 */
record Source(YamlMap root) {

  /** The location of a field path such as {@code spec.ports[1].name} (or its nearest parent). */
  Location at(String path) {
    try {
      return YamlPath.parse(path).locate(root);
    } catch (IllegalArgumentException e) {
      return root.location();
    }
  }

  void error(Problems problems, String path, String message) {
    problems.error(at(path), path, message);
  }

  void warning(Problems problems, String path, String message) {
    problems.warning(at(path), path, message);
  }
}
