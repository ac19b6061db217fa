package dev.svcsim.scenario.sweep;

import dev.svcsim.scenario.load.LoadResult;
import dev.svcsim.scenario.load.ScenarioLoader;
import dev.svcsim.scenario.load.SetOverride;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The scenario a sweep varies, read from its file once: every point and replication loads these
 * bytes, so a file edited while a sweep runs cannot mix two versions into one sweep's results.
 * Manifest files it names ({@code spec.manifests}) are read at each load, as svcsim run does.
 */
public final class ScenarioSource {

  private final String display;
  private final byte[] bytes;
  private final Path baseDir;

  /**
   * @param display the scenario file as messages name it
   * @param bytes its content
   * @param baseDir the folder {@code spec.manifests} paths are relative to
   */
  public ScenarioSource(String display, byte[] bytes, Path baseDir) {
    this.display = Objects.requireNonNull(display, "display");
    this.bytes = bytes.clone();
    this.baseDir = Objects.requireNonNull(baseDir, "baseDir");
  }

  /** The scenario file as messages name it, e.g. {@code examples/sweeps/../base.yaml} normalised. */
  public String display() {
    return display;
  }

  /** The file's content, as read when the sweep was loaded. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The folder of the scenario file. */
  public Path baseDir() {
    return baseDir;
  }

  /** Loads the scenario with {@code overrides} applied, as {@link ScenarioLoader#load(Path, List)}. */
  public LoadResult load(List<SetOverride> overrides) {
    return new ScenarioLoader().load(display, bytes, baseDir, overrides);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScenarioSource s && display.equals(s.display) && Arrays.equals(bytes, s.bytes)
        && baseDir.equals(s.baseDir);
  }

  @Override
  public int hashCode() {
    return display.hashCode() * 31 + Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return display;
  }
}
