package dev.svcsim.scenario.load;

import dev.svcsim.scenario.Problems;
import dev.svcsim.scenario.yaml.YamlMap;
import dev.svcsim.scenario.yaml.YamlScalar;

/**
 * The {@code metadata} of a svcsim document (a Scenario, a Sweep): a required {@code name}, a
 * DNS-1123 label as Kubernetes names are, and an optional {@code description}.
 *
 * @param name the name, or null when it is missing
 * @param valid whether the name is present and a DNS-1123 label
 * @param description the description, or ""
 */
record Metadata(String name, boolean valid, String description) {

  /** Reads {@code metadata} of {@code f} (the document's root), reporting what is wrong. */
  static Metadata bind(Fields f, YamlMap root, Problems problems, String kind, String needs) {
    Fields meta = f.object("metadata");
    if (meta == null) {
      problems.error(root.location(), "metadata", "Required value: the " + kind + " needs " + needs);
      return new Metadata(null, false, "");
    }
    String name = meta.requiredString("name");
    boolean valid = name != null;
    if (name != null) {
      String bad = Names.dns1123Label(name);
      if (bad != null) {
        meta.error("name", "Invalid value: " + YamlScalar.quote(name) + ": " + bad);
        valid = false;
      }
    }
    String description = meta.string("description", "");
    meta.ignore("labels", "annotations");
    meta.finish();
    return new Metadata(name, valid, description);
  }
}
