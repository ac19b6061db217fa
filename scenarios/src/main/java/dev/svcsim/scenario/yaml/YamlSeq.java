package dev.svcsim.scenario.yaml;

import java.util.List;
import java.util.Objects;

/** A YAML sequence (a list). */
public record YamlSeq(Location location, List<YamlNode> items) implements YamlNode {

  public YamlSeq {
    Objects.requireNonNull(location, "location");
    items = List.copyOf(items);
  }

  public int size() {
    return items.size();
  }

  public YamlNode get(int i) {
    return items.get(i);
  }

  @Override
  public String describe() {
    return "a list";
  }
}
