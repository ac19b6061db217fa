package dev.svcsim.scenario.sweep;

import dev.svcsim.models.scenario.Expectation;
import dev.svcsim.scenario.Problems;
import dev.svcsim.scenario.yaml.YamlDocument;
import dev.svcsim.scenario.yaml.YamlMap;
import dev.svcsim.scenario.yaml.YamlNode;
import dev.svcsim.scenario.yaml.YamlReader;
import dev.svcsim.scenario.yaml.YamlScalar;
import dev.svcsim.scenario.yaml.YamlSeq;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What a sweep's results depend on, as one SHA-256 (hex): the sweep as loaded (name, seed,
 * replications, how points combine, every parameter with its values, the metrics and the
 * expectations: not the file's comments or layout) and the bytes of the scenario file and of the
 * manifest files its {@code spec.manifests} names. Every point file and the folder's
 * {@code sweep.json} carry it, so that a folder's finished points are never mixed with another
 * sweep's, or with this sweep's after its file or its scenario changed.
 */
public final class Fingerprint {

  private Fingerprint() {}

  /** The fingerprint of a loaded sweep. */
  public static String of(Sweep sweep) {
    return HexFormat.of().formatHex(Seeds.sha256(canonical(sweep)));
  }

  /** The text that is hashed. */
  static String canonical(Sweep sweep) {
    StringBuilder b = new StringBuilder("svcsim-sweep-fingerprint-v1\n");
    line(b, "name", sweep.name());
    line(b, "seed", Long.toString(sweep.seed()));
    line(b, "replications", Integer.toString(sweep.replications()));
    line(b, "combine", sweep.combine().word());
    for (Sweep.Parameter p : sweep.parameters()) {
      line(b, "parameter", p.path());
      for (Sweep.Value v : p.values()) {
        String type = v.node() instanceof YamlScalar s ? s.type().name().toLowerCase(Locale.ROOT)
            : v.node() instanceof YamlSeq ? "list" : "mapping";
        line(b, "value", type + " " + v.text());
      }
    }
    for (String m : sweep.metrics()) {
      line(b, "metric", m);
    }
    for (Expectation e : sweep.expectations()) {
      line(b, "expectation", e.name());
      line(b, "check", e.metric() + " " + e.op().symbol() + " " + e.value() + " +/- " + e.tolerance());
    }
    ScenarioSource scenario = sweep.scenario();
    line(b, "scenario", hex(scenario.bytes()));
    for (Path f : manifestFiles(scenario)) {
      String name = scenario.baseDir().relativize(f).toString();
      try {
        line(b, "manifests " + name, hex(Files.readAllBytes(f)));
      } catch (IOException e) {
        line(b, "manifests " + name, "unreadable");
      }
    }
    return b.toString();
  }

  private static void line(StringBuilder b, String key, String value) {
    b.append(key).append(' ').append(value.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(Seeds.sha256(bytes));
  }

  /**
   * The files the scenario's {@code spec.manifests} names, as the loader finds them: a file as
   * it is, a folder's {@code *.yaml} and {@code *.yml} files by name. (The loader has already
   * reported any it could not read.)
   */
  static List<Path> manifestFiles(ScenarioSource scenario) {
    List<YamlDocument> docs = new YamlReader().read(scenario.display(), scenario.bytes(), new Problems());
    List<Path> out = new ArrayList<>();
    for (YamlDocument d : docs) {
      if (!(d.root() instanceof YamlMap m) || !(m.get("kind") instanceof YamlScalar k) || !k.text().equals("Scenario")
          || !(m.get("spec") instanceof YamlMap spec) || !(spec.get("manifests") instanceof YamlSeq list)) {
        continue;
      }
      for (YamlNode item : list.items()) {
        if (!(item instanceof YamlScalar s) || s.isNull()) {
          continue;
        }
        Path p;
        try {
          p = scenario.baseDir().resolve(s.text());
        } catch (InvalidPathException e) {
          continue;
        }
        if (Files.isDirectory(p)) {
          try (Stream<Path> files = Files.list(p)) {
            files.filter(f -> {
                  String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                  return (n.endsWith(".yaml") || n.endsWith(".yml")) && Files.isRegularFile(f);
                })
                .sorted(Comparator.comparing(f -> f.getFileName().toString()))
                .forEach(out::add);
          } catch (IOException e) {
            // the loader reported it
          }
        } else if (Files.isRegularFile(p)) {
          out.add(p);
        }
      }
    }
    return out;
  }
}
